/**
 * The binding record both modes end in: which kcp resource is served by which Crossplane kind. The
 * sync engine reads it to move objects from consumer workspaces into the service cluster and back.
 */

/** APIKind names one served kind: where it lives in the API and what it is called. */
export interface APIKind {
  group: string;
  version: string;
  /** resource is the plural resource name. */
  resource: string;
  kind: string;
}

/** BindingMode says what the kcp objects become in the service cluster: legacy claims or namespaced v2 XRs. */
export type BindingMode = 'claim' | 'xr';

/** Binding is one kcp resource bound to the Crossplane kind that implements it. */
export interface Binding {
  /** export is the APIExport that offers the resource: its workspace path and name. */
  export: { workspace: string; name: string };
  /** kcp is the resource consumers create in their workspaces (the export's storage version). */
  kcp: APIKind;
  /** service is the kind the bridge creates in the service cluster. */
  service: APIKind;
  mode: BindingMode;
  /** schemaName is the APIResourceSchema the export serves the resource with. */
  schemaName: string;
  /** xrdName is the CompositeResourceDefinition that implements it. */
  xrdName: string;
}

/** bindingKey returns the key of a binding's kcp resource, `<resource>.<group>`, as the export names it. */
export function bindingKey(b: Pick<Binding, 'kcp'>): string {
  return `${b.kcp.resource}.${b.kcp.group}`;
}

/** XRDShape is what bindingFromXRD reads of an XRD. */
export interface XRDShape {
  metadata?: { name?: string };
  spec?: {
    group?: string;
    names?: { plural?: string; kind?: string };
    claimNames?: { plural?: string; kind?: string };
    versions?: { name: string; referenceable?: boolean }[];
  };
}

/**
 * bindingFromXRD returns the binding an XRD makes: its claim, or its namespaced XR, is the kcp resource
 * (same group, referenceable version), served by the schema schemaName. Undefined when the XRD is incomplete.
 */
export function bindingFromXRD(
  xrd: XRDShape,
  exp: Binding['export'],
  schemaName: string,
): Binding | undefined {
  const spec = xrd.spec;
  const names = spec?.claimNames ?? spec?.names;
  const version = spec?.versions?.find((v) => v.referenceable)?.name;
  if (!spec?.group || !names?.plural || !names.kind || !version || !xrd.metadata?.name) return undefined;
  const kind: APIKind = { group: spec.group, version, resource: names.plural, kind: names.kind };
  return {
    export: exp,
    kcp: kind,
    service: { ...kind },
    mode: spec.claimNames ? 'claim' : 'xr',
    schemaName,
    xrdName: xrd.metadata.name,
  };
}
