import { gzipSync } from 'node:zlib';
import { sha256Digest } from './digest.js';
import {
  compressionOf,
  gzipLayer,
  layerEntries,
  layerFromBlob,
  layerTar,
  uncompressedLayer,
} from './layer.js';
import { OCI_LAYER_GZIP, OCI_LAYER_TAR } from './media-types.js';
import { type TarEntry, tarOf } from './tar.js';

const tar = tarOf([
  { path: 'package.yaml', type: 'file', mode: 0o644, content: Buffer.from('kind: Function\n') },
]);

describe('gzipLayer', () => {
  it('names the blob by its digest and the tar by its diff ID', async () => {
    const layer = await gzipLayer(tar);
    expect(layer).toEqual({
      mediaType: OCI_LAYER_GZIP,
      digest: sha256Digest(layer.blob),
      size: layer.blob.length,
      diffId: sha256Digest(tar),
      blob: layer.blob,
    });
    expect(compressionOf(layer.blob)).toBe('gzip');
  });

  it('gives the same digest for the same tar', async () => {
    expect((await gzipLayer(tar)).digest).toBe((await gzipLayer(Buffer.from(tar))).digest);
  });

  it('writes no time and no file name into the gzip header', async () => {
    const { blob } = await gzipLayer(tar);
    expect(blob[3]).toBe(0); // FLG: no name, no comment, no extra
    expect(blob.readUInt32LE(4)).toBe(0); // MTIME
  });

  it('compresses at the level asked for', async () => {
    const stored = await gzipLayer(tar, { level: 0 });
    const smallest = await gzipLayer(tar, { level: 9 });
    expect(stored.size).toBeGreaterThan(smallest.size);
    expect(stored.diffId).toBe(smallest.diffId);
  });
});

describe('uncompressedLayer', () => {
  it('uses the tar as its blob, so digest and diff ID agree', () => {
    const layer = uncompressedLayer(tar);
    expect(layer).toEqual({
      mediaType: OCI_LAYER_TAR,
      digest: sha256Digest(tar),
      size: tar.length,
      diffId: sha256Digest(tar),
      blob: tar,
    });
  });
});

describe('layerFromBlob', () => {
  it('reads a gzip blob by its magic bytes, whoever compressed it', async () => {
    const blob = gzipSync(tar, { level: 1 });
    expect(await layerFromBlob(blob)).toEqual({
      mediaType: OCI_LAYER_GZIP,
      digest: sha256Digest(blob),
      size: blob.length,
      diffId: sha256Digest(tar),
      blob,
    });
  });

  it('reads an uncompressed blob', async () => {
    expect(await layerFromBlob(tar)).toEqual(uncompressedLayer(tar));
  });

  it('keeps the media type it is given', async () => {
    const blob = gzipSync(tar);
    const docker = 'application/vnd.docker.image.rootfs.diff.tar.gzip';
    expect((await layerFromBlob(blob, docker)).mediaType).toBe(docker);
  });

  it.each([
    {
      name: 'zstd',
      blob: Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0]),
      error: 'cannot read layer: zstd-compressed layers are not supported',
    },
    {
      name: 'broken gzip',
      blob: Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]),
      error: /^cannot decompress layer sha256:[0-9a-f]{64}: /,
    },
  ])('rejects $name', async ({ blob, error }) => {
    await expect(layerFromBlob(blob)).rejects.toThrow(error);
  });

  it('rejects a media type that is not a layer', async () => {
    await expect(layerFromBlob(tar, 'application/json')).rejects.toThrow(
      'cannot read layer: media type application/json is not a layer kxp reads',
    );
  });
});

describe('layerTar and layerEntries', () => {
  it.each([
    { name: 'gzip', make: () => gzipLayer(tar) },
    { name: 'uncompressed', make: async () => uncompressedLayer(tar) },
  ])('return the tar of a $name layer', async ({ make }) => {
    const layer = await make();
    expect(await layerTar(layer)).toEqual(tar);
    const entries: TarEntry[] = [];
    for await (const entry of layerEntries(layer)) entries.push(entry);
    expect(entries.map((e) => [e.path, e.content?.toString()])).toEqual([
      ['package.yaml', 'kind: Function\n'],
    ]);
  });
});
