/**
 * The node layer of the runtime base: the official Node binary from the npm registry (stripped of
 * its debug sections) and its licence.
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { TarEntry } from '../../oci/tar.js';
import { type Arch, archNames } from './arch.js';
import { cachedDownload, fromIntegrity, type LayerOptions } from './download.js';
import { readElfHeader, stripElf } from './elf.js';
import { keptEntries, withParents } from './entries.js';
import { nodeTarballUrl } from './pin.js';
import { nodePins } from './pins.js';

/** Where the node binary lives in the image. */
export const nodePath = '/usr/local/bin/node';

/** Where Node's licence lives in the image. */
export const nodeLicensePath = '/usr/local/share/doc/node/LICENSE';

/**
 * nodeLayer returns the entries of the node layer for an architecture (the binary at nodePath, its
 * licence, their folders), from the pinned npm package, downloaded once into the cache.
 */
export async function nodeLayer(arch: Arch, opts: LayerOptions = {}): Promise<TarEntry[]> {
  const pin = nodePins[arch];
  const what = `npm package ${pin.name}@${pin.version}`;
  const url = nodeTarballUrl(pin);
  const tarball = await cachedDownload(url, fromIntegrity(pin.integrity), { ...opts, what });
  const { binary, license } = await packageFiles(tarball, `${what} (${url})`);
  const machine = readElfHeader(binary).machine;
  if (machine !== archNames(arch).elfMachine) {
    throw new Error(`cannot use ${what} for ${arch}: its binary is for ELF machine ${machine}`);
  }
  const stripped = stripElf(binary);
  opts.log?.(
    stripped.skipped
      ? `${what}: binary left as it is (${stripped.skipped})`
      : `${what}: stripped ${mb(binary.length)} to ${mb(stripped.binary.length)} (${stripped.removed.length} sections)`,
  );
  return withParents([
    { path: nodePath.slice(1), type: 'file', mode: 0o755, uid: 0, gid: 0, content: stripped.binary },
    { path: nodeLicensePath.slice(1), type: 'file', mode: 0o644, uid: 0, gid: 0, content: license },
  ]);
}

/** packageFiles returns the binary and the licence from a Node package's tarball. */
async function packageFiles(tarball: Buffer, what: string): Promise<{ binary: Buffer; license: Buffer }> {
  const wanted = new Set(['package/bin/node', 'package/LICENSE']);
  let files: TarEntry[];
  try {
    const tar = Readable.from([tarball]).pipe(createGunzip({ chunkSize: 1 << 20 }));
    files = await keptEntries(tar, (p) => wanted.has(p));
  } catch (cause) {
    throw new Error(`cannot read ${what}: ${(cause as Error).message}`, { cause });
  }
  const binary = files.find((f) => f.path === 'package/bin/node')?.content;
  const license = files.find((f) => f.path === 'package/LICENSE')?.content;
  if (!binary || !license) {
    throw new Error(`cannot read ${what}: it has no package/bin/node or package/LICENSE`);
  }
  return { binary, license };
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
