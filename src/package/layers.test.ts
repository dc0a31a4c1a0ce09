import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestHex, sha256Digest } from '../oci/digest.js';
import { compressionOf, gzipLayer, type Layer, layerEntries } from '../oci/layer.js';
import { OCI_LAYER_GZIP } from '../oci/media-types.js';
import { type TarEntry, tarOf } from '../oci/tar.js';
import { cachedLayer, examplesLayer, functionDir, functionEntries, packageLayer } from './layers.js';

/** entriesOf returns a layer's tar entries, read back from its gzip blob. */
async function entriesOf(layer: Layer): Promise<TarEntry[]> {
  const out: TarEntry[] = [];
  for await (const e of layerEntries(layer)) out.push(e);
  return out;
}

describe('functionEntries', () => {
  it('puts main.mjs and the licences under function/, the folder 0755 and the files 0644', () => {
    const code = Buffer.from('export {};\n');
    const licenses = Buffer.from('zod\nMIT License\n');
    expect(functionDir).toBe('function');
    expect(functionEntries({ code, licenses })).toEqual([
      { path: 'function', type: 'directory', mode: 0o755 },
      { path: 'function/main.mjs', type: 'file', mode: 0o644, content: code },
      { path: 'function/THIRD_PARTY_LICENSES', type: 'file', mode: 0o644, content: licenses },
    ]);
  });

  it('makes entries a tar holds and gives back', async () => {
    const entries = functionEntries({ code: Buffer.from('x'), licenses: Buffer.alloc(0) });
    const back = await entriesOf(await gzipLayer(tarOf(entries)));
    expect(back.map((e) => [e.path, e.type, e.mode])).toEqual([
      ['function', 'directory', 0o755],
      ['function/main.mjs', 'file', 0o644],
      ['function/THIRD_PARTY_LICENSES', 'file', 0o644],
    ]);
  });
});

describe('the package layers', () => {
  it.each([
    {
      name: 'packageLayer holds package.yaml',
      layer: () => packageLayer('---\nkind: Function\n---\n'),
      path: 'package.yaml',
      content: '---\nkind: Function\n---\n',
    },
    {
      name: 'examplesLayer holds .up/examples.yaml',
      layer: () => examplesLayer('kind: XR\n\n...\n\n---\n'),
      path: '.up/examples.yaml',
      content: 'kind: XR\n\n...\n\n---\n',
    },
    {
      name: 'examplesLayer of no examples holds an empty file',
      layer: () => examplesLayer(''),
      path: '.up/examples.yaml',
      content: '',
    },
  ])('$name, alone, mode 0644, owned by root, gzipped', async ({ layer, path, content }) => {
    const l = await layer();
    expect(l.mediaType).toBe(OCI_LAYER_GZIP);
    expect(compressionOf(l.blob)).toBe('gzip');
    expect(l.digest).toBe(sha256Digest(l.blob));
    expect(await entriesOf(l)).toEqual([
      { path, type: 'file', mode: 0o644, uid: 0, gid: 0, content: Buffer.from(content) },
    ]);
    expect((await layer()).digest).toBe(l.digest);
  });
});

describe('cachedLayer', () => {
  let cacheDir: string;
  beforeEach(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'kxp-package-layers-'));
  });
  afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

  const entries: TarEntry[] = [
    { path: 'node', type: 'directory', mode: 0o755 },
    { path: 'node/bin', type: 'file', mode: 0o755, content: Buffer.from('#!/bin/sh\n'.repeat(100)) },
  ];
  const fileOf = (layer: Layer) =>
    join(cacheDir, 'layers', `${digestHex(layer.diffId)}.9.${process.versions.zlib}.gz`);

  it('without a cache folder, compresses at level 9', async () => {
    const layer = await cachedLayer(entries, undefined);
    expect(layer).toEqual(await gzipLayer(tarOf(entries), { level: 9 }));
  });

  it('writes the blob to the cache, named by diff ID, level and zlib version, and nothing else', async () => {
    const layer = await cachedLayer(entries, cacheDir);
    expect(layer.diffId).toBe(sha256Digest(tarOf(entries)));
    expect(readFileSync(fileOf(layer))).toEqual(layer.blob);
    expect(readdirSync(join(cacheDir, 'layers'))).toEqual([
      `${digestHex(layer.diffId)}.9.${process.versions.zlib}.gz`,
    ]);
  });

  it('gives the same layer from the cache as freshly compressed, and leaves the cache file alone', async () => {
    const fresh = await cachedLayer(entries, cacheDir);
    const file = fileOf(fresh);
    const written = statSync(file);
    const cached = await cachedLayer(entries, cacheDir);
    expect(cached).toEqual(fresh);
    expect(cached.digest).toBe((await cachedLayer(entries, undefined)).digest);
    expect(statSync(file)).toMatchObject({ ino: written.ino, mtimeMs: written.mtimeMs });
    expect(await entriesOf(cached)).toEqual([
      { ...entries[0], uid: 0, gid: 0 },
      { ...entries[1], uid: 0, gid: 0 },
    ]);
  });

  it('keeps one file per content', async () => {
    const a = await cachedLayer(entries, cacheDir);
    const b = await cachedLayer([entries[0]!], cacheDir);
    expect(a.digest).not.toBe(b.digest);
    expect(existsSync(fileOf(a))).toBe(true);
    expect(existsSync(fileOf(b))).toBe(true);
    expect(readdirSync(join(cacheDir, 'layers'))).toHaveLength(2);
  });
});
