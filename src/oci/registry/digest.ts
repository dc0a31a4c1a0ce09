import { createHash } from 'node:crypto';

// Content digests as the registry client needs them. Private to src/oci/registry: the rest of
// kxp has its own digest helpers in src/oci/; this module works on raw bytes and depends on none.

const hexLength: Record<string, number> = { sha256: 64, sha512: 128 };

/** digestOf returns the `<algorithm>:<hex>` digest of bytes (sha256 unless told otherwise). */
export function digestOf(bytes: Uint8Array, algorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/**
 * checkDigest returns the algorithm of a digest string the client can verify (sha256 or sha512),
 * or throws `cannot use digest ...` naming what is wrong with it.
 */
export function checkDigest(digest: string): string {
  const [algorithm = '', hex = ''] = digest.split(':', 2);
  const want = hexLength[algorithm];
  if (!want) {
    throw new Error(`cannot use digest ${JSON.stringify(digest)}: want sha256:<hex> or sha512:<hex>`);
  }
  if (hex.length !== want || !/^[0-9a-f]+$/.test(hex)) {
    throw new Error(
      `cannot use digest ${JSON.stringify(digest)}: want ${want} lowercase hex digits after ${algorithm}:`,
    );
  }
  return algorithm;
}

/** isDigest reports whether a manifest reference is a digest (it has an algorithm and a colon). */
export function isDigest(reference: string): boolean {
  return reference.includes(':');
}

/** actualDigest returns the digest of bytes computed with the same algorithm as expected. */
export function actualDigest(expected: string, bytes: Uint8Array): string {
  return digestOf(bytes, checkDigest(expected));
}
