/**
 * Helpers over a layer's entries: the directories a tar must list itself, and path lookup through
 * the layer's own symlinks (as the loader in the image would see it).
 */
import { posix } from 'node:path';
import { type TarEntry, tarEntriesOf } from '../../oci/tar.js';

/**
 * withParents returns the entries with every missing parent directory added (mode 0755, root), sorted
 * by path so that each directory comes before what it holds. Entries given twice are an error.
 */
export function withParents(entries: TarEntry[]): TarEntry[] {
  const byPath = new Map<string, TarEntry>();
  for (const e of entries) {
    checkPath(e.path);
    if (byPath.has(e.path)) throw new Error(`cannot add layer entry ${e.path}: it is listed twice`);
    byPath.set(e.path, e);
  }
  for (const e of entries) {
    for (let dir = posix.dirname(e.path); dir !== '.'; dir = posix.dirname(dir)) {
      const known = byPath.get(dir);
      if (known && known.type !== 'directory') {
        throw new Error(`cannot add layer entry ${e.path}: its parent ${dir} is a ${known.type}`);
      }
      if (!known) byPath.set(dir, { path: dir, type: 'directory', mode: 0o755, uid: 0, gid: 0 });
    }
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** checkPath throws unless a path is relative, without ".." or "/" at either end. */
function checkPath(path: string): void {
  if (path === '' || path.startsWith('/') || path.endsWith('/') || path.split('/').includes('..')) {
    throw new Error(
      `cannot add layer entry ${JSON.stringify(path)}: paths are relative, without "..", "/" at either end`,
    );
  }
}

/** keptEntries returns the entries of a tar archive whose path keep() accepts, in archive order. */
export async function keptEntries(
  tar: Buffer | NodeJS.ReadableStream,
  keep: (path: string) => boolean,
): Promise<TarEntry[]> {
  const kept: TarEntry[] = [];
  for await (const entry of tarEntriesOf(tar)) if (entry.path !== '.' && keep(entry.path)) kept.push(entry);
  return kept;
}

/** entryMap returns a layer's (or stacked layers', later ones winning) entries by path. */
export function entryMap(...layers: TarEntry[][]): Map<string, TarEntry> {
  const map = new Map<string, TarEntry>();
  for (const entries of layers) for (const e of entries) map.set(e.path, e);
  return map;
}

/**
 * resolvePath returns the path (relative, no leading "/") that a path names once the symlinks in the
 * entries along it are followed, and the entry there (a hard link's target for a hard link); entry
 * is undefined when nothing is there or the links loop.
 */
export function resolvePath(
  entries: Map<string, TarEntry>,
  path: string,
): { path: string; entry?: TarEntry } {
  const todo = path.split('/').reverse();
  const done: string[] = [];
  let hops = 0;
  while (todo.length > 0) {
    const link = step(entries, todo.pop()!, done);
    if (!link) continue;
    if (++hops > 40) return { path: done.join('/') };
    if (link.startsWith('/')) done.length = 0;
    todo.push(...link.split('/').reverse());
  }
  const resolved = done.join('/');
  let entry = entries.get(resolved);
  if (entry?.type === 'link') entry = entries.get(entry.linkname ?? '');
  return entry ? { path: resolved, entry } : { path: resolved };
}

/** step walks one path component onto `done`, or returns the target of the symlink found there. */
function step(entries: Map<string, TarEntry>, part: string, done: string[]): string | undefined {
  if (part === '' || part === '.') return undefined;
  if (part === '..') {
    done.pop();
    return undefined;
  }
  const entry = entries.get([...done, part].join('/'));
  if (entry?.type === 'symlink') return entry.linkname ?? '';
  done.push(part);
  return undefined;
}

/** danglingSymlinks returns the symlinks (and hard links) among the entries whose target is not there. */
export function danglingSymlinks(entries: Map<string, TarEntry>): string[] {
  return [...entries.values()]
    .filter((e) => (e.type === 'symlink' || e.type === 'link') && !resolvePath(entries, e.path).entry)
    .map((e) => `${e.path} -> ${e.linkname}`);
}
