/**
 * defineFunction: a composition (or operation) function written as one `compose(ctx)` over a typed,
 * validated context, turned into a FunctionHandler the runtime serves. Invalid input or XR and any
 * exception become a FATAL result; the handler never rejects.
 */
import type * as z from 'zod';
import type { FunctionHandler, HandlerContext } from '../handler.js';
import { type JsonObject, Ready, type RunFunctionRequest, type RunFunctionResponse } from '../wire/types.js';
import { type ConditionBuilder, type ConditionStatusName, setCondition } from './condition.js';
import { formatFieldPath } from './fieldpath.js';
import {
  credentials,
  observedComposed,
  observedComposite,
  observedConnectionDetails,
  requiredResources,
  requiredSchema,
  requirementFields,
} from './request.js';
import { isReady } from './resource.js';
import {
  type RequiredSelector,
  requireResources,
  requireSchema,
  setContextKey,
  setDesiredComposedResources,
  setDesiredCompositeConnectionDetails,
  setDesiredCompositeStatus,
  setOutput,
  setTTL,
  to,
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

type Parsed<S, Fallback> = S extends z.ZodType ? z.output<S> : Fallback;

/** What defineFunction builds a function from. */
export interface FunctionSpec<I extends z.ZodType | undefined, C extends z.ZodType | undefined> {
  /** input validates the step's input block; a failure is a FATAL result naming the fields. */
  input?: I;
  /** composite validates the observed XR; a failure is a FATAL result naming the fields. */
  composite?: C;
  /** compose reads the context and writes desired state; a throw becomes a FATAL result. */
  compose(
    ctx: ComposeContext<Parsed<I, JsonObject | undefined>, Parsed<C, JsonObject>>,
  ): void | Promise<void>;
  /**
   * autoReady marks desired composed resources READY_TRUE when their observed counterpart is ready
   * (resource.isReady), like function-auto-ready. Readiness set explicitly wins.
   * @default false
   */
  autoReady?: boolean;
}

/** defineFunction returns the FunctionHandler that runs spec.compose over a validated context. */
export function defineFunction<
  I extends z.ZodType | undefined = undefined,
  C extends z.ZodType | undefined = undefined,
>(spec: FunctionSpec<I, C>): FunctionHandler {
  return async (req, hctx) => {
    try {
      const rsp = to(req);
      const input = await validated(spec.input, req.input, 'function input', 'InvalidFunctionInput');
      const xr = observedComposite(req) ?? {};
      const composite = await validated(spec.composite, xr, 'composite resource', 'InvalidCompositeResource');
      if (!input.ok) return rejected(rsp, input, hctx);
      if (!composite.ok) return rejected(rsp, composite, hctx);
      const ctx = composeContext(req, rsp, hctx, input.value, composite.value);
      await spec.compose(ctx as ComposeContext<Parsed<I, JsonObject | undefined>, Parsed<C, JsonObject>>);
      if (spec.autoReady) markReady(req, rsp);
      return rsp;
    } catch (err) {
      hctx.log.error({ err }, 'function failed');
      const rsp = to(req);
      fatal(rsp, err instanceof Error ? err.message : String(err));
      return rsp;
    }
  };
}

type Invalid = { ok: false; message: string; reason: string };
type Validated = { ok: true; value: unknown } | Invalid;

/** rejected returns rsp with a FATAL result for what failed validation. */
function rejected(rsp: RunFunctionResponse, invalid: Invalid, hctx: HandlerContext): RunFunctionResponse {
  hctx.log.warn({ reason: invalid.reason }, invalid.message);
  fatal(rsp, invalid.message).withReason(invalid.reason);
  return rsp;
}

/** validated returns value parsed by schema, or the FATAL message (and reason) naming each bad field. */
async function validated(
  schema: z.ZodType | undefined,
  value: unknown,
  what: string,
  reason: string,
): Promise<Validated> {
  if (!schema) return { ok: true, value };
  const parsed = await schema.safeParseAsync(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const shown = parsed.error.issues.slice(0, 10).map((i) => {
    const path = formatFieldPath(i.path);
    return path ? `${path}: ${i.message}` : i.message;
  });
  const more = parsed.error.issues.length - shown.length;
  if (more > 0) shown.push(`and ${more} more`);
  return { ok: false, message: `cannot validate ${what}: ${shown.join('; ')}`, reason };
}

/** composeContext returns the context compose sees, reading req and writing rsp. */
function composeContext(
  req: RunFunctionRequest,
  rsp: RunFunctionResponse,
  hctx: HandlerContext,
  input: unknown,
  composite: unknown,
): ComposeContext<unknown, unknown> {
  const fields = requirementFields(req);
  return {
    input,
    composite,
    xr: observedComposite(req) ?? {},
    observed: observedComposed(req),
    get desired() {
      const out: Record<string, JsonObject> = {};
      for (const [name, r] of Object.entries(rsp.desired?.resources ?? {}))
        if (r.resource) out[name] = r.resource;
      return out;
    },
    get context() {
      return rsp.context ?? {};
    },
    request: req,
    response: rsp,
    log: hctx.log,
    ...(hctx.signal ? { signal: hctx.signal } : {}),
    required(name, selector) {
      requireResources(rsp, name, selector, fields);
      return requiredResources(req, name);
    },
    requiredSchema(name, apiVersion, kind) {
      requireSchema(rsp, name, apiVersion, kind);
      return requiredSchema(req, name);
    },
    credentials(name) {
      const data = credentials(req, name);
      if (!data) {
        throw new Error(
          `cannot get credentials ${JSON.stringify(name)}: the request has none by that name (list them under the pipeline step's credentials)`,
        );
      }
      return data;
    },
    connectionDetails: (name) => observedConnectionDetails(req, name),
    compose(name, resource, options) {
      setDesiredComposedResources(rsp, { [name]: { resource, ready: options?.ready } });
    },
    setStatus: (status) => setDesiredCompositeStatus(rsp, status),
    setCondition: (type, status, reason) => setCondition(rsp, type, status, reason),
    result: {
      fatal: (message) => fatal(rsp, message),
      warning: (message) => warning(rsp, message),
      normal: (message) => normal(rsp, message),
    },
    setConnectionDetails: (details) => setDesiredCompositeConnectionDetails(rsp, details),
    setTTL: (seconds) => setTTL(rsp, seconds),
    setContext: (key, value) => setContextKey(rsp, key, value),
    setOutput: (output) => setOutput(rsp, output),
  };
}

/** markReady sets READY_TRUE on desired composed resources of unspecified readiness whose observed counterpart is ready. */
function markReady(req: RunFunctionRequest, rsp: RunFunctionResponse): void {
  const observed = observedComposed(req);
  for (const [name, desired] of Object.entries(rsp.desired?.resources ?? {})) {
    const obs = observed[name];
    if (desired.ready === Ready.UNSPECIFIED && obs && isReady(obs)) desired.ready = Ready.TRUE;
  }
}
