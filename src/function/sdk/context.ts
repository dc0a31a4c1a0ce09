/**
 * The context compose(ctx) runs with: what a function reads from the request and the setters that
 * write its response.
 */
import type { HandlerContext } from '../handler.js';
import type { JsonObject, RunFunctionRequest, RunFunctionResponse } from '../wire/types.js';
import { type ConditionBuilder, type ConditionStatusName, setCondition } from './condition.js';
import {
  credentials,
  observedComposed,
  observedComposite,
  observedConnectionDetails,
  type RequirementFields,
  requiredResources,
  requiredSchema,
  requirementFields,
} from './request.js';
import {
  type RequiredSelector,
  readyOf,
  requireResources,
  requireSchema,
  setContextKey,
  setDesiredComposedResource,
  setDesiredCompositeConnectionDetails,
  setDesiredCompositeStatus,
  setOutput,
  setTTL,
} from './response.js';
import { fatal, normal, type ResultBuilder, warning } from './result.js';

/** What compose(ctx) reads and writes. Input and Composite are the schemas' outputs. */
export interface ComposeContext<Input, Composite> {
  /** input is the step's input, validated by the input schema (the raw input when there is none). */
  readonly input: Input;
  /** composite is the observed XR validated by the composite schema (the raw XR, or {} in Operations). */
  readonly composite: Composite;
  /** xr is the observed XR exactly as sent, metadata and all; {} in Operations, which have none. */
  readonly xr: JsonObject;
  /** observed are the observed composed resources by composition resource name. */
  readonly observed: Readonly<Record<string, JsonObject>>;
  /**
   * desired are the desired composed resources so far: earlier steps' and this function's. They are
   * the response's own objects, so changing one changes what this function desires.
   */
  readonly desired: Readonly<Record<string, JsonObject>>;
  /** context is the pipeline context as this function will pass it on. */
  readonly context: Readonly<JsonObject>;
  readonly request: RunFunctionRequest;
  /** response is the response being built, for what the helpers here do not cover. */
  readonly response: RunFunctionResponse;
  readonly log: HandlerContext['log'];
  readonly signal?: AbortSignal;

  /**
   * required returns the resources Crossplane fetched for selector (undefined until it has; [] when
   * none matched) and asks for them, so Crossplane calls again with them: return early when undefined.
   */
  required(name: string, selector: RequiredSelector): JsonObject[] | undefined;
  /** requiredSchema returns a kind's OpenAPI schema (undefined until fetched, null when unknown) and asks for it. */
  requiredSchema(name: string, apiVersion: string, kind: string): JsonObject | null | undefined;
  /** credentials returns the credential data called name, or throws when the step lists none by that name. */
  credentials(name: string): Record<string, Buffer>;
  /** connectionDetails returns the observed connection details of composed resource name (the XR's when omitted). */
  connectionDetails(name?: string): Record<string, Buffer>;

  /** compose desires resource under the composition resource name, replacing what was desired under it. */
  compose(name: string, resource: object, options?: { ready?: boolean }): void;
  /** setStatus merges status into the XR's desired status. */
  setStatus(status: object): void;
  /** setCondition sets a condition on the XR (and its claim with .targetCompositeAndClaim()). */
  setCondition(type: string, status: ConditionStatusName, reason: string): ConditionBuilder;
  /** result adds results: fatal stops the pipeline; warning and normal become events. */
  readonly result: {
    fatal(message: string | Error): Omit<ResultBuilder, 'targetCompositeAndClaim'>;
    warning(message: string | Error): ResultBuilder;
    normal(message: string | Error): ResultBuilder;
  };
  /** setConnectionDetails merges into the XR's connection details (legacy XRs only). */
  setConnectionDetails(details: Record<string, string | Buffer>): void;
  /** setTTL sets how long, in seconds, Crossplane may cache this response. */
  setTTL(seconds: number): void;
  /** setContext sets a pipeline context key for later steps. */
  setContext(key: string, value: unknown): void;
  /** setOutput sets the output of an Operation. */
  setOutput(output: object): void;
}

/**
 * CallContext is the ComposeContext of one call, reading req and writing rsp. The live views
 * (desired, context, log, signal) are getters on the class, not on an object literal: a literal's
 * getters are new closures on every call, which gives every context a hidden class of its own, and
 * V8 keeps hidden classes in the old generation, so each call's request and response survived the
 * young generation's collections (a busy server spent a tenth of its time copying them, and served
 * a quarter fewer calls). The methods are arrow functions, so that `const { compose } = ctx` works.
 */
export class CallContext implements ComposeContext<unknown, unknown> {
  readonly xr: JsonObject;
  readonly observed: Readonly<Record<string, JsonObject>>;
  readonly result: ComposeContext<unknown, unknown>['result'];
  private readonly fields: RequirementFields;

  constructor(
    readonly request: RunFunctionRequest,
    readonly response: RunFunctionResponse,
    private readonly hctx: HandlerContext,
    readonly input: unknown,
    readonly composite: unknown,
  ) {
    this.xr = observedComposite(request) ?? {};
    this.observed = observedComposed(request);
    this.fields = requirementFields(request);
    this.result = {
      fatal: (message) => fatal(response, message),
      warning: (message) => warning(response, message),
      normal: (message) => normal(response, message),
    };
  }

  get desired(): Readonly<Record<string, JsonObject>> {
    const out: Record<string, JsonObject> = {};
    for (const [name, r] of Object.entries(this.response.desired?.resources ?? {}))
      if (r.resource) out[name] = r.resource;
    return out;
  }

  get context(): Readonly<JsonObject> {
    return this.response.context ?? {};
  }

  // The runtime makes its logger and signal on first use (see serve/call.ts): pass that on.
  get log(): HandlerContext['log'] {
    return this.hctx.log;
  }

  get signal(): AbortSignal | undefined {
    return this.hctx.signal;
  }

  required = (name: string, selector: RequiredSelector): JsonObject[] | undefined => {
    requireResources(this.response, name, selector, this.fields);
    return requiredResources(this.request, name);
  };

  requiredSchema = (name: string, apiVersion: string, kind: string): JsonObject | null | undefined => {
    requireSchema(this.response, name, apiVersion, kind);
    return requiredSchema(this.request, name);
  };

  credentials = (name: string): Record<string, Buffer> => {
    const data = credentials(this.request, name);
    if (!data) {
      throw new Error(
        `cannot get credentials ${JSON.stringify(name)}: the request has none by that name (list them under the pipeline step's credentials)`,
      );
    }
    return data;
  };

  connectionDetails = (name?: string): Record<string, Buffer> =>
    observedConnectionDetails(this.request, name);

  compose = (name: string, resource: object, options?: { ready?: boolean }): void =>
    setDesiredComposedResource(this.response, name, resource, readyOf(options?.ready));

  setStatus = (status: object): void => setDesiredCompositeStatus(this.response, status);

  setCondition = (type: string, status: ConditionStatusName, reason: string): ConditionBuilder =>
    setCondition(this.response, type, status, reason);

  setConnectionDetails = (details: Record<string, string | Buffer>): void =>
    setDesiredCompositeConnectionDetails(this.response, details);

  setTTL = (seconds: number): void => setTTL(this.response, seconds);

  setContext = (key: string, value: unknown): void => setContextKey(this.response, key, value);

  setOutput = (output: object): void => setOutput(this.response, output);
}
