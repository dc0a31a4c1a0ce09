/**
 * Stable names for composed resources: readable, deterministic, unique per XR, and valid as a
 * Kubernetes DNS-1123 label, whatever the XR and the template feed in.
 */
import { createHash } from 'node:crypto';

/** The most characters a DNS-1123 label (and so a stableName) may have. */
export const maxNameLength = 63;

/** How many hex digits of the hash end a stable name. */
export const hashLength = 8;

/** What stableName reads of the XR. */
export interface NameOwner {
  uid?: string | undefined;
  namespace?: string | undefined;
  name?: string | undefined;
}

/**
 * stableName returns a DNS-1123 label for a resource of owner: the owner's name and parts joined by
 * "-", lower-cased, with anything else than letters, digits and "-" turned into "-", cut to fit
 * maxLength, then "-" and the first hashLength hex digits of a SHA-256 over the owner's uid,
 * namespace and name and the parts as given. The same owner and parts always give the same name;
 * XRs of one name in two namespaces, or recreated with a new uid, give different ones, and so do
 * parts that differ only in what the cleaning removes.
 */
export function stableName(owner: NameOwner, parts: string[], maxLength = maxNameLength): string {
  if (!Number.isInteger(maxLength) || maxLength < hashLength || maxLength > maxNameLength) {
    throw new Error(
      `cannot make a stable name: max must be a whole number from ${hashLength} to ${maxNameLength}, not ${maxLength}`,
    );
  }
  const hash = createHash('sha256')
    .update(JSON.stringify([owner.uid ?? '', owner.namespace ?? '', owner.name ?? '', ...parts]))
    .digest('hex')
    .slice(0, hashLength);
  const room = maxLength - hashLength - 1;
  const base = dnsLabel([owner.name ?? '', ...parts].join('-'))
    .slice(0, Math.max(room, 0))
    .replace(/-+$/, '');
  return base ? `${base}-${hash}` : hash;
}

/** dnsLabel returns text lower-cased, with runs of other characters than a-z, 0-9 and "-" as one "-", trimmed of "-". */
export function dnsLabel(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
}
