/**
 * `kxp package push`: packages (one file per architecture) pushed to a registry as one tag. Every
 * blob goes first, then each image's manifest by digest, and the tag last — on the index joining
 * them, or on the manifest when there is one file — so a push that fails part way leaves no tag
 * pointing at half a package. Each layer Crossplane reads is annotated in the manifest from the
 * config label that records it, as Crossplane's own push does.
 */
import { type Blob, configBlob, type Image, imageManifest, imagePlatform } from '../oci/image.js';
import { imageIndex } from '../oci/index.js';
import { RegistryClient, type RegistryClientOptions } from '../oci/registry/client.js';
import { formatReference, parseReference } from '../oci/registry/reference.js';
import { readImageTarball } from '../oci/tarball.js';
import { xpkgLabel } from './build.js';

export interface PushOptions extends RegistryClientOptions {
  log?: (message: string) => void;
}

/** What was pushed: the reference with its tag, and the digest the tag points at. */
export interface Pushed {
  reference: string;
  digest: string;
  /** images are the platform manifests' digests, by platform. */
  images: Record<string, string>;
}

/** pushPackages pushes the package files to ref (registry/repository:tag) and returns what the tag names. */
export async function pushPackages(files: string[], ref: string, opts: PushOptions = {}): Promise<Pushed> {
  const log = opts.log ?? (() => {});
  if (files.length === 0) throw new Error('cannot push: no package files given');
  const target = parseReference(ref);
  if (target.digest) throw new Error(`cannot push to ${ref}: name a tag, not a digest`);
  const tag = target.tag ?? 'latest';
  const images: Image[] = [];
  for (const file of files) images.push(await readImageTarball(file));
  const client = new RegistryClient(target.registry, opts);
  const name = formatReference({ ...target, tag });
  try {
    const manifests: { manifest: Blob; image: Image }[] = [];
    for (const [i, image] of images.entries()) {
      log(`pushing ${files[i]} (${imagePlatform(image).architecture})`);
      manifests.push({ manifest: await pushImage(client, target.repository, image), image });
    }
    const out: Pushed = { reference: name, digest: '', images: {} };
    for (const { manifest, image } of manifests) {
      const p = imagePlatform(image);
      out.images[`${p.os}/${p.architecture}`] = manifest.digest;
    }
    const [only] = manifests;
    if (manifests.length === 1 && only) {
      out.digest = await client.pushManifest(
        target.repository,
        tag,
        only.manifest.mediaType,
        only.manifest.bytes,
      );
    } else {
      const index = imageIndex(
        manifests.map((m) => ({ manifest: m.manifest, platform: imagePlatform(m.image) })),
      );
      out.digest = await client.pushManifest(target.repository, tag, index.mediaType, index.bytes);
    }
    return out;
  } finally {
    client.close();
  }
}

/** pushImage pushes an image's layers, config and manifest (by digest), and returns the manifest. */
async function pushImage(client: RegistryClient, repository: string, image: Image): Promise<Blob> {
  for (const layer of image.layers) await client.pushBlob(repository, layer.digest, layer.blob);
  const config = configBlob(image);
  await client.pushBlob(repository, config.digest, config.bytes);
  const labels = image.config.config.Labels ?? {};
  const manifest = imageManifest(image, {
    layerAnnotations: (layer) => {
      const value = labels[`${xpkgLabel}:${layer.digest}`];
      return value ? { [xpkgLabel]: value } : undefined;
    },
  });
  await client.pushManifest(repository, manifest.digest, manifest.mediaType, manifest.bytes);
  return manifest;
}
