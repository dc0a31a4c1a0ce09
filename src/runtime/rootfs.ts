/**
 * A root filesystem being unpacked from image layers. Each tar entry is written under the root and
 * nowhere else: its path is cleaned of `..`, and every folder on the way is checked to be a real
 * folder inside the root (a layer's symbolic link `etc -> /etc` followed by `etc/passwd` must not
 * reach the host's). OCI whiteouts delete what lower layers wrote.
 */
import {
  chmodSync,
  chownSync,
  lchownSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { posix } from 'node:path';
import type { TarEntry } from '../oci/tar.js';

const whiteoutPrefix = '.wh.';
const opaqueWhiteout = '.wh..wh..opq';

/** A folder being filled as an image's root filesystem. */
export class RootFilesystem {
  private readonly owners = process.getuid?.() === 0;

  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  /** apply writes one layer entry (or applies its whiteout) under the root. */
  apply(entry: TarEntry): void {
    const rel = cleanPath(entry.path);
    if (rel === '') return;
    const dir = posix.dirname(rel);
    const base = posix.basename(rel);
    if (base === opaqueWhiteout) {
      this.clearDirectory(dir);
      return;
    }
    if (base.startsWith(whiteoutPrefix)) {
      this.remove(posix.join(dir, base.slice(whiteoutPrefix.length)));
      return;
    }
    this.write(rel, entry);
  }

  /** ensureDirectory makes the folder rel (and its parents) if the image has none. */
  ensureDirectory(rel: string): void {
    const path = this.parentChecked(cleanPath(rel));
    mkdirSync(path, { recursive: true });
  }

  private write(rel: string, entry: TarEntry): void {
    const path = this.parentChecked(rel);
    const existing = lstatOrUndefined(path);
    // A later layer replaces what is there, except that a folder stays a folder (its contents merge).
    if (existing && !(existing.isDirectory() && entry.type === 'directory'))
      rmSync(path, { recursive: true });
    const mode = entry.mode & 0o7777;
    switch (entry.type) {
      case 'directory':
        mkdirSync(path, { recursive: true });
        chmodSync(path, mode);
        break;
      case 'file':
        writeFileSync(path, entry.content ?? Buffer.alloc(0), { mode });
        chmodSync(path, mode);
        break;
      case 'symlink':
        symlinkSync(entry.linkname ?? '', path);
        break;
      case 'link':
        linkSync(this.linkTarget(rel, entry.linkname ?? ''), path);
        return;
    }
    if (this.owners) this.chown(path, entry);
  }

  /** linkTarget returns the host path of a hard link's target, a file already written under the root. */
  private linkTarget(rel: string, linkname: string): string {
    const target = this.parentChecked(cleanPath(linkname));
    if (!lstatOrUndefined(target)?.isFile()) {
      throw new Error(`hard link ${rel} points at ${linkname}, which is not a file of the image`);
    }
    return target;
  }

  /** chown gives path the entry's owner (a symbolic link itself, not what it points at). */
  private chown(path: string, entry: TarEntry): void {
    if (entry.type === 'symlink') lchownSync(path, entry.uid ?? 0, entry.gid ?? 0);
    else chownSync(path, entry.uid ?? 0, entry.gid ?? 0);
  }

  private remove(rel: string): void {
    rmSync(this.parentChecked(rel), { recursive: true, force: true });
  }

  private clearDirectory(rel: string): void {
    const path = this.parentChecked(rel === '.' ? '' : rel);
    if (!lstatOrUndefined(path)?.isDirectory()) return;
    for (const name of readdirSync(path)) rmSync(posix.join(path, name), { recursive: true, force: true });
  }

  /**
   * parentChecked returns the host path of rel after making sure each folder above it is a real
   * folder under the root (made if missing), so nothing written there can land outside the root.
   */
  private parentChecked(rel: string): string {
    let path = this.root;
    const parts = rel === '' ? [] : rel.split('/');
    for (const part of parts.slice(0, -1)) {
      path = posix.join(path, part);
      const st = lstatOrUndefined(path);
      if (!st) mkdirSync(path);
      else if (!st.isDirectory()) {
        throw new Error(
          `${rel} lies under ${posix.relative(this.root, path)}, which is not a folder (a link?)`,
        );
      }
    }
    return parts.length ? posix.join(path, parts[parts.length - 1] ?? '') : path;
  }
}

/** cleanPath returns a layer path relative to the root, with `.` and `..` resolved inside it. */
export function cleanPath(path: string): string {
  const normal = posix.normalize(`/${path}`);
  return normal === '/' ? '' : normal.slice(1).replace(/\/$/, '');
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
