/**
 * The annotations the schema conversions put on what they produce, under kxp's one prefix, so the
 * bridge can tell later which Crossplane kind and which source an API came from.
 */

/** crossplaneKindAnnotation on an APIResourceSchema says whether it serves a claim or a namespaced XR. */
export const crossplaneKindAnnotation = 'kxp.dev/crossplane-kind';

/** sourceCRDAnnotation on a published APIResourceSchema names the CRD it was taken from. */
export const sourceCRDAnnotation = 'kxp.dev/source-crd';

/** sourceSchemaAnnotation on a derived XRD names the APIResourceSchema it was derived from. */
export const sourceSchemaAnnotation = 'kxp.dev/source-api-resource-schema';

/**
 * compositionLabelsAnnotation on an XRD holds, as JSON, the labels that choose its Composition when a
 * synced object names none: Crossplane's XRDs can only name a default Composition, not select one.
 */
export const compositionLabelsAnnotation = 'kxp.dev/composition-labels';
