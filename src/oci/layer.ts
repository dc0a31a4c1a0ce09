/**
 * Image layers: a tar archive, compressed or not, with the two digests OCI names it by — the digest of
 * the blob as stored (`digest`, what manifests list) and of the uncompressed tar (`diffId`, what the
 * image config lists in `rootfs.diff_ids`).
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { sha256Digest } from './digest.js';
import { isGzipLayer, isUncompressedLayer, OCI_LAYER_GZIP, OCI_LAYER_TAR } from './media-types.js';
import { type TarEntry, tarEntriesOf } from './tar.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** One layer of an image, its blob held in memory. */
export interface Layer {
  /** {@link OCI_LAYER_GZIP} or {@link OCI_LAYER_TAR}. */
  mediaType: string;
  /** The digest of `blob`. */
  digest: string;
  /** The length of `blob` in bytes. */
  size: number;
  /** The digest of the uncompressed tar. */
  diffId: string;
  /** The layer as stored and pushed: gzip-compressed, or the tar itself. */
  blob: Buffer;
  /** Annotations for the layer's descriptor in a manifest. */
  annotations?: Record<string, string>;
}

/** Options of {@link gzipLayer}. */
export interface GzipLayerOptions {
  /**
   * The zlib compression level, 0 (none) to 9 (smallest).
   * @default 6 (zlib's and Go's default)
   */
  level?: number;
}

/**
 * gzipLayer returns the gzip-compressed layer ({@link OCI_LAYER_GZIP}) of a tar archive. The gzip header
 * carries no name and no time, so the same tar, level and Node (zlib) version give the same digest.
 */
export async function gzipLayer(tar: Buffer, opts: GzipLayerOptions = {}): Promise<Layer> {
  const level = opts.level ?? 6;
  let blob: Buffer;
  try {
    blob = await gzipAsync(tar, { level });
  } catch (cause) {
    throw new Error(`cannot compress layer: ${(cause as Error).message}`, { cause });
  }
  return {
    mediaType: OCI_LAYER_GZIP,
    digest: sha256Digest(blob),
    size: blob.length,
    diffId: sha256Digest(tar),
    blob,
  };
}

/** uncompressedLayer returns a layer ({@link OCI_LAYER_TAR}) that stores the tar archive as it is. */
export function uncompressedLayer(tar: Buffer): Layer {
  const digest = sha256Digest(tar);
  return { mediaType: OCI_LAYER_TAR, digest, size: tar.length, diffId: digest, blob: tar };
}

/**
 * layerFromBlob returns the layer of a blob read from somewhere else (a registry, a tarball), computing
 * its digests. The media type says whether the blob is gzip-compressed; without one the blob's first
 * bytes decide, as go-containerregistry does for `docker save` tarballs. Throws for zstd and for blobs
 * that are not valid gzip.
 */
export async function layerFromBlob(blob: Buffer, mediaType?: string): Promise<Layer> {
  const compressed = mediaType === undefined ? compressionOf(blob) : compressionOfType(mediaType);
  if (compressed === 'zstd') throw new Error('cannot read layer: zstd-compressed layers are not supported');
  const digest = sha256Digest(blob);
  if (compressed === 'none') {
    return { mediaType: mediaType ?? OCI_LAYER_TAR, digest, size: blob.length, diffId: digest, blob };
  }
  const tar = await gunzipOf(blob, digest);
  return {
    mediaType: mediaType ?? OCI_LAYER_GZIP,
    digest,
    size: blob.length,
    diffId: sha256Digest(tar),
    blob,
  };
}

/** layerTar returns a layer's uncompressed tar archive. */
export async function layerTar(layer: Layer): Promise<Buffer> {
  return compressionOf(layer.blob) === 'gzip' ? gunzipOf(layer.blob, layer.digest) : layer.blob;
}

/** layerEntries returns the entries of a layer's tar archive, files with their content (see tarEntriesOf). */
export async function* layerEntries(layer: Layer): AsyncGenerator<TarEntry> {
  yield* tarEntriesOf(await layerTar(layer));
}

/** compressionOf returns how a blob is compressed, from its magic bytes. */
export function compressionOf(blob: Buffer): 'gzip' | 'zstd' | 'none' {
  if (blob.length >= 2 && blob[0] === 0x1f && blob[1] === 0x8b) return 'gzip';
  if (blob.length >= 4 && blob.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  return 'none';
}

function compressionOfType(mediaType: string): 'gzip' | 'zstd' | 'none' {
  if (isGzipLayer(mediaType)) return 'gzip';
  if (isUncompressedLayer(mediaType)) return 'none';
  if (mediaType.endsWith('+zstd') || mediaType.endsWith('.zstd')) return 'zstd';
  throw new Error(`cannot read layer: media type ${mediaType} is not a layer kxp reads`);
}

async function gunzipOf(blob: Buffer, digest: string): Promise<Buffer> {
  try {
    return await gunzipAsync(blob);
  } catch (cause) {
    throw new Error(`cannot decompress layer ${digest}: ${(cause as Error).message}`, { cause });
  }
}
