/**
 * Downloads pinned by digest, kept in a content-addressed cache: a file is fetched once, checked
 * against its pinned digest, and read from the cache (checked again) by every later build.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A pinned digest: the hash algorithm and the expected digest in hex. */
export interface Digest {
  algorithm: 'sha256' | 'sha512';
  hex: string;
}

/** What to download, and how to talk about it. */
export interface DownloadOptions {
  /** The cache folder; defaultCacheDir() when not given. */
  cacheDir?: string;
  log?: (m: string) => void;
  /** What is being downloaded ("Debian package libc6 2.36-9 (amd64)"), for errors and logs. */
  what?: string;
  /** A hint added to the error when the server says 404 (e.g. how to update the pins). */
  notFoundHint?: string;
}

/** Options of the layer builders (and runtimeBase): the download cache and a progress log. */
export type LayerOptions = Pick<DownloadOptions, 'cacheDir' | 'log'>;

/** defaultCacheDir returns ${XDG_CACHE_HOME:-~/.cache}/kxp/package. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kxp', 'package');
}

/** fromIntegrity returns the digest of a Subresource Integrity string ("sha512-<base64>"). */
export function fromIntegrity(integrity: string): Digest {
  const match = /^(sha256|sha512)-([A-Za-z0-9+/=]+)$/.exec(integrity.trim());
  if (!match) {
    throw new Error(`cannot read integrity ${JSON.stringify(integrity)}: expected sha256-… or sha512-…`);
  }
  return {
    algorithm: match[1] as Digest['algorithm'],
    hex: Buffer.from(match[2]!, 'base64').toString('hex'),
  };
}

/** cachePath returns where the file with this digest is kept: <cacheDir>/<algorithm>/<hex>. */
export function cachePath(digest: Digest, cacheDir = defaultCacheDir()): string {
  return join(cacheDir, digest.algorithm, digest.hex);
}

/**
 * cachedDownload returns the bytes of the file with this digest: from the cache if it is there and
 * still matches, else downloaded from url, checked, and stored in the cache (atomically, so
 * concurrent builds do not see half a file).
 */
export async function cachedDownload(
  url: string,
  digest: Digest,
  opts: DownloadOptions = {},
): Promise<Buffer> {
  const what = opts.what ?? url;
  const path = cachePath(digest, opts.cacheDir);
  const cached = await readFile(path).catch(() => undefined);
  if (cached) {
    if (hexDigest(cached, digest.algorithm) === digest.hex) return cached;
    opts.log?.(`cached ${what} at ${path} does not match its digest; downloading it again`);
    await rm(path, { force: true });
  }
  opts.log?.(`downloading ${what} from ${url}`);
  const body = await fetchWithRetries(url, what, opts.notFoundHint);
  const got = hexDigest(body, digest.algorithm);
  if (got !== digest.hex) {
    throw new Error(
      `cannot download ${what}: ${url} has ${digest.algorithm} ${got}, but ${digest.hex} is pinned`,
    );
  }
  try {
    await mkdir(join(path, '..'), { recursive: true });
    const partial = `${path}.${randomBytes(6).toString('hex')}.partial`;
    await writeFile(partial, body);
    await rename(partial, path);
  } catch (cause) {
    throw new Error(`cannot cache ${what} at ${path}: ${(cause as Error).message}`, { cause });
  }
  return body;
}

function hexDigest(data: Buffer, algorithm: Digest['algorithm']): string {
  return createHash(algorithm).update(data).digest('hex');
}

/** fetchWithRetries returns a URL's body, trying up to three times on network errors and 5xx. */
async function fetchWithRetries(url: string, what: string, notFoundHint?: string): Promise<Buffer> {
  let last: Error | undefined;
  for (let attempt = 1; attempt <= 3; attempt++) {
    if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 1000 * (attempt - 1)));
    const got = await fetchOnce(url, what, notFoundHint);
    if (Buffer.isBuffer(got)) return got;
    last = got;
  }
  throw new Error(`cannot download ${what} from ${url}: ${last?.message}`, { cause: last });
}

/** fetchOnce returns a URL's body, or the error worth retrying; it throws errors that are not. */
async function fetchOnce(url: string, what: string, notFoundHint?: string): Promise<Buffer | Error> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(300_000) });
    if (res.ok) return Buffer.from(await res.arrayBuffer());
  } catch (err) {
    return err as Error;
  }
  const why = `${url} answered ${res.status} ${res.statusText}`;
  if (res.status >= 500) return new Error(why);
  const hint = res.status === 404 && notFoundHint ? ` (${notFoundHint})` : '';
  throw new Error(`cannot download ${what}: ${why}${hint}`);
}
