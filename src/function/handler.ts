import type { RunFunctionRequest, RunFunctionResponse } from './wire/types.js';

/** What a handler may use besides the request: a logger carrying the request's tag. */
export interface HandlerContext {
  log: {
    debug(obj: object, msg?: string): void;
    info(obj: object, msg?: string): void;
    warn(obj: object, msg?: string): void;
    error(obj: object, msg?: string): void;
  };
  /** Aborted when the caller gives up (deadline, cancellation) or the server drains. */
  signal?: AbortSignal;
}

/**
 * A composition function as the runtime sees it. The runtime (serve, the in-process runner) never
 * lets a handler's exception escape: it becomes a FATAL result. defineFunction builds handlers.
 */
export type FunctionHandler = (req: RunFunctionRequest, ctx: HandlerContext) => Promise<RunFunctionResponse>;
