/**
 * Composed resources: those an XR already has (observed, found through its resourceRefs) and
 * those the pipeline desires, given the metadata Crossplane derives from the XR before applying
 * them: namespace, generated name, composition resource name, composite and claim labels, and
 * the XR as controller.
 */
import { type JsonObject, Ready, type Resource, type State } from '../function/wire/types.js';
import { childName, validName } from './naming.js';
import type { RenderEvent } from './pipeline.js';
import { secretData } from './step-request.js';
import { child, copy, groupOf, isObject, labelsOf, refOf, type Store } from './store.js';
import { type ResourceRef, resourceRefs, type XrSchema } from './xr.js';

/** The annotation naming a composed resource within its composition. */
export const compositionResourceName = 'crossplane.io/composition-resource-name';
/** The label naming the XR that composed a resource (and prefixing generated names). */
export const compositeLabel = 'crossplane.io/composite';
const claimNameLabel = 'crossplane.io/claim-name';
const claimNamespaceLabel = 'crossplane.io/claim-namespace';

/** A composed resource ready to apply, and whether the pipeline said it is ready. */
export interface ComposedResource {
  name: string;
  resource: JsonObject;
  ready: boolean;
}

/**
 * observeComposed returns the XR's existing composed resources by composition resource name, as
 * observed state: each one its resourceRefs name that store holds and the XR controls, with its
 * connection details.
 */
export function observeComposed(xr: JsonObject, schema: XrSchema, store: Store): Record<string, Resource> {
  const out: Record<string, Resource> = {};
  for (const ref of resourceRefs(xr, schema)) {
    const obj = ref.name ? observedFor(ref, xr, store) : undefined;
    if (!obj) continue;
    const name = annotationsOf(obj)[compositionResourceName];
    if (!name) {
      throw new Error(
        `cannot get existing composed resources: encountered composed resource without required "${compositionResourceName}" annotation`,
      );
    }
    out[name] = { resource: obj, connectionDetails: connectionDetails(obj, store), ready: Ready.UNSPECIFIED };
  }
  return out;
}

/** observedFor returns the object ref names, when store holds it and the XR controls it (or nothing does). */
function observedFor(ref: ResourceRef, xr: JsonObject, store: Store): JsonObject | undefined {
  const namespace = refOf(xr).namespace ?? ref.namespace;
  const key = { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name };
  const obj = store.get(namespace ? { ...key, namespace } : key);
  const controller = obj && controllerOf(obj);
  return controller && controller.uid !== uidOf(xr) ? undefined : obj;
}

/** connectionDetails returns the data of the Secret obj's spec.writeConnectionSecretToRef names, if any. */
export function connectionDetails(
  obj: JsonObject,
  store: Store,
  ref = isObject(obj.spec) ? obj.spec.writeConnectionSecretToRef : undefined,
): Record<string, Buffer> {
  if (!isObject(ref) || typeof ref.name !== 'string') return {};
  const namespace = refOf(obj).namespace ?? (typeof ref.namespace === 'string' ? ref.namespace : '');
  const secret = store.get({ apiVersion: 'v1', kind: 'Secret', namespace, name: ref.name });
  return secret ? secretData(secret) : {};
}

/**
 * desiredComposed returns the pipeline's desired composed resources, sorted by name, each with
 * Crossplane's metadata; observed ones keep their namespace and name. It adds a warning to events
 * for every resource it moves into a namespaced XR's namespace, and throws for a bad name.
 */
export function desiredComposed(
  desired: State,
  xr: JsonObject,
  observed: Record<string, Resource>,
  events: RenderEvent[],
): ComposedResource[] {
  const xrRef = refOf(xr);
  const out: ComposedResource[] = [];
  for (const name of Object.keys(desired.resources).sort()) {
    const d = desired.resources[name];
    const cd = copy(d?.resource ?? {});
    const meta = child(cd, 'metadata');
    const seen = observed[name]?.resource;
    if (seen) keepNames(meta, isObject(seen.metadata) ? seen.metadata : {});
    const ns = typeof meta.namespace === 'string' ? meta.namespace : '';
    if (xrRef.namespace && ns !== '' && ns !== xrRef.namespace) {
      events.push({
        type: 'Warning',
        reason: 'NamespaceOverridden',
        message: `cannot create composed resource ${JSON.stringify(name)} in namespace ${JSON.stringify(ns)}, using XR namespace ${JSON.stringify(xrRef.namespace)} instead`,
      });
    }
    renderMetadata(cd, xr, name);
    const ref = refOf(cd);
    if (!validName(ref.name, groupOf(ref.apiVersion), ref.kind)) {
      throw new Error(
        `cannot apply composed resource ${JSON.stringify(name)} because it has an invalid name ${JSON.stringify(ref.name)}. Must be a valid RFC 1123 subdomain name.`,
      );
    }
    out.push({ name, resource: cd, ready: d?.ready === Ready.TRUE });
  }
  return out;
}

/** keepNames sets the namespace, name and generateName of an observed resource's metadata (seen) on meta. */
function keepNames(meta: JsonObject, seen: JsonObject): void {
  for (const k of ['namespace', 'name', 'generateName'] as const) {
    const v = seen[k];
    if (typeof v === 'string' && v !== '') meta[k] = v;
    else delete meta[k];
  }
}

/** renderMetadata sets the metadata Crossplane derives from the XR on composed resource cd (RenderComposedResourceMetadata). */
function renderMetadata(cd: JsonObject, xr: JsonObject, name: string): void {
  const meta = child(cd, 'metadata');
  const xrLabels = labelsOf(xr);
  const prefix = xrLabels[compositeLabel] ?? '';
  if (!meta.name && !meta.generateName) meta.generateName = `${prefix}-`;
  const xrRef = refOf(xr);
  if (xrRef.namespace) meta.namespace = xrRef.namespace;
  child(meta, 'annotations')[compositionResourceName] = name;
  const labels = child(meta, 'labels');
  labels[compositeLabel] = prefix;
  if (xrLabels[claimNameLabel] && xrLabels[claimNamespaceLabel]) {
    labels[claimNameLabel] = xrLabels[claimNameLabel];
    labels[claimNamespaceLabel] = xrLabels[claimNamespaceLabel];
  }
  setController(cd, xr, name);
  if (!meta.name && typeof meta.generateName === 'string' && uidOf(xr)) {
    meta.name = childName(meta.generateName, uidOf(xr), name);
  }
}

/** setController makes the XR the controller of composed resource cd, or throws when another one is. */
function setController(cd: JsonObject, xr: JsonObject, name: string): void {
  const xrRef = refOf(xr);
  const owner = {
    apiVersion: xrRef.apiVersion,
    kind: xrRef.kind,
    name: xrRef.name,
    uid: uidOf(xr),
    controller: true,
    blockOwnerDeletion: true,
  };
  const controller = controllerOf(cd);
  if (controller && controller.uid !== owner.uid) {
    throw new Error(
      `cannot render metadata for composed resource ${JSON.stringify(name)}: cannot set controller reference: ${refOf(cd).name} is already controlled by ${controller.kind} ${controller.name} (UID ${controller.uid})`,
    );
  }
  const meta = child(cd, 'metadata');
  const refs = Array.isArray(meta.ownerReferences) ? meta.ownerReferences.filter(isObject) : [];
  const i = refs.findIndex((r) => r.uid === owner.uid);
  if (i >= 0) refs[i] = owner;
  else refs.push(owner);
  meta.ownerReferences = refs;
}

/**
 * composedRefs returns the XR's references to the composed resources, sorted as Crossplane sorts
 * them; a namespaced XR's references carry no namespace.
 */
export function composedRefs(composed: ComposedResource[], xr: JsonObject): ResourceRef[] {
  const namespaced = refOf(xr).namespace !== undefined;
  const refs = composed.map((c): ResourceRef & { uid?: string } => {
    const r = refOf(c.resource);
    const ref: ResourceRef & { uid?: string } = { apiVersion: r.apiVersion, kind: r.kind, name: r.name };
    if (!namespaced && r.namespace) ref.namespace = r.namespace;
    const uid = uidOf(c.resource);
    if (uid) ref.uid = uid;
    return ref;
  });
  const key = (r: ResourceRef) => r.apiVersion + r.kind + r.name + (r.namespace ?? '');
  return refs.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** controllerOf returns obj's controller reference, if any. */
export function controllerOf(obj: JsonObject): { uid: string; kind: string; name: string } | undefined {
  const refs = isObject(obj.metadata) ? obj.metadata.ownerReferences : undefined;
  if (!Array.isArray(refs)) return undefined;
  const c = refs.filter(isObject).find((r) => r.controller === true);
  return c && { uid: String(c.uid ?? ''), kind: String(c.kind ?? ''), name: String(c.name ?? '') };
}

function uidOf(obj: JsonObject): string {
  const uid = isObject(obj.metadata) ? obj.metadata.uid : undefined;
  return typeof uid === 'string' ? uid : '';
}

function annotationsOf(obj: JsonObject): Record<string, string> {
  const a = isObject(obj.metadata) ? obj.metadata.annotations : undefined;
  const out: Record<string, string> = {};
  if (isObject(a)) for (const [k, v] of Object.entries(a)) if (typeof v === 'string') out[k] = v;
  return out;
}
