import { sha256Digest } from './digest.js';
import { appendLayers, emptyImage, imageManifest } from './image.js';
import { imageIndex, platformString } from './index.js';
import { gzipLayer } from './layer.js';
import { OCI_INDEX, OCI_MANIFEST } from './media-types.js';
import { tarOf } from './tar.js';

describe('imageIndex', () => {
  it('lists each manifest with its platform, in order', async () => {
    const layer = await gzipLayer(tarOf([{ path: 'a', type: 'file', mode: 0o644 }]));
    const amd64 = imageManifest(appendLayers(emptyImage({ os: 'linux', architecture: 'amd64' }), layer));
    const arm64 = imageManifest(
      appendLayers(emptyImage({ os: 'linux', architecture: 'arm64', variant: 'v8' }), layer),
    );
    const index = imageIndex(
      [
        { manifest: amd64, platform: { os: 'linux', architecture: 'amd64' } },
        { manifest: arm64, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      ],
      { 'org.opencontainers.image.version': 'v1' },
    );
    expect(index.mediaType).toBe(OCI_INDEX);
    expect(index.digest).toBe(sha256Digest(index.bytes));
    expect(JSON.parse(index.bytes.toString())).toEqual({
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [
        {
          mediaType: OCI_MANIFEST,
          size: amd64.size,
          digest: amd64.digest,
          platform: { architecture: 'amd64', os: 'linux' },
        },
        {
          mediaType: OCI_MANIFEST,
          size: arm64.size,
          digest: arm64.digest,
          platform: { architecture: 'arm64', os: 'linux', variant: 'v8' },
        },
      ],
      annotations: { 'org.opencontainers.image.version': 'v1' },
    });
  });

  it('rejects two manifests for one platform', () => {
    const manifest = imageManifest(emptyImage({ os: 'linux', architecture: 'amd64' }));
    const platform = { os: 'linux', architecture: 'amd64' };
    expect(() =>
      imageIndex([
        { manifest, platform },
        { manifest, platform },
      ]),
    ).toThrow('cannot write image index: two manifests are for linux/amd64');
  });
});

describe('platformString', () => {
  it.each([
    { input: { os: 'linux', architecture: 'amd64' }, expected: 'linux/amd64' },
    { input: { os: 'linux', architecture: 'arm', variant: 'v7' }, expected: 'linux/arm/v7' },
  ])('$expected', ({ input, expected }) => {
    expect(platformString(input)).toBe(expected);
  });
});
