import pino from 'pino';
import { stopOnSignals } from '../../lifecycle/signals.js';
import type { FunctionHandler } from '../handler.js';
import { type ServeOptions, serveOptionsFromArgs } from './options.js';
import { serve } from './server.js';

/**
 * serveMain serves handler with options from the command line and TLS_SERVER_CERTS_DIR, and stops
 * gracefully on SIGTERM or SIGINT: new calls are refused, calls in flight finish, then it exits.
 * A function module's `main` is one line: `serveMain(fn)`.
 */
export async function serveMain(
  handler: FunctionHandler,
  args: string[] = process.argv.slice(2),
  defaults: Partial<ServeOptions> = {},
): Promise<void> {
  const opts = serveOptionsFromArgs(args, process.env, defaults);
  const log = pino({ level: opts.debug ? 'debug' : 'info' });
  const server = await serve(handler, opts, log);
  stopOnSignals(() => server.stop(), log);
}
