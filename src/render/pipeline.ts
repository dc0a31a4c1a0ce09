/**
 * runPipeline: a Composition's function pipeline, run the way Crossplane runs it. Every step gets
 * the observed state and the desired state the steps before it built, and the context they passed
 * on; each step's conditions and results are collected, and a FATAL result stops the pipeline.
 */
import {
  ConditionStatus,
  type JsonObject,
  type RunFunctionResponse,
  Severity,
  type State,
  Target,
} from '../function/wire/types.js';
import { type Condition, now } from './conditions.js';
import { type FunctionRunner, runWithRequirements } from './requirements.js';
import { stepRequest } from './step-request.js';
import { isObject, type Store } from './store.js';

/** An event Crossplane records on the XR; crossplane render prints them as Results. */
export interface RenderEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** A condition a function set, and whether the claim shows it too. */
export interface TargetedCondition {
  condition: Condition;
  claim: boolean;
}

/** What the pipeline produced. */
export interface PipelineResult {
  desired: State;
  /** context after the last step (Crossplane discards it; crossplane render -c prints it). */
  context?: JsonObject;
  events: RenderEvent[];
  conditions: TargetedCondition[];
}

/** PipelineFatalError says a step returned a FATAL result. */
export class PipelineFatalError extends Error {
  constructor(
    readonly step: string,
    readonly result: string,
  ) {
    super(`pipeline step ${JSON.stringify(step)} returned a fatal result: ${result}`);
    this.name = 'PipelineFatalError';
  }
}

const statusNames: Record<number, string> = {
  [ConditionStatus.TRUE]: 'True',
  [ConditionStatus.FALSE]: 'False',
};

/**
 * runPipeline runs steps (a Composition's spec.pipeline) with run, starting from observed, an
 * empty desired state, and context. It throws PipelineFatalError at a FATAL result, and an error
 * naming the step when a step cannot run.
 */
export async function runPipeline(
  steps: readonly JsonObject[],
  observed: State,
  run: FunctionRunner,
  store: Store,
  context: JsonObject = {},
): Promise<PipelineResult> {
  let state = {
    observed,
    desired: { resources: {} } as State | undefined,
    context: context as JsonObject | undefined,
  };
  const result: PipelineResult = { desired: { resources: {} }, events: [], conditions: [] };
  for (const step of steps) {
    const name = String(step.step ?? '');
    const fn = isObject(step.functionRef) ? String(step.functionRef.name ?? '') : '';
    let rsp: RunFunctionResponse;
    try {
      rsp = await runWithRequirements(run, fn, stepRequest(step, state, store), store);
    } catch (cause) {
      const message = `cannot run Composition pipeline step ${JSON.stringify(name)}: ${(cause as Error).message}`;
      throw new Error(message, { cause });
    }
    state = { observed, desired: rsp.desired, context: rsp.context };
    result.conditions.push(...conditionsOf(rsp));
    result.events.push(...eventsOf(name, rsp));
  }
  result.desired = state.desired ?? { resources: {} };
  if (state.context !== undefined) result.context = state.context;
  return result;
}

/** conditionsOf returns the conditions a response sets, as Crossplane sets them on the XR. */
function conditionsOf(rsp: RunFunctionResponse): TargetedCondition[] {
  return rsp.conditions.map((c) => {
    const condition: Condition = {
      type: c.type,
      status: statusNames[c.status] ?? 'Unknown',
      lastTransitionTime: now(),
      reason: c.reason,
    };
    if (c.message) condition.message = c.message;
    return { condition, claim: c.target === Target.COMPOSITE_AND_CLAIM };
  });
}

/** eventsOf returns the events a step's results become, or throws PipelineFatalError at a FATAL one. */
function eventsOf(step: string, rsp: RunFunctionResponse): RenderEvent[] {
  const detail = `Pipeline step ${JSON.stringify(step)}`;
  return rsp.results.map((r): RenderEvent => {
    const reason = r.reason || 'ComposeResources';
    switch (r.severity) {
      case Severity.FATAL:
        throw new PipelineFatalError(step, r.message);
      case Severity.NORMAL:
        return { type: 'Normal', reason, message: `${detail}: ${r.message}` };
      case Severity.WARNING:
        return { type: 'Warning', reason, message: `${detail}: ${r.message}` };
      default:
        return {
          type: 'Warning',
          reason,
          message: `${detail} returned a result of unknown severity (assuming warning): ${r.message}`,
        };
    }
  });
}
