/**
 * defineFunction: a composition (or operation) function written as one `compose(ctx)` over a typed,
 * validated context, turned into a FunctionHandler the runtime serves. Invalid input or XR and any
 * exception become a FATAL result; the handler never rejects.
 */
import type * as z from 'zod';
import type { FunctionHandler, HandlerContext } from '../handler.js';
import { type JsonObject, Ready, type RunFunctionRequest, type RunFunctionResponse } from '../wire/types.js';
import { CallContext, type ComposeContext } from './context.js';
import { formatFieldPath } from './fieldpath.js';
import { observedComposed, observedComposite } from './request.js';
import { isReady } from './resource.js';
import { to } from './response.js';
import { fatal } from './result.js';

export type { ComposeContext } from './context.js';

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

/**
 * A function defineFunction made: a FunctionHandler that also carries its input schema, from which
 * `kxp package build` writes the input CRD of the function's package.
 */
export type DefinedFunction = FunctionHandler & { readonly input?: z.ZodType };

/** defineFunction returns the FunctionHandler that runs spec.compose over a validated context. */
export function defineFunction<
  I extends z.ZodType | undefined = undefined,
  C extends z.ZodType | undefined = undefined,
>(spec: FunctionSpec<I, C>): DefinedFunction {
  const handler: FunctionHandler = async (req, hctx) => {
    try {
      const rsp = to(req);
      const input = await validated(spec.input, req.input, 'function input', 'InvalidFunctionInput');
      const xr = observedComposite(req) ?? {};
      const composite = await validated(spec.composite, xr, 'composite resource', 'InvalidCompositeResource');
      if (!input.ok) return rejected(rsp, input, hctx);
      if (!composite.ok) return rejected(rsp, composite, hctx);
      const ctx = new CallContext(req, rsp, hctx, input.value, composite.value);
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
  return spec.input ? Object.assign(handler, { input: spec.input }) : handler;
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

/** markReady sets READY_TRUE on desired composed resources of unspecified readiness whose observed counterpart is ready. */
function markReady(req: RunFunctionRequest, rsp: RunFunctionResponse): void {
  const observed = observedComposed(req);
  for (const [name, desired] of Object.entries(rsp.desired?.resources ?? {})) {
    const obs = observed[name];
    if (desired.ready === Ready.UNSPECIFIED && obs && isReady(obs)) desired.ready = Ready.TRUE;
  }
}
