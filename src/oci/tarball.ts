/**
 * The `docker save` tarball, as go-containerregistry's `tarball.Write` writes it and
 * `tarball.ImageFromPath` reads it; `crossplane xpkg build` writes its .xpkg files in this format.
 *
 * The archive holds, in this order: the config file named by its digest (`sha256:<hex>`), each layer
 * named by the hex of its blob digest plus `.tar.gz` (gzip) or `.tar` (uncompressed), written once
 * however often it occurs, and `manifest.json`:
 * `[{"Config":"sha256:<hex>","RepoTags":["repo:tag"] or null,"Layers":["<hex>.tar.gz",...]}]`.
 * Layer media types and annotations are not stored (Crossplane keeps its layer annotations as config
 * labels for that reason); a reader decides whether layers are compressed from their first bytes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { parseConfigFile } from './config.js';
import { digestHex, sha256Digest } from './digest.js';
import { checkDiffIds, configBlob, type Image } from './image.js';
import { compressionOf, type Layer, layerFromBlob } from './layer.js';
import { isGzipLayer, isUncompressedLayer } from './media-types.js';
import { type TarEntry, tarEntriesOf, tarParts } from './tar.js';

/** One image of a tarball's `manifest.json`. */
export interface TarballDescriptor {
  Config: string;
  RepoTags: string[] | null;
  Layers: string[];
}

/**
 * writeImageTarball writes the image to a file as a `docker save` tarball, tagged `tag` if given (a
 * reference without a tag gets `:latest`, as go-containerregistry does). The same image and tag give the
 * same bytes. Throws when the layers do not match the config, or mix gzip and uncompressed blobs
 * (go-containerregistry's reader judges every layer by the first).
 */
export async function writeImageTarball(file: string, image: Image, tag?: string): Promise<void> {
  const fail = (why: string, cause?: unknown): never => {
    throw new Error(`cannot write image tarball ${file}: ${why}`, cause === undefined ? {} : { cause });
  };
  try {
    checkDiffIds(image);
  } catch (cause) {
    fail((cause as Error).message, cause);
  }
  const kinds = new Set(image.layers.map(layerKind));
  if (kinds.has('other')) fail('only gzip and uncompressed layers can be written');
  if (kinds.size > 1)
    fail('its layers mix gzip and uncompressed blobs, which the tarball format cannot tell apart');
  const config = configBlob(image);
  const entries: TarEntry[] = [{ path: config.digest, type: 'file', mode: 0o644, content: config.bytes }];
  const layerFiles = image.layers.map(
    (layer) => `${digestHex(layer.digest)}${layerKind(layer) === 'gzip' ? '.tar.gz' : '.tar'}`,
  );
  const written = new Set<string>();
  image.layers.forEach((layer, i) => {
    const path = layerFiles[i]!;
    if (written.has(path)) return;
    written.add(path);
    entries.push({ path, type: 'file', mode: 0o644, content: layer.blob });
  });
  const manifest: TarballDescriptor[] = [
    { Config: config.digest, RepoTags: tag === undefined ? null : [repoTag(tag, fail)], Layers: layerFiles },
  ];
  entries.push({
    path: 'manifest.json',
    type: 'file',
    mode: 0o644,
    content: Buffer.from(JSON.stringify(manifest)),
  });
  try {
    await writeFile(file, tarParts(entries));
  } catch (cause) {
    fail((cause as Error).message, cause);
  }
}

/**
 * readImageTarball returns the image in a `docker save` tarball (go-containerregistry's, Crossplane's
 * .xpkg, or Docker's own): the one image in it, or the one tagged `tag`. Layers may be gzip or
 * uncompressed, each judged by its first bytes, and keep their blobs as stored; symlinked and hard-linked
 * files are followed. It verifies every layer against the config's diff IDs, and the config and layers
 * against digests in their file names. Throws `cannot read image tarball <file>: <why>`.
 */
export async function readImageTarball(file: string, tag?: string): Promise<Image> {
  try {
    return await readTarball(file, tag);
  } catch (cause) {
    throw new Error(`cannot read image tarball ${file}: ${(cause as Error).message}`, { cause });
  }
}

async function readTarball(file: string, tag: string | undefined): Promise<Image> {
  const files = new Map<string, TarEntry>();
  for await (const entry of tarEntriesOf(await readFile(file))) files.set(entry.path, entry);
  const contentOf = (path: string): Buffer => fileContent(files, path);

  const descriptor = selectDescriptor(parseManifest(contentOf('manifest.json')), tag);
  const configBytes = contentOf(descriptor.Config);
  checkNamedDigest(descriptor.Config, sha256Digest(configBytes), 'config');
  const config = parseConfigFile(configBytes, descriptor.Config);

  const diffIds = config.rootfs.diff_ids;
  if (diffIds.length !== descriptor.Layers.length) {
    throw new Error(
      `manifest.json lists ${descriptor.Layers.length} layers but the config lists ${diffIds.length} diff IDs`,
    );
  }
  const layers: Layer[] = [];
  for (const [i, path] of descriptor.Layers.entries()) {
    const blob = contentOf(path);
    if (compressionOf(blob) === 'zstd')
      throw new Error(`layer ${path} is zstd-compressed, which kxp does not read`);
    const layer = await layerFromBlob(blob);
    checkNamedDigest(path, layer.digest, 'layer');
    if (layer.diffId !== diffIds[i]) {
      throw new Error(
        `layer ${path} has diff ID ${layer.diffId}, but the config lists ${diffIds[i]} for layer ${i}`,
      );
    }
    layers.push(layer);
  }
  return { config, layers };
}

function parseManifest(bytes: Buffer): TarballDescriptor[] {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString());
  } catch (cause) {
    throw new Error(`manifest.json is not JSON: ${(cause as Error).message}`, { cause });
  }
  const valid =
    Array.isArray(raw) &&
    raw.every(
      (d) =>
        typeof d?.Config === 'string' &&
        Array.isArray(d.Layers) &&
        d.Layers.every((l: unknown) => typeof l === 'string') &&
        (d.RepoTags == null ||
          (Array.isArray(d.RepoTags) && d.RepoTags.every((t: unknown) => typeof t === 'string'))),
    );
  if (!valid) throw new Error('manifest.json is not a list of {Config, RepoTags, Layers}');
  return raw as TarballDescriptor[];
}

function selectDescriptor(manifest: TarballDescriptor[], tag: string | undefined): TarballDescriptor {
  if (tag === undefined) {
    if (manifest.length !== 1) {
      throw new Error(`it holds ${manifest.length} images; name the one to read by its tag`);
    }
    return manifest[0]!;
  }
  const wanted = repoTag(tag, (why) => {
    throw new Error(why);
  });
  const found = manifest.find((d) => d.RepoTags?.some((t) => t === tag || t === wanted));
  if (!found) throw new Error(`it holds no image tagged ${tag}`);
  return found;
}

/** fileContent returns a file's content, following symlinks (relative to the link) and hard links. */
function fileContent(files: Map<string, TarEntry>, wanted: string): Buffer {
  let path = normalized(wanted);
  const seen = new Set<string>();
  for (;;) {
    if (seen.has(path)) throw new Error(`${wanted} is a link in a cycle`);
    seen.add(path);
    const entry = files.get(path);
    if (!entry) throw new Error(`it has no file ${wanted}`);
    if (entry.type === 'file') return entry.content ?? Buffer.alloc(0);
    if (entry.type === 'directory') throw new Error(`${wanted} is a directory`);
    path =
      entry.type === 'symlink'
        ? normalized(posix.join(posix.dirname(path), entry.linkname ?? ''))
        : normalized(entry.linkname ?? '');
  }
}

/** Checks a blob's digest against the one its file name carries, if it carries one. */
function checkNamedDigest(path: string, digest: string, what: string): void {
  const hex = /^(?:sha256:)?([0-9a-f]{64})(?:\.json|\.tar|\.tar\.gz)?$/.exec(posix.basename(path))?.[1];
  if (hex !== undefined && `sha256:${hex}` !== digest) {
    throw new Error(`${what} ${path} has digest ${digest}, not the one its name says`);
  }
}

function layerKind(layer: Layer): 'gzip' | 'tar' | 'other' {
  if (isGzipLayer(layer.mediaType)) return 'gzip';
  if (isUncompressedLayer(layer.mediaType)) return 'tar';
  return 'other';
}

/** repoTag returns a reference as `RepoTags` holds it: with `:latest` when it has no tag. */
function repoTag(reference: string, fail: (why: string) => never): string {
  if (reference === '' || reference.includes('@')) {
    return fail(`${JSON.stringify(reference)} is not a tag (like registry/repository:tag)`);
  }
  const last = reference.slice(reference.lastIndexOf('/') + 1);
  return last.includes(':') ? reference : `${reference}:latest`;
}

function normalized(path: string): string {
  const clean = posix.normalize(path.replace(/^\/+/, ''));
  return clean.replace(/\/+$/, '') || '.';
}
