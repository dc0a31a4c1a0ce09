/**
 * What happens to an XR before its pipeline runs, in crossplane render: the inputs are checked
 * against each other, the XR gets a deterministic uid, references to the observed resources, the
 * Composition's reference, the label its composed resources are named after and, when legacy, a
 * connection Secret.
 */
import type { JsonObject } from '../function/wire/types.js';
import { compositeLabel, controllerOf } from './composed.js';
import { xrUid } from './naming.js';
import { child, isObject, labelsOf, refOf } from './store.js';
import {
  setResourceRefs,
  setWriteConnectionSecretToRef,
  writeConnectionSecretToRef,
  type XrSchema,
} from './xr.js';

/** checkInputs throws when the Composition cannot compose the XR, in crossplane render's words. */
export function checkInputs(xr: JsonObject, composition: JsonObject): void {
  const spec = isObject(composition.spec) ? composition.spec : {};
  const typeRef = isObject(spec.compositeTypeRef) ? spec.compositeTypeRef : {};
  const name = isObject(composition.metadata) ? String(composition.metadata.name ?? '') : '';
  if (typeRef.kind !== xr.kind) {
    throw new Error(
      `composition's compositeTypeRef.kind (${String(typeRef.kind)}) does not match XR's kind (${String(xr.kind)})`,
    );
  }
  if (typeRef.apiVersion !== xr.apiVersion) {
    throw new Error(
      `composition's compositeTypeRef.apiVersion (${String(typeRef.apiVersion)}) does not match XR's apiVersion (${String(xr.apiVersion)})`,
    );
  }
  const compLabels = labelsOf(composition);
  for (const [key, value] of Object.entries(compositionSelector(xr))) {
    if (!(key in compLabels))
      throw new Error(`composition ${JSON.stringify(name)} is missing required label ${JSON.stringify(key)}`);
    if (compLabels[key] !== value) {
      throw new Error(
        `composition ${JSON.stringify(name)} has incorrect value for label ${JSON.stringify(key)}: want ${JSON.stringify(value)}, got ${JSON.stringify(compLabels[key])}`,
      );
    }
  }
  if (spec.mode !== 'Pipeline') {
    throw new Error(
      `render only supports Composition Function pipelines: Composition ${JSON.stringify(name)} must use spec.mode: Pipeline`,
    );
  }
}

/** compositionSelector returns the labels the XR selects its Composition by (either schema). */
function compositionSelector(xr: JsonObject): Record<string, string> {
  const spec = isObject(xr.spec) ? xr.spec : {};
  const holder = isObject(spec.crossplane) ? spec.crossplane : spec;
  const sel = isObject(holder.compositionSelector) ? holder.compositionSelector.matchLabels : undefined;
  const out: Record<string, string> = {};
  if (isObject(sel)) for (const [k, v] of Object.entries(sel)) out[k] = String(v);
  return out;
}

/**
 * prepareXr gives xr (in place) what crossplane render's store gives it: a uid when it has none, a
 * resourceVersion, and references to the observed resources, which it checks belong to the XR.
 */
export function prepareXr(xr: JsonObject, schema: XrSchema, observed: readonly JsonObject[]): void {
  const meta = child(xr, 'metadata');
  const ref = refOf(xr);
  if (typeof meta.uid !== 'string' || meta.uid === '') {
    meta.uid = xrUid(ref.apiVersion, ref.kind, ref.namespace ?? '', ref.name);
  }
  meta.resourceVersion = '999';
  const problems = observed.flatMap((o) => observedProblems(o, meta.uid as string, ref.namespace));
  if (problems.length > 0) throw new Error(`invalid observed resources: ${problems.join('; ')}`);
  if (observed.length === 0) return;
  const refs = observed.map((o) => {
    const r = refOf(o);
    const out = { apiVersion: r.apiVersion, kind: r.kind, name: r.name };
    return !ref.namespace && r.namespace ? { ...out, namespace: r.namespace } : out;
  });
  setResourceRefs(xr, schema, refs);
}

/** observedProblems returns why observed cannot be a composed resource of the XR with uid in namespace. */
function observedProblems(observed: JsonObject, uid: string, namespace: string | undefined): string[] {
  const { name } = refOf(observed);
  const problems: string[] = [];
  const controller = controllerOf(observed);
  if (controller && controller.uid !== uid) {
    problems.push(`observed resource ${name} has a controller ref but is not controlled by the XR`);
  }
  if (namespace && refOf(observed).namespace !== namespace) {
    problems.push(`observed resource ${name} is not in the same namespace as the XR`);
  }
  return problems;
}

/**
 * configureXr labels the XR with the prefix of its composed resources' names (its own name) and
 * gives a legacy XR a connection Secret named by its uid, when the Composition writes them.
 */
export function configureXr(xr: JsonObject, schema: XrSchema, composition: JsonObject): void {
  const meta = xr.metadata as JsonObject;
  if (!labelsOf(xr)[compositeLabel]) {
    meta.labels = { ...(isObject(meta.labels) ? meta.labels : {}), [compositeLabel]: refOf(xr).name };
  }
  const ns = isObject(composition.spec) ? composition.spec.writeConnectionSecretsToNamespace : undefined;
  if (schema === 'legacy' && typeof ns === 'string' && !writeConnectionSecretToRef(xr, schema)) {
    setWriteConnectionSecretToRef(xr, { name: String(meta.uid), namespace: ns });
  }
}
