/**
 * render: one reconcile of a composite resource (XR) by a pipeline Composition, in process, with
 * the result `crossplane render` prints: the XR as Crossplane writes it back (resourceRefs and
 * status, with Crossplane's Responsive, Synced and Ready conditions and the functions' own) and
 * the composed resources as Crossplane applies them, named and owned as Crossplane names and owns
 * them.
 */
import type { JsonObject } from '../function/wire/types.js';
import { type ComposeResult, composeXr } from './compose.js';
import type { ComposedResource } from './composed.js';
import {
  available,
  creating,
  reconcilePaused,
  reconcileSuccess,
  setConditions,
  stampConditions,
  systemConditionTypes,
  watchCircuitClosed,
  withObservedGeneration,
} from './conditions.js';
import { applyXrdDefaults } from './defaults.js';
import type { RenderEvent } from './pipeline.js';
import { checkInputs, configureXr, prepareXr } from './prepare.js';
import type { FunctionRunner } from './requirements.js';
import { copy, isObject, Store } from './store.js';
import {
  addClaimConditionTypes,
  compositionRefName,
  setCompositionRef,
  type XrSchema,
  xrSchema,
} from './xr.js';

/** What render renders. */
export interface RenderInputs {
  /** xr is the composite resource. */
  xr: JsonObject;
  /** composition is the Composition (mode Pipeline) to compose it with. */
  composition: JsonObject;
  /** run runs a pipeline step's function by name (see inProcessRunner). */
  run: FunctionRunner;
  /** observed are the XR's composed resources as they exist, each with its composition-resource-name annotation. */
  observed?: readonly JsonObject[];
  /** required are resources functions may require, and Secrets holding connection details. */
  required?: readonly JsonObject[];
  /** credentials are the Secrets pipeline steps' credentials name. */
  credentials?: readonly JsonObject[];
  /** xrd is the XR's CompositeResourceDefinition: its defaults are applied, and it says whether the XR is legacy. */
  xrd?: JsonObject;
  /** context seeds the pipeline's context. */
  context?: JsonObject;
}

/** What render returns: what crossplane render prints. */
export interface RenderOutput {
  /** xr is the XR as Crossplane writes it back: apiVersion, kind, name, resourceRefs and status. */
  xr: JsonObject;
  /** composed are the composed resources, sorted by composition resource name. */
  composed: JsonObject[];
  /** events Crossplane recorded on the XR (crossplane render -r prints them as Results). */
  events: RenderEvent[];
  /** context after the last step (crossplane render -c prints it). */
  context?: JsonObject;
  /** input is the XR as read, with the XRD's defaults (what --include-full-xr merges into). */
  input: JsonObject;
}

/** RenderError says the XR cannot be rendered: a step returned a FATAL result, or the inputs disagree. */
export class RenderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RenderError';
  }
}

const pausedAnnotation = 'crossplane.io/paused';

/** render returns what one reconcile of inputs.xr composes, or throws RenderError. */
export async function render(inputs: RenderInputs): Promise<RenderOutput> {
  const input = copy(inputs.xr);
  const xr = copy(inputs.xr);
  const schema = guarded(() => {
    checkInputs(inputs.xr, inputs.composition);
    const s = xrSchema(inputs.xr, inputs.xrd);
    if (inputs.xrd) {
      applyXrdDefaults(input, inputs.xrd, s);
      applyXrdDefaults(xr, inputs.xrd, s);
    }
    prepareXr(xr, s, inputs.observed ?? []);
    return s;
  });
  const { observed = [], required = [], credentials = [] } = inputs;
  const store = new Store([xr, ...observed, ...required, ...credentials]);
  const events: RenderEvent[] = [];

  setConditions(xr, ...withObservedGeneration(xr, watchCircuitClosed()));
  if (isPaused(xr)) {
    const message = 'Reconciliation is paused via the pause annotation';
    events.push({ type: 'Normal', reason: 'ReconciliationPaused', message });
    setConditions(xr, ...withObservedGeneration(xr, reconcilePaused()));
    return output(xr, [], events, input, inputs.context);
  }
  const compositionName = isObject(inputs.composition.metadata)
    ? String(inputs.composition.metadata.name)
    : '';
  if (compositionRefName(xr, schema) !== compositionName) {
    const message = `Successfully selected composition: ${compositionName}`;
    events.push({ type: 'Normal', reason: 'SelectComposition', message });
  }
  setCompositionRef(xr, schema, compositionName);
  configureXr(xr, schema, inputs.composition);
  store.put(xr);

  const spec = isObject(inputs.composition.spec) ? inputs.composition.spec : {};
  const steps = Array.isArray(spec.pipeline) ? spec.pipeline.filter(isObject) : [];
  const context = inputs.context ? { context: inputs.context } : {};
  let composition: ComposeResult;
  try {
    composition = await composeXr(xr, schema, { steps, run: inputs.run, store, ...context });
  } catch (cause) {
    throw new RenderError(`cannot compose resources: ${(cause as Error).message}`, { cause });
  }
  events.push(...composition.events);
  setCompositionConditions(composition, schema, events);
  return output(composition.xr, composition.composed, events, input, composition.context);
}

/**
 * setCompositionConditions sets on the composed XR the conditions the functions returned, then
 * Synced and Ready (Ready names the unready resources, each of which gets an event).
 */
function setCompositionConditions(composition: ComposeResult, schema: XrSchema, events: RenderEvent[]): void {
  const { xr } = composition;
  for (const { condition, claim } of composition.conditions) {
    if (systemConditionTypes.has(condition.type)) continue;
    setConditions(xr, condition);
    if (claim) addClaimConditionTypes(xr, schema, condition.type);
  }
  const unready = composition.composed.filter((c) => !c.ready).map((c) => c.name);
  for (const name of unready) {
    const message = `Composed resource ${JSON.stringify(name)} is not yet ready`;
    events.push({ type: 'Normal', reason: 'ComposeResources', message });
  }
  let ready = unready.length > 0 ? creating(`Unready resources: ${firstNAndSomeMore(unready)}`) : available();
  if (composition.ready !== undefined) ready = composition.ready ? available() : creating();
  setConditions(xr, ...withObservedGeneration(xr, reconcileSuccess(), ready));
}

/** isPaused reports whether the XR carries crossplane.io/paused: "true". */
function isPaused(xr: JsonObject): boolean {
  const annotations = isObject(xr.metadata) ? xr.metadata.annotations : undefined;
  return isObject(annotations) && annotations[pausedAnnotation] === 'true';
}

/** guarded returns fn's value, or throws what it throws as a RenderError. */
function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (cause) {
    throw new RenderError((cause as Error).message, { cause });
  }
}

function output(
  xr: JsonObject,
  composed: ComposedResource[],
  events: RenderEvent[],
  input: JsonObject,
  context: JsonObject | undefined,
): RenderOutput {
  stampConditions(xr);
  for (const c of composed) stampConditions(c.resource);
  const out: RenderOutput = { xr, composed: composed.map((c) => c.resource), events, input };
  if (context !== undefined) out.context = context;
  return out;
}

/** firstNAndSomeMore returns names sorted: the first n, and how many more (crossplane-runtime's StableNAndSomeMore). */
export function firstNAndSomeMore(names: readonly string[], n = 3): string {
  const sorted = [...names].sort();
  if (sorted.length > n) return `${sorted.slice(0, n).join(', ')}, and ${sorted.length - n} more`;
  if (sorted.length === n) return `${sorted.slice(0, n - 1).join(', ')}, and ${sorted[n - 1]}`;
  return sorted.join(', ');
}
