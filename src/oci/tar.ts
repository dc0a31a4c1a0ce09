/**
 * Tar archives for image layers, written deterministically: the same entries always give the same
 * bytes (no clock, no host user names), so the same input gives the same layer digest.
 */
import { extract, type Header } from 'tar-stream';
import { type HeaderFields, paxNeeded, paxRecords, ustarHeader } from './tar-header.js';

/** One entry of a layer's tar archive. Paths are relative ("usr/lib/x"), never absolute. */
export interface TarEntry {
  path: string;
  type: 'file' | 'directory' | 'symlink' | 'link';
  /** Permission bits, e.g. 0o755. */
  mode: number;
  /** @default 0 */
  uid?: number;
  /** @default 0 */
  gid?: number;
  /** A file's content. */
  content?: Buffer;
  /** A symlink's target, or a hard link's path inside the archive. */
  linkname?: string;
}

const BLOCK = 512;
const EMPTY = Buffer.alloc(0);

/**
 * tarOf returns the tar archive of the supplied entries, in the order given: ustar headers with mtime 0,
 * empty user and group names, and a PAX header before any entry whose path or link name does not fit
 * ustar (longer than 100 bytes, or not ASCII). Parent directories are not invented: list them.
 * Throws on an entry that is not a normalized relative path or is missing what its type needs.
 */
export function tarOf(entries: TarEntry[]): Buffer {
  return Buffer.concat([...tarParts(entries)]);
}

/**
 * tarParts returns the pieces of {@link tarOf}'s archive one by one (headers, contents and padding),
 * for writing a large archive to a file without joining it in memory first.
 */
export function* tarParts(entries: Iterable<TarEntry>): Generator<Buffer> {
  for (const entry of entries) {
    checkEntry(entry);
    const name = entry.type === 'directory' ? `${entry.path}/` : entry.path;
    const content = entry.type === 'file' ? (entry.content ?? EMPTY) : EMPTY;
    const header = {
      name,
      type: entry.type,
      mode: entry.mode,
      uid: entry.uid ?? 0,
      gid: entry.gid ?? 0,
      size: content.length,
      linkname: entry.linkname ?? '',
    };
    if (paxNeeded(header)) {
      const records = paxRecords(header);
      yield ustarHeader({ ...paxHeaderOf(name), size: records.length });
      yield* padded(records);
    }
    yield ustarHeader(header);
    yield* padded(content);
  }
  yield Buffer.alloc(2 * BLOCK);
}

/**
 * tarEntriesOf returns the entries of a tar archive (ustar, PAX or GNU), files with their content.
 * Paths lose a leading `./` or `/` and a trailing `/` (the root directory reads as `.`); hard link
 * names are normalized the same way, symlink targets are kept as written. Throws `cannot read tar`
 * on a malformed archive, and on entries of other types (devices, FIFOs, sparse files).
 */
export async function* tarEntriesOf(tar: Buffer | NodeJS.ReadableStream): AsyncGenerator<TarEntry> {
  const extractor = extract();
  void feed(tar, extractor);
  const entries = extractor[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: Awaited<ReturnType<typeof entries.next>>;
      try {
        next = await entries.next();
      } catch (cause) {
        throw new Error(`cannot read tar: ${messageOf(cause)}`, { cause });
      }
      if (next.done) return;
      yield await entryOf(next.value.header, next.value);
    }
  } finally {
    extractor.destroy();
    if (!Buffer.isBuffer(tar)) (tar as Partial<{ destroy(): void }>).destroy?.();
  }
}

/** feed writes the archive into the extractor; a failing source fails the extractor, and so the reader. */
async function feed(
  tar: Buffer | NodeJS.ReadableStream,
  extractor: ReturnType<typeof extract>,
): Promise<void> {
  try {
    if (Buffer.isBuffer(tar)) {
      extractor.end(tar);
      return;
    }
    for await (const chunk of tar) {
      if (extractor.destroyed) return;
      if (!extractor.write(chunk as Buffer)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            extractor.off('drain', done);
            extractor.off('close', done);
            resolve();
          };
          extractor.on('drain', done);
          extractor.on('close', done);
        });
      }
    }
    extractor.end(undefined);
  } catch (cause) {
    extractor.destroy(cause as Error);
  }
}

async function entryOf(header: Header, body: AsyncIterable<unknown>): Promise<TarEntry> {
  const path = normalizedPath(header.name);
  const type = entryType(header.type);
  if (type === undefined) {
    throw new Error(`cannot read tar entry ${path}: entries of type ${header.type} are not supported`);
  }
  const pax = (header.pax ?? {}) as Record<string, string>;
  const entry: TarEntry = {
    path,
    type,
    mode: (header.mode ?? 0) & 0o7777,
    uid: pax.uid !== undefined ? Number(pax.uid) : (header.uid ?? 0),
    gid: pax.gid !== undefined ? Number(pax.gid) : (header.gid ?? 0),
  };
  const content = await contentOf(path, body);
  if (type === 'file') entry.content = content;
  if (type === 'link') entry.linkname = normalizedPath(header.linkname ?? '');
  if (type === 'symlink') entry.linkname = header.linkname ?? '';
  return entry;
}

async function contentOf(path: string, body: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of body) chunks.push(chunk as Buffer);
  } catch (cause) {
    throw new Error(`cannot read tar entry ${path}: ${messageOf(cause)}`, { cause });
  }
  return Buffer.concat(chunks);
}

function entryType(type: Header['type']): TarEntry['type'] | undefined {
  switch (type) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
    case 'symlink':
    case 'link':
      return type;
    default:
      return undefined;
  }
}

function normalizedPath(name: string): string {
  const path = name
    .replace(/^(\.?\/)+/, '')
    .replace(/\/+$/, '')
    .replace(/\/+/g, '/');
  return path === '' ? '.' : path;
}

function checkEntry(entry: TarEntry): void {
  const what = `cannot write tar entry ${JSON.stringify(entry.path)}`;
  const why = pathProblem(entry.path) ?? fieldProblem(entry);
  if (why !== undefined) throw new Error(`${what}: ${why}`);
}

function pathProblem(path: string): string | undefined {
  if (path.includes('\0')) return 'its path holds a NUL byte';
  const segments = path.split('/');
  const normal = path === '.' || (path !== '' && segments.every((s) => s !== '' && s !== '.' && s !== '..'));
  return normal ? undefined : 'its path is not a normalized relative path (like "usr/lib/x")';
}

function fieldProblem(entry: TarEntry): string | undefined {
  if (!Number.isInteger(entry.mode) || entry.mode < 0 || entry.mode > 0o7777) {
    return `mode ${entry.mode} is not permission bits (0 to 0o7777)`;
  }
  const badId = (id: number | undefined) => id !== undefined && (!Number.isSafeInteger(id) || id < 0);
  if (badId(entry.uid) || badId(entry.gid)) return 'uid and gid must be non-negative integers';
  if (entry.content !== undefined && entry.type !== 'file') return `a ${entry.type} has no content`;
  const isLink = entry.type === 'symlink' || entry.type === 'link';
  if (isLink && !entry.linkname) return `a ${entry.type} needs a linkname`;
  if (!isLink && entry.linkname !== undefined) return `a ${entry.type} has no linkname`;
  return undefined;
}

/** The PAX header's own name: `PaxHeaders/<base name>` (cut to 100 bytes); readers ignore it. */
function paxHeaderOf(name: string): HeaderFields {
  const base = name.replace(/\/$/, '').split('/').pop() ?? '';
  return { name: `PaxHeaders/${base}`, type: 'pax', mode: 0o644, uid: 0, gid: 0, size: 0, linkname: '' };
}

function* padded(data: Buffer): Generator<Buffer> {
  if (data.length === 0) return;
  yield data;
  const rest = data.length % BLOCK;
  if (rest !== 0) yield Buffer.alloc(BLOCK - rest);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
