/**
 * composeXr: the function composer's part of a reconcile. It observes the XR's composed resources,
 * runs the pipeline, gives each desired resource Crossplane's metadata, and returns the XR the way
 * Crossplane's writes leave it: an apply of only its resourceRefs, then a patch of the status the
 * pipeline desired (with the conditions the XR had), which is what crossplane render prints.
 */
import { type JsonObject, Ready, type State } from '../function/wire/types.js';
import {
  type ComposedResource,
  composedRefs,
  connectionDetails,
  desiredComposed,
  observeComposed,
} from './composed.js';
import { getConditions, setConditions } from './conditions.js';
import { type RenderEvent, runPipeline, type TargetedCondition } from './pipeline.js';
import type { FunctionRunner } from './requirements.js';
import { copy, isObject, refOf, type Store } from './store.js';
import { setResourceRefs, writeConnectionSecretToRef, type XrSchema } from './xr.js';

/** What composing the XR produced. */
export interface ComposeResult {
  /** xr is the XR as written back: apiVersion, kind, name, resourceRefs and the desired status. */
  xr: JsonObject;
  composed: ComposedResource[];
  events: RenderEvent[];
  conditions: TargetedCondition[];
  /** ready is the XR's readiness when the pipeline set it, which wins over its resources'. */
  ready?: boolean;
  context?: JsonObject;
}

/** What composeXr needs besides the XR. */
export interface ComposeOptions {
  steps: readonly JsonObject[];
  run: FunctionRunner;
  store: Store;
  context?: JsonObject;
}

/** composeXr composes xr (as prepared and configured) with the pipeline steps. */
export async function composeXr(
  xr: JsonObject,
  schema: XrSchema,
  options: ComposeOptions,
): Promise<ComposeResult> {
  const { store } = options;
  const observed = observeComposed(xr, schema, store);
  const xrSecret = writeConnectionSecretToRef(xr, schema);
  const observedState: State = {
    composite: {
      resource: copy(xr),
      connectionDetails: xrSecret ? connectionDetails(xr, store, xrSecret) : {},
      ready: Ready.UNSPECIFIED,
    },
    resources: observed,
  };
  const pipeline = await runPipeline(options.steps, observedState, options.run, store, options.context);
  const events = [...pipeline.events];
  const composed = desiredComposed(pipeline.desired, xr, observed, events);

  const ref = refOf(xr);
  const metadata: JsonObject = { name: ref.name };
  if (ref.namespace) metadata.namespace = ref.namespace;
  const written: JsonObject = { apiVersion: ref.apiVersion, kind: ref.kind, metadata };
  setResourceRefs(written, schema, composedRefs(composed, xr));
  const patch = copy(pipeline.desired.composite?.resource ?? {});
  const pending = getConditions(xr);
  if (pending.length > 0) setConditions(patch, ...pending);
  if (isObject(patch.status)) written.status = patch.status;

  const out: ComposeResult = { xr: written, composed, events, conditions: pipeline.conditions };
  const ready = pipeline.desired.composite?.ready;
  if (ready === Ready.TRUE || ready === Ready.FALSE) out.ready = ready === Ready.TRUE;
  if (pipeline.context !== undefined) out.context = pipeline.context;
  return out;
}
