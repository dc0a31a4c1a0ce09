/**
 * Pulling a function's image from its registry and unpacking it into a root filesystem, as a
 * container runtime does: the manifest for this machine's platform (from an index when the image
 * has several), then each layer in order, whiteouts applied. Nothing in a layer may write outside
 * the root: paths are cleaned and a symbolic link is never followed out of it.
 */
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { RegistryClient } from '../oci/registry/client.js';
import { formatReference, parseReference } from '../oci/registry/reference.js';
import { tarEntriesOf } from '../oci/tar.js';
import { RootFilesystem } from './rootfs.js';
import { mountPoints } from './sandbox.js';

/** What a container runtime reads from an image's config. */
export interface ImageRunConfig {
  User?: string;
  Env?: string[];
  Entrypoint?: string[];
  Cmd?: string[];
  WorkingDir?: string;
}

/** An image unpacked on disk. */
export interface UnpackedImage {
  /** digest of the platform's manifest, which names the unpacked copy. */
  digest: string;
  /** root is the folder holding the image's root filesystem. */
  root: string;
  config: ImageRunConfig;
}

const mediaTypes = {
  index: [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
  ],
  manifest: [
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json',
  ],
};

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os: string; architecture: string; variant?: string };
}

/** hostArchitecture returns this machine's architecture as OCI names it (amd64, arm64). */
export function hostArchitecture(): string {
  return ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[process.arch] ?? process.arch;
}

/**
 * pullImage returns image (a reference with tag or digest) unpacked under dir: pulled and unpacked
 * once per manifest digest, then reused. Each step's failure names the image and the step.
 */
export async function pullImage(
  image: string,
  dir: string,
  architecture = hostArchitecture(),
): Promise<UnpackedImage> {
  const ref = parseReference(image);
  const client = new RegistryClient(ref.registry);
  const name = formatReference(ref);
  const manifest = await platformManifest(
    client,
    ref.repository,
    ref.digest ?? ref.tag ?? 'latest',
    architecture,
    name,
  );
  const body = JSON.parse(manifest.bytes.toString('utf8')) as { config: Descriptor; layers: Descriptor[] };
  const config = JSON.parse((await client.getBlob(ref.repository, body.config.digest)).toString('utf8')) as {
    config?: ImageRunConfig;
  };
  const target = join(dir, manifest.digest.replace(':', '-'));
  const root = join(target, 'rootfs');
  const complete = join(target, '.complete');
  if (!existsSync(complete)) {
    const staging = `${target}.unpacking`;
    rmSync(staging, { recursive: true, force: true });
    const fs = new RootFilesystem(join(staging, 'rootfs'));
    for (const [i, layer] of body.layers.entries()) {
      const blob = await client.getBlob(ref.repository, layer.digest);
      try {
        for await (const entry of tarEntriesOf(uncompressed(blob, layer.mediaType))) fs.apply(entry);
      } catch (cause) {
        throw new Error(
          `cannot unpack layer ${i + 1} (${layer.digest}) of ${name}: ${(cause as Error).message}`,
          {
            cause,
          },
        );
      }
    }
    for (const m of mountPoints) fs.ensureDirectory(m);
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
    writeFileSync(complete, `${manifest.digest}\n`);
  }
  return { digest: manifest.digest, root, config: config.config ?? {} };
}

/** platformManifest returns the image manifest for linux/architecture, following an index. */
async function platformManifest(
  client: RegistryClient,
  repository: string,
  reference: string,
  architecture: string,
  name: string,
): Promise<{ digest: string; bytes: Buffer }> {
  const accept = [...mediaTypes.index, ...mediaTypes.manifest];
  const top = await client.getManifest(repository, reference, accept);
  if (!mediaTypes.index.includes(top.mediaType)) return top;
  const index = JSON.parse(top.bytes.toString('utf8')) as { manifests: Descriptor[] };
  const match = index.manifests.find(
    (m) => m.platform?.os === 'linux' && m.platform.architecture === architecture,
  );
  if (!match) {
    const offered = index.manifests.map((m) => `${m.platform?.os}/${m.platform?.architecture}`).join(', ');
    throw new Error(
      `cannot run ${name} here: it has no linux/${architecture} image (it has ${offered || 'none'})`,
    );
  }
  return client.getManifest(repository, match.digest, mediaTypes.manifest);
}

/** uncompressed returns a layer's tar, gunzipped when its media type says gzip. */
function uncompressed(blob: Buffer, mediaType: string): Buffer {
  if (mediaType.endsWith('+zstd') || mediaType.endsWith('.zstd')) {
    throw new Error(`zstd layers (${mediaType}) are not supported`);
  }
  return mediaType.endsWith('gzip') || mediaType.endsWith('+gzip') ? gunzipSync(blob) : blob;
}
