/**
 * What Crossplane v2.4 adds to the CRDs it generates from an XRD, written once for publishing,
 * deriving and checking schemas. The source of truth is crossplane-runtime v2.4.0 pkg/xcrd
 * (crd.go: ForCompositeResource, ForCompositeResourceClaim, genCrdVersion; schemas.go:
 * CompositeResourceSpecProps, CompositeResourceClaimSpecProps, CompositeResourceStatusProps and the
 * printer columns). Crossplane copies these over any equally named field of the XRD's schema.
 */

/** CrossplaneKind is what a kcp resource is on the Crossplane side: a claim of a legacy XRD or a namespaced XR. */
export type CrossplaneKind = 'claim' | 'xr';

/**
 * modernSpecField is the one field Crossplane adds under spec of a Namespaced or Cluster (v2) XR. Under
 * it: compositionRef, compositionSelector, compositionRevisionRef, compositionRevisionSelector,
 * compositionUpdatePolicy and resourceRefs.
 */
export const modernSpecField = 'crossplane';

/**
 * claimSpecFields are the fields Crossplane adds at the top of a claim's spec, except
 * writeConnectionSecretToRef, which the claim's author sets to ask for the connection Secret.
 */
export const claimSpecFields = [
  'compositionRef',
  'compositionSelector',
  'compositionRevisionRef',
  'compositionRevisionSelector',
  'compositionUpdatePolicy',
  'compositeDeletePolicy',
  'resourceRef',
] as const;

/** claimConnectionSecretField is the claim's own field naming the Secret for its connection details. */
export const claimConnectionSecretField = 'writeConnectionSecretToRef';

/**
 * legacyXRSpecFields are the fields Crossplane adds at the top of a LegacyCluster XR's spec. A derived
 * legacy XRD's schema leaves them out, since the XR shares the claim's schema.
 */
export const legacyXRSpecFields = [
  'compositionRef',
  'compositionSelector',
  'compositionRevisionRef',
  'compositionRevisionSelector',
  'compositionUpdatePolicy',
  'resourceRefs',
  'claimRef',
  'writeConnectionSecretToRef',
] as const;

/** modernStatusFields are the status fields Crossplane adds to a Namespaced or Cluster XR. */
export const modernStatusFields = ['conditions'] as const;

/**
 * legacyStatusFields are the status fields Crossplane adds to a LegacyCluster XR and (by what
 * Crossplane's own TODO calls a bug, for claimConditionTypes) to its claim.
 */
export const legacyStatusFields = ['conditions', 'connectionDetails', 'claimConditionTypes'] as const;

/** claimCategory and compositeCategory are the categories Crossplane appends to claim and XR CRDs. */
export const claimCategory = 'claim';
export const compositeCategory = 'composite';

/** The printer columns Crossplane appends to every claim CRD and every XR CRD, by name. */
export const claimColumns = ['SYNCED', 'READY', 'CONNECTION-SECRET', 'AGE'] as const;
export const compositeColumns = ['SYNCED', 'READY', 'COMPOSITION', 'COMPOSITIONREVISION', 'AGE'] as const;

/**
 * Which schema keywords genCrdVersion keeps from the XRD, per level; it drops the rest (`type` is listed
 * because Crossplane sets the same `object`). The root keeps only description and
 * x-kubernetes-validations besides its properties, of which only metadata.name's maxLength (capped at
 * 63), spec and status; its `required` is always Crossplane's own `[spec]`.
 */
export const keptRootKeywords = ['type', 'description', 'x-kubernetes-validations', 'properties'];
export const keptSpecKeywords = [
  'type',
  'description',
  'properties',
  'required',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-validations',
  'oneOf',
];
export const keptStatusKeywords = [
  'type',
  'description',
  'properties',
  'required',
  'x-kubernetes-validations',
  'oneOf',
];

/** crossplaneSpecFields returns the spec fields that Crossplane owns on kind. */
export function crossplaneSpecFields(kind: CrossplaneKind): readonly string[] {
  return kind === 'xr' ? [modernSpecField] : claimSpecFields;
}
