/**
 * Content digests as OCI writes them: `sha256:<64 lowercase hex digits>`.
 */
import { createHash } from 'node:crypto';

const DIGEST = /^sha256:([0-9a-f]{64})$/;

/** sha256Digest returns the OCI digest (`sha256:<hex>`) of the supplied bytes (a string is hashed as UTF-8). */
export function sha256Digest(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** isDigest returns whether a string is a sha256 digest in OCI's form. */
export function isDigest(value: string): boolean {
  return DIGEST.test(value);
}

/**
 * digestHex returns the hex part of a sha256 digest (what `docker save` tarballs name layers by),
 * throwing if the string is not a sha256 digest.
 */
export function digestHex(digest: string): string {
  const hex = DIGEST.exec(digest)?.[1];
  if (hex === undefined) {
    throw new Error(
      `cannot read digest ${JSON.stringify(digest)}: it is not sha256:<64 lowercase hex digits>`,
    );
  }
  return hex;
}
