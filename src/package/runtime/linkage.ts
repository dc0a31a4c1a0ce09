/**
 * Whether an image's files hold everything the dynamic loader needs to start an executable: its
 * interpreter and, transitively, each DT_NEEDED library in the loader's default folders.
 */
import { posix } from 'node:path';
import type { TarEntry } from '../../oci/tar.js';
import { type Arch, archNames } from './arch.js';
import { isElf64 } from './elf.js';
import { elfDependencies } from './elf-deps.js';
import { resolvePath } from './entries.js';

/** libraryDirs returns the folders glibc's loader searches by default on Debian, in order. */
export function libraryDirs(arch: Arch): string[] {
  const { triplet } = archNames(arch);
  return [`lib/${triplet}`, `usr/lib/${triplet}`, 'lib', 'usr/lib'];
}

/**
 * unresolvedDependencies returns what the loader would fail to find when starting the executable at
 * `path` among the files (each "<what> (needed by <file>)"); empty when everything is there.
 */
export function unresolvedDependencies(arch: Arch, path: string, files: Map<string, TarEntry>): string[] {
  const missing: string[] = [];
  const seen = new Set<string>();
  const todo = [path];
  while (todo.length > 0) {
    const current = todo.pop()!;
    const { path: real, entry } = resolvePath(files, current);
    if (seen.has(real)) continue;
    seen.add(real);
    if (!entry?.content || !isElf64(entry.content)) {
      missing.push(`${current} (not an ELF64 file in the image)`);
      continue;
    }
    const found = dependencies(arch, real, entry.content, files);
    todo.push(...found.present);
    missing.push(...found.missing);
  }
  return missing;
}

/** dependencies returns where an ELF file's interpreter and needed libraries are, and which are missing. */
function dependencies(
  arch: Arch,
  path: string,
  content: Buffer,
  files: Map<string, TarEntry>,
): { present: string[]; missing: string[] } {
  const deps = elfDependencies(content);
  const present: string[] = [];
  const missing: string[] = [];
  if (deps.interpreter) {
    if (resolvePath(files, deps.interpreter).entry) present.push(deps.interpreter);
    else missing.push(`${deps.interpreter} (interpreter of ${path})`);
  }
  for (const name of deps.needed) {
    const found = libraryDirs(arch)
      .map((dir) => posix.join(dir, name))
      .find((candidate) => resolvePath(files, candidate).entry);
    if (found) present.push(found);
    else missing.push(`${name} (needed by ${path})`);
  }
  return { present, missing };
}
