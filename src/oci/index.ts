/**
 * The OCI image index (`application/vnd.oci.image.index.v1+json`): one manifest per platform, which is
 * how a multi-architecture function package is pushed (Crossplane picks `linux/amd64`).
 */
import { type Platform, sortedRecord } from './config.js';
import { sha256Digest } from './digest.js';
import type { Blob } from './image.js';
import { OCI_INDEX } from './media-types.js';

/** One manifest of an index and the platform it runs on. */
export interface IndexEntry {
  manifest: Blob;
  platform: Platform;
}

/**
 * imageIndex returns the OCI index of the manifests, in the order given, as a blob ({@link OCI_INDEX}).
 * Throws when two entries name the same platform.
 */
export function imageIndex(manifests: IndexEntry[], annotations?: Record<string, string>): Blob {
  const seen = new Set<string>();
  for (const { platform } of manifests) {
    const key = platformString(platform);
    if (seen.has(key)) throw new Error(`cannot write image index: two manifests are for ${key}`);
    seen.add(key);
  }
  const index = {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: manifests.map(({ manifest, platform }) => ({
      mediaType: manifest.mediaType,
      size: manifest.size,
      digest: manifest.digest,
      platform: {
        architecture: platform.architecture,
        os: platform.os,
        variant: platform.variant || undefined,
      },
    })),
    annotations: sortedRecord(annotations),
  };
  const bytes = Buffer.from(JSON.stringify(index));
  return { mediaType: OCI_INDEX, digest: sha256Digest(bytes), size: bytes.length, bytes };
}

/** platformString returns a platform as `os/architecture[/variant]`, e.g. `linux/arm64/v8`. */
export function platformString(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}
