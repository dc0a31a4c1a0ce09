/**
 * The system layer of the runtime base: the libraries Node needs from Debian's packages (with
 * their symlinks and copyright files) and the minimal root filesystem.
 */
import { posix } from 'node:path';
import type { TarEntry } from '../../oci/tar.js';
import { type Arch, archNames } from './arch.js';
import { debFiles } from './deb.js';
import { cachedDownload, type LayerOptions } from './download.js';
import { danglingSymlinks, entryMap, resolvePath, withParents } from './entries.js';
import { type DebPin, debUrl } from './pin.js';
import { debPins } from './pins.js';
import { rootfsEntries } from './rootfs.js';

/** The libraries kept from the packages, by file name: glibc's loader and the libraries Node links. */
const libraries = [
  /^ld-linux-[\w-]+\.so\.\d+$/,
  /^libc\.so\.6$/,
  /^libm\.so\.6$/,
  /^libdl\.so\.2$/,
  /^libpthread\.so\.0$/,
  /^libstdc\+\+\.so\.6(\.\d+)*$/,
  /^libgcc_s\.so\.1$/,
];

const updateHint =
  'Debian removes superseded versions from its mirrors: run `node --import tsx src/package/runtime/update-pins.ts`, ' +
  'or set KXP_DEBIAN_MIRROR to a snapshot.debian.org archive that still has it';

/**
 * keepFromDeb returns which paths of a package's data archive the system layer keeps: the libraries
 * above in the loader's folders (lib, lib64, lib/<triplet>, usr/lib/<triplet>), and the package's
 * /usr/share/doc/<package> folder (or symlink) with its copyright file.
 */
export function keepFromDeb(arch: Arch, pkg: string): (path: string) => boolean {
  const { triplet } = archNames(arch);
  const dirs = new Set(['lib', 'lib64', `lib/${triplet}`, `usr/lib/${triplet}`]);
  const doc = `usr/share/doc/${pkg}`;
  return (path) =>
    path === doc ||
    path === `${doc}/copyright` ||
    (dirs.has(posix.dirname(path)) && libraries.some((name) => name.test(posix.basename(path))));
}

/**
 * systemLayer returns the entries of the system layer for an architecture: the kept files of each
 * pinned Debian package (downloaded once into the cache) and rootfsEntries(), with their folders.
 * It throws if a symlink would dangle or a package's copyright would be missing.
 */
export async function systemLayer(arch: Arch, opts: LayerOptions = {}): Promise<TarEntry[]> {
  const perPackage = await Promise.all(debPins[arch].map((pin) => packageFiles(pin, opts)));
  const entries = withParents([...perPackage.flat(), ...rootfsEntries()]);
  const files = entryMap(entries);
  const dangling = danglingSymlinks(files);
  if (dangling.length > 0) {
    throw new Error(
      `cannot assemble the ${arch} system layer: symlinks point at nothing: ${dangling.join(', ')}`,
    );
  }
  const unlicensed = debPins[arch].filter(
    (pin) => !resolvePath(files, `usr/share/doc/${pin.package}/copyright`).entry,
  );
  if (unlicensed.length > 0) {
    const names = unlicensed.map((pin) => pin.package).join(', ');
    throw new Error(`cannot assemble the ${arch} system layer: no copyright file for ${names}`);
  }
  return entries;
}

/** packageFiles returns the kept files of one pinned package, owned by root. */
async function packageFiles(pin: DebPin, opts: LayerOptions): Promise<TarEntry[]> {
  const what = `Debian package ${pin.package} ${pin.version} (${pin.arch})`;
  const deb = await cachedDownload(
    debUrl(pin),
    { algorithm: 'sha256', hex: pin.sha256 },
    { ...opts, what, notFoundHint: updateHint },
  );
  const files = await debFiles(deb, keepFromDeb(pin.arch, pin.package), `${pin.package} ${pin.version}`);
  return files.map((f) => ({ ...f, uid: 0, gid: 0 }));
}
