import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedDownload, cachePath, type Digest, defaultCacheDir, fromIntegrity } from './download.js';

const body = Buffer.from('the pinned file\n');
const digest: Digest = { algorithm: 'sha256', hex: createHash('sha256').update(body).digest('hex') };

describe('cachedDownload', () => {
  let server: Server;
  let base = '';
  let cacheDir = '';
  let requests = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests++;
      if (req.url === '/file') res.end(body);
      else if (req.url === '/other') res.end('something else');
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'kxp-download-'));
    requests = 0;
  });
  afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('downloads once, then reads the cache', async () => {
    expect(await cachedDownload(`${base}/file`, digest, { cacheDir })).toEqual(body);
    expect(readFileSync(cachePath(digest, cacheDir))).toEqual(body);
    expect(await cachedDownload(`${base}/file`, digest, { cacheDir })).toEqual(body);
    expect(requests).toBe(1);
  });

  it('downloads again when the cached file no longer matches its digest', async () => {
    await cachedDownload(`${base}/file`, digest, { cacheDir });
    writeFileSync(cachePath(digest, cacheDir), 'corrupted');
    const logs: string[] = [];
    expect(await cachedDownload(`${base}/file`, digest, { cacheDir, log: (m) => logs.push(m) })).toEqual(
      body,
    );
    expect(requests).toBe(2);
    expect(logs[0]).toMatch(/does not match its digest/);
  });

  it('rejects a file that does not match the pin, and caches nothing', async () => {
    await expect(cachedDownload(`${base}/other`, digest, { cacheDir, what: 'package x' })).rejects.toThrow(
      `cannot download package x: ${base}/other has sha256 `,
    );
    expect(() => readFileSync(cachePath(digest, cacheDir))).toThrow();
  });

  it('names the URL and the hint when the server has no such file', async () => {
    const opts = { cacheDir, what: 'package x', notFoundHint: 'update the pins' };
    await expect(cachedDownload(`${base}/gone`, digest, opts)).rejects.toThrow(
      `cannot download package x: ${base}/gone answered 404 Not Found (update the pins)`,
    );
    expect(requests).toBe(1);
  });
});

describe('fromIntegrity', () => {
  it('reads a Subresource Integrity string', () => {
    const sha512 = createHash('sha512').update(body);
    const integrity = `sha512-${sha512.copy().digest('base64')}`;
    expect(fromIntegrity(integrity)).toEqual({ algorithm: 'sha512', hex: sha512.digest('hex') });
  });

  it('rejects other algorithms', () => {
    expect(() => fromIntegrity('sha1-abc=')).toThrow(/cannot read integrity/);
  });
});

describe('defaultCacheDir', () => {
  it('is kxp/package under XDG_CACHE_HOME, or under ~/.cache', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache' })).toBe('/x/cache/kxp/package');
    expect(defaultCacheDir({})).toMatch(/\/\.cache\/kxp\/package$/);
  });
});
