/**
 * inProcessRunner: runs a pipeline's functions in this process, as `kxp function serve` would run
 * them for Crossplane: each request and response goes through the RunFunction protocol's encoding,
 * so a function sees exactly what it would see over gRPC, and anything it throws becomes a FATAL
 * result (runSafely).
 */
import type { FunctionHandler, HandlerContext } from '../function/handler.js';
import { runSafely } from '../function/runner.js';
import { decodeRunFunctionRequest, encodeRunFunctionRequest } from '../function/wire/messages-request.js';
import { decodeRunFunctionResponse, encodeRunFunctionResponse } from '../function/wire/messages-response.js';
import type { FunctionRunner } from './requirements.js';

/** Handlers by Function name, or a function that returns the handler for a name (or throws). */
export type FunctionHandlers =
  | Readonly<Record<string, FunctionHandler>>
  | ((name: string) => Promise<FunctionHandler>);

const silent: HandlerContext['log'] = { debug() {}, info() {}, warn() {}, error() {} };

/** inProcessRunner returns a FunctionRunner that calls handlers in this process. */
export function inProcessRunner(
  handlers: FunctionHandlers,
  log: HandlerContext['log'] = silent,
): FunctionRunner {
  return async (name, req) => {
    const handler = typeof handlers === 'function' ? await handlers(name) : handlers[name];
    if (!handler) throw new Error(`no function named ${JSON.stringify(name)} (known: ${known(handlers)})`);
    const sent = decodeRunFunctionRequest(encodeRunFunctionRequest(req));
    const rsp = await runSafely(handler, sent, { log });
    try {
      return decodeRunFunctionResponse(encodeRunFunctionResponse(rsp));
    } catch (cause) {
      throw new Error(
        `cannot encode the response of function ${JSON.stringify(name)}: ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
  };
}

function known(handlers: FunctionHandlers): string {
  return typeof handlers === 'function' ? 'none' : Object.keys(handlers).join(', ') || 'none';
}
