import { createHash } from 'node:crypto';
import { canonicalJSON } from './canonical.js';

/**
 * shortHash returns the first length hex digits of the SHA-256 of value's canonical JSON: stable under
 * key reordering, different (with overwhelming likelihood) for any other change. Ten digits (40 bits)
 * keep names short while a collision among one resource's schema generations stays out of reach.
 */
export function shortHash(value: unknown, length = 10): string {
  return createHash('sha256').update(canonicalJSON(value)).digest('hex').slice(0, length);
}
