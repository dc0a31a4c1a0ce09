/**
 * Names crossplane render gives what it renders: the XR's deterministic uid and the names of
 * composed resources that ask Crossplane to name them (generateName), both derived the way
 * Crossplane derives them so kxp render prints the same.
 */
import { createHash } from 'node:crypto';

/**
 * xrUid returns the uid crossplane render gives an XR without one: a SHA-1 (version 5) UUID of
 * "<group>/<version>, Kind=<kind>\0<namespace>\0<name>" in the nil namespace.
 */
export function xrUid(apiVersion: string, kind: string, namespace: string, name: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  const gvk = `${group}/${version}, Kind=${kind}`;
  const h = createHash('sha1')
    .update(Buffer.alloc(16))
    .update(`${gvk}\0${namespace}\0${name}`)
    .digest()
    .subarray(0, 16);
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const x = h.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const maxNameLength = 63;
const hashLength = 12;

/**
 * childName returns the name Crossplane gives a composed resource with generateName prefix,
 * owned by the XR with ownerUid, under composition resource name: prefix + 12 hex digits of
 * sha256(ownerUid + name), the prefix cut so the whole fits 63 characters.
 */
export function childName(prefix: string, ownerUid: string, name: string): string {
  const suffix = createHash('sha256')
    .update(ownerUid + name)
    .digest('hex')
    .slice(0, hashLength);
  let parent = prefix;
  if (parent !== '' && !parent.endsWith('-')) parent += '-';
  if (parent.length + suffix.length <= maxNameLength) return parent + suffix;
  let max = maxNameLength - hashLength;
  if (max > 0 && !parent.slice(0, max).endsWith('-')) {
    max--;
    return `${parent.slice(0, max)}-${suffix}`;
  }
  return parent.slice(0, max) + suffix;
}

const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const rbacKinds = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** validName reports whether name is a valid name for an object of kind in group (RBAC names may hold colons). */
export function validName(name: string, group: string, kind: string): boolean {
  const n = group === 'rbac.authorization.k8s.io' && rbacKinds.has(kind) ? name.replaceAll(':', '') : name;
  return n.length <= 253 && dns1123Subdomain.test(n);
}
