import { sha256Digest } from './digest.js';
import {
  append,
  appendLayers,
  configBlob,
  emptyImage,
  imageManifest,
  imagePlatform,
  withConfig,
  withLabels,
} from './image.js';
import { gzipLayer, type Layer, uncompressedLayer } from './layer.js';
import { OCI_CONFIG, OCI_LAYER_GZIP, OCI_LAYER_TAR, OCI_MANIFEST } from './media-types.js';
import { tarOf } from './tar.js';

const linux = { os: 'linux', architecture: 'amd64' };

async function layerOf(name: string): Promise<Layer> {
  return gzipLayer(tarOf([{ path: name, type: 'file', mode: 0o644, content: Buffer.from(name) }]));
}

describe('emptyImage', () => {
  it('has no layers and the platform', () => {
    expect(emptyImage({ ...linux, variant: 'v8' })).toEqual({
      config: {
        architecture: 'amd64',
        os: 'linux',
        variant: 'v8',
        config: {},
        rootfs: { type: 'layers', diff_ids: [] },
      },
      layers: [],
    });
    expect(imagePlatform(emptyImage(linux))).toEqual(linux);
  });
});

describe('appendLayers', () => {
  it('adds diff IDs and timeless history entries, leaving the base image alone', async () => {
    const [a, b] = [await layerOf('a'), await layerOf('b')];
    const base = emptyImage(linux);
    const one = appendLayers(base, a);
    const two = appendLayers(one, b);
    expect(base.layers).toEqual([]);
    expect(one.config.rootfs.diff_ids).toEqual([a.diffId]);
    expect(two.layers).toEqual([a, b]);
    expect(two.config.rootfs.diff_ids).toEqual([a.diffId, b.diffId]);
    expect(two.config.history).toEqual([{ created_by: 'kxp' }, { created_by: 'kxp' }]);
  });

  it('returns the image itself when given no layers', () => {
    const image = emptyImage(linux);
    expect(appendLayers(image)).toBe(image);
  });

  it('records the history entry given with append', async () => {
    const image = append(emptyImage(linux), {
      layer: await layerOf('a'),
      history: { created_by: 'COPY package.yaml' },
    });
    expect(image.config.history).toEqual([{ created_by: 'COPY package.yaml' }]);
  });
});

describe('withConfig and withLabels', () => {
  it('sets fields over the container config and removes undefined ones', () => {
    const image = withConfig(emptyImage(linux), { User: '65532', Cmd: ['serve'], Env: ['A=1'] });
    const changed = withConfig(image, { Cmd: undefined, Entrypoint: ['/node'] });
    expect(changed.config.config).toEqual({ User: '65532', Env: ['A=1'], Entrypoint: ['/node'] });
    expect(image.config.config).toEqual({ User: '65532', Cmd: ['serve'], Env: ['A=1'] });
  });

  it('adds labels to the ones there', () => {
    const image = withLabels(withLabels(emptyImage(linux), { a: '1', b: '1' }), { b: '2' });
    expect(image.config.config.Labels).toEqual({ a: '1', b: '2' });
  });
});

describe('configBlob', () => {
  it('is the config JSON, named by its digest', () => {
    const blob = configBlob(emptyImage(linux));
    expect(blob.bytes.toString()).toBe(
      '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]},"config":{}}',
    );
    expect(blob).toEqual({
      mediaType: OCI_CONFIG,
      digest: sha256Digest(blob.bytes),
      size: blob.bytes.length,
      bytes: blob.bytes,
    });
  });

  it('gives the same digest however the labels were added', () => {
    const one = withLabels(emptyImage(linux), { a: '1', b: '2' });
    const other = withLabels(emptyImage(linux), { b: '2', a: '1' });
    expect(configBlob(one).digest).toBe(configBlob(other).digest);
  });
});

describe('imageManifest', () => {
  it('lists the config and the layers with OCI media types and annotations', async () => {
    const a = { ...(await layerOf('a')), annotations: { 'io.crossplane.xpkg': 'base' } };
    const b = uncompressedLayer(tarOf([]));
    const image = appendLayers(emptyImage(linux), a, b);
    const config = configBlob(image);
    const manifest = imageManifest(image, {
      layerAnnotations: (_, i) => (i === 1 ? { z: '1', y: '2' } : undefined),
      annotations: { 'org.opencontainers.image.source': 'https://example.com' },
    });
    expect(manifest.mediaType).toBe(OCI_MANIFEST);
    expect(manifest.digest).toBe(sha256Digest(manifest.bytes));
    expect(manifest.size).toBe(manifest.bytes.length);
    expect(manifest.bytes.toString()).toBe(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: OCI_CONFIG, size: config.size, digest: config.digest },
        layers: [
          {
            mediaType: OCI_LAYER_GZIP,
            size: a.size,
            digest: a.digest,
            annotations: { 'io.crossplane.xpkg': 'base' },
          },
          { mediaType: OCI_LAYER_TAR, size: b.size, digest: b.digest, annotations: { y: '2', z: '1' } },
        ],
        annotations: { 'org.opencontainers.image.source': 'https://example.com' },
      }),
    );
  });

  it('lists Docker gzip layers as OCI ones', async () => {
    const layer = { ...(await layerOf('a')), mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip' };
    const manifest = JSON.parse(imageManifest(appendLayers(emptyImage(linux), layer)).bytes.toString());
    expect(manifest.layers[0].mediaType).toBe(OCI_LAYER_GZIP);
  });

  it('is the same for the same image', async () => {
    const build = async () => withLabels(appendLayers(emptyImage(linux), await layerOf('a')), { x: 'y' });
    expect(imageManifest(await build()).digest).toBe(imageManifest(await build()).digest);
  });

  it('rejects an image whose layers do not match its diff IDs', async () => {
    const image = appendLayers(emptyImage(linux), await layerOf('a'));
    const other = await layerOf('b');
    expect(() => imageManifest({ ...image, layers: [] })).toThrow(
      'cannot describe image: its config lists 1 diff IDs but it has 0 layers',
    );
    expect(() => imageManifest({ ...image, layers: [other] })).toThrow(
      /^cannot describe image: layer 0 \(sha256:\w+\) has diff ID sha256:\w+, but the config lists sha256:\w+$/,
    );
  });
});
