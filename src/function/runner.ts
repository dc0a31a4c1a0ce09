import type { FunctionHandler, HandlerContext } from './handler.js';
import { to } from './sdk/response.js';
import { fatal } from './sdk/result.js';
import type { RunFunctionRequest, RunFunctionResponse } from './wire/types.js';

/**
 * runSafely returns the handler's response to req, or, when the handler throws or rejects, a
 * response that passes the request's desired state through with a FATAL result carrying the
 * error's message. The server, `kxp render` and the testing helpers all call functions this way,
 * so no function error ever escapes as a crash or a transport error.
 */
export async function runSafely(
  handler: FunctionHandler,
  req: RunFunctionRequest,
  ctx: HandlerContext,
): Promise<RunFunctionResponse> {
  try {
    return await handler(req, ctx);
  } catch (err) {
    ctx.log.error({ err }, 'function failed');
    const rsp = to(req);
    fatal(rsp, `function failed: ${err instanceof Error ? err.message : String(err)}`);
    return rsp;
  }
}
