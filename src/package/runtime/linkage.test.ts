import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import type { TarEntry } from '../../oci/tar.js';
import type { Arch } from './arch.js';
import { elfDependencies } from './elf-deps.js';
import { entryMap } from './entries.js';
import { libraryDirs, unresolvedDependencies } from './linkage.js';

const hostArch: Arch | undefined =
  process.arch === 'x64' ? 'amd64' : process.arch === 'arm64' ? 'arm64' : undefined;
const haveGcc = process.platform === 'linux' && hostArch && spawnSync('gcc', ['--version']).status === 0;

/**
 * hostImage returns the files of a tiny image: a program built with gcc, the host's libc in the
 * image's library folder, the host's loader beside it and a symlink to it at the program's
 * interpreter path (as Debian's libc6 lays them out).
 */
function hostImage(arch: Arch): TarEntry[] {
  const dir = mkdtempSync(join(tmpdir(), 'kxp-linkage-'));
  let program: Buffer;
  try {
    writeFileSync(join(dir, 'hello.c'), 'int main(void) { return 0; }\n');
    execFileSync('gcc', ['-o', 'hello', 'hello.c'], { cwd: dir });
    program = readFileSync(join(dir, 'hello'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const libc = libraryDirs(arch)
    .map((d) => `${d}/libc.so.6`)
    .find((p) => existsSync(`/${p}`))!;
  const interpreter = elfDependencies(program).interpreter!;
  const loader = posix.join(posix.dirname(libc), posix.basename(interpreter));
  return [
    { path: 'usr/bin/hello', type: 'file', mode: 0o755, content: program },
    { path: libc, type: 'file', mode: 0o755, content: readFileSync(`/${libc}`) },
    { path: loader, type: 'file', mode: 0o755, content: readFileSync(interpreter) },
    { path: interpreter.slice(1), type: 'symlink', mode: 0o777, linkname: `/${loader}` },
  ];
}

(haveGcc ? describe : describe.skip)('unresolvedDependencies (gcc and host libraries)', () => {
  const arch = hostArch!;
  let image: TarEntry[] = [];
  beforeAll(() => {
    image = hostImage(arch);
  });

  it('finds nothing missing when the interpreter and libc are there', () => {
    expect(unresolvedDependencies(arch, 'usr/bin/hello', entryMap(image))).toEqual([]);
  });

  it('names a missing library and what needs it', () => {
    const withoutLibc = image.filter((e) => !e.path.endsWith('/libc.so.6'));
    expect(unresolvedDependencies(arch, 'usr/bin/hello', entryMap(withoutLibc))).toEqual([
      'libc.so.6 (needed by usr/bin/hello)',
    ]);
  });

  it('names a missing interpreter', () => {
    const withoutLoader = image.filter((e) => !e.path.includes('ld-linux'));
    expect(unresolvedDependencies(arch, 'usr/bin/hello', entryMap(withoutLoader))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\/.*ld-linux.* \(interpreter of usr\/bin\/hello\)$/)]),
    );
  });

  it('says when the executable itself is missing', () => {
    expect(unresolvedDependencies(arch, 'usr/bin/nothing', entryMap(image))).toEqual([
      'usr/bin/nothing (not an ELF64 file in the image)',
    ]);
  });
});
