/**
 * Images in memory — a config file and layers — and the pure changes go-containerregistry's `mutate`
 * makes to them (append layers, set the container config), then the two blobs an image is pushed as:
 * its config and its OCI manifest. Nothing here reads a clock, so the same image gives the same digests.
 */
import {
  type ContainerConfig,
  configFileJson,
  type HistoryEntry,
  type ImageConfigFile,
  type Platform,
  sortedRecord,
} from './config.js';
import { sha256Digest } from './digest.js';
import type { Layer } from './layer.js';
import {
  isGzipLayer,
  isUncompressedLayer,
  OCI_CONFIG,
  OCI_LAYER_GZIP,
  OCI_LAYER_TAR,
  OCI_MANIFEST,
} from './media-types.js';

export type { ContainerConfig, HistoryEntry, ImageConfigFile, Platform } from './config.js';

/** An image: its config file and its layers, base layer first. `config.rootfs.diff_ids` lists the layers' diff IDs. */
export interface Image {
  config: ImageConfigFile;
  layers: Layer[];
}

/** A blob ready to store or push: its bytes and the descriptor fields naming them. */
export interface Blob {
  mediaType: string;
  digest: string;
  size: number;
  bytes: Buffer;
}

/** A layer to append with its history entry, like go-containerregistry's `mutate.Addendum`. */
export interface Addendum {
  layer: Layer;
  /** @default { created_by: 'kxp' } */
  history?: HistoryEntry;
}

/** The history entry {@link appendLayers} records for each layer: no time, so digests stay the same. */
export const DEFAULT_HISTORY: HistoryEntry = { created_by: 'kxp' };

/** emptyImage returns an image with no layers and an empty container config for a platform (FROM scratch). */
export function emptyImage(platform: Platform): Image {
  return {
    config: {
      architecture: platform.architecture,
      os: platform.os,
      ...(platform.variant ? { variant: platform.variant } : {}),
      config: {},
      rootfs: { type: 'layers', diff_ids: [] },
    },
    layers: [],
  };
}

/**
 * appendLayers returns a new image with the layers on top of the supplied one: each adds its diff ID to
 * `rootfs.diff_ids` and a {@link DEFAULT_HISTORY} entry to `history`, as `mutate.AppendLayers` does.
 */
export function appendLayers(image: Image, ...layers: Layer[]): Image {
  return append(image, ...layers.map((layer) => ({ layer })));
}

/** append returns a new image with the layers on top, each with its own history entry (`mutate.Append`). */
export function append(image: Image, ...addenda: Addendum[]): Image {
  if (addenda.length === 0) return image;
  return {
    config: {
      ...image.config,
      rootfs: {
        type: 'layers',
        diff_ids: [...image.config.rootfs.diff_ids, ...addenda.map((a) => a.layer.diffId)],
      },
      history: [
        ...(image.config.history ?? []),
        ...addenda.map((a) => ({ ...(a.history ?? DEFAULT_HISTORY) })),
      ],
    },
    layers: [...image.layers, ...addenda.map((a) => a.layer)],
  };
}

/**
 * withConfig returns a new image whose container config (`config.config`) has the supplied fields set
 * over its own; a field given as undefined is removed. (`mutate.Config` replaces the whole config;
 * start from `{}` fields to do that.) Labels are replaced as a whole: see {@link withLabels}.
 */
export function withConfig(image: Image, config: Partial<ContainerConfig>): Image {
  const merged: Record<string, unknown> = { ...image.config.config };
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return { ...image, config: { ...image.config, config: merged as ContainerConfig } };
}

/** withLabels returns a new image with the labels added to its container config's labels. */
export function withLabels(image: Image, labels: Record<string, string>): Image {
  return withConfig(image, { Labels: { ...image.config.config.Labels, ...labels } });
}

/** imagePlatform returns the platform an image's config names. */
export function imagePlatform(image: Image): Platform {
  const { os, architecture, variant } = image.config;
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** configBlob returns the image's config file as a blob ({@link OCI_CONFIG}). */
export function configBlob(image: Image): Blob {
  const bytes = Buffer.from(configFileJson(image.config));
  return { mediaType: OCI_CONFIG, digest: sha256Digest(bytes), size: bytes.length, bytes };
}

/** Options of {@link imageManifest}. */
export interface ImageManifestOptions {
  /** Annotations for a layer's descriptor, set over the layer's own `annotations`. */
  layerAnnotations?: (layer: Layer, index: number) => Record<string, string> | undefined;
  /** Annotations of the manifest itself. */
  annotations?: Record<string, string>;
}

/**
 * imageManifest returns the image's OCI manifest ({@link OCI_MANIFEST}) as a blob: its config blob and
 * its layers, with OCI media types (a Docker gzip layer is listed as an OCI gzip layer: same bytes).
 * Throws when the layers do not match the config's `rootfs.diff_ids`.
 */
export function imageManifest(image: Image, opts: ImageManifestOptions = {}): Blob {
  checkDiffIds(image);
  const config = configBlob(image);
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: config.mediaType, size: config.size, digest: config.digest },
    layers: image.layers.map((layer, i) => ({
      mediaType: ociLayerType(layer.mediaType),
      size: layer.size,
      digest: layer.digest,
      annotations: sortedRecord({ ...layer.annotations, ...opts.layerAnnotations?.(layer, i) }),
    })),
    annotations: sortedRecord(opts.annotations),
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  return { mediaType: OCI_MANIFEST, digest: sha256Digest(bytes), size: bytes.length, bytes };
}

/** checkDiffIds throws unless the image has one layer per diff ID of its config, in the same order. */
export function checkDiffIds(image: Image): void {
  const diffIds = image.config.rootfs.diff_ids;
  if (diffIds.length !== image.layers.length) {
    throw new Error(
      `cannot describe image: its config lists ${diffIds.length} diff IDs but it has ${image.layers.length} layers`,
    );
  }
  image.layers.forEach((layer, i) => {
    if (layer.diffId !== diffIds[i]) {
      throw new Error(
        `cannot describe image: layer ${i} (${layer.digest}) has diff ID ${layer.diffId}, but the config lists ${diffIds[i]}`,
      );
    }
  });
}

function ociLayerType(mediaType: string): string {
  if (isGzipLayer(mediaType)) return OCI_LAYER_GZIP;
  if (
    mediaType !== 'application/vnd.oci.image.layer.nondistributable.v1.tar' &&
    isUncompressedLayer(mediaType)
  ) {
    return OCI_LAYER_TAR;
  }
  return mediaType;
}
