import type { Server as HttpServer } from 'node:http';
import { Server, type ServerUnaryCall, type sendUnaryData, status } from '@grpc/grpc-js';
import pino, { type Logger } from 'pino';
import type { FunctionHandler } from '../handler.js';
import { runSafely } from '../runner.js';
import { functionRunnerServices } from '../wire/service.js';
import { type RunFunctionRequest, type RunFunctionResponse, Severity } from '../wire/types.js';
import { CallHandlerContext } from './call.js';
import { healthImplementation, healthService, ServingStatus } from './health.js';
import { listenHttp } from './http.js';
import { type FunctionMetrics, functionMetrics } from './metrics.js';
import { defaultServeOptions, type ServeOptions } from './options.js';
import { listenGrpc } from './tls.js';

/** A running function server. */
export interface FunctionServer {
  /** The gRPC port actually bound (useful with port 0). */
  port: number;
  /** The metrics/health HTTP port, when enabled. */
  httpPort?: number;
  metrics: FunctionMetrics;
  /** stop stops accepting calls, lets calls in flight finish (up to drainTimeoutMs), then closes. */
  stop(): Promise<void>;
}

/**
 * serve serves handler as a Crossplane composition function over gRPC, on both protocol packages
 * (apiextensions.fn.proto.v1 and v1beta1), with the gRPC health service, and /healthz, /readyz
 * and /metrics over HTTP. It resolves once both listen.
 */
export async function serve(
  handler: FunctionHandler,
  options: Partial<ServeOptions> = {},
  log: Logger = pino({ level: options.debug ? 'debug' : 'info' }),
): Promise<FunctionServer> {
  const opts: ServeOptions = { ...defaultServeOptions, ...options };
  const metrics = functionMetrics();
  let serving = false;

  const server = new Server({
    'grpc.max_receive_message_length': opts.maxRecvMessageSize,
    'grpc.max_send_message_length': -1,
  });
  for (const { pkg, definition } of functionRunnerServices) {
    server.addService(definition, { RunFunction: runFunctionCall(pkg, handler, metrics, log) });
  }
  server.addService(
    healthService,
    healthImplementation(() => (serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING)),
  );

  const grpc = await listenGrpc(server, opts, log);
  const port = grpc.port;
  let http: HttpServer | undefined;
  try {
    if (opts.metricsAddress) http = await listenHttp(opts.metricsAddress, metrics.registry, () => serving);
  } catch (err) {
    server.forceShutdown();
    grpc.close();
    throw err;
  }
  serving = true;
  const httpPort = http ? (http.address() as { port: number }).port : undefined;
  log.info({ address: opts.address, port, httpPort, tls: !opts.insecure }, 'serving composition function');

  return {
    port,
    ...(httpPort !== undefined ? { httpPort } : {}),
    metrics,
    stop: async () => {
      serving = false;
      grpc.close();
      await drain(server, opts.drainTimeoutMs);
      await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
      log.info({}, 'stopped serving');
    },
  };
}

function runFunctionCall(pkg: string, handler: FunctionHandler, metrics: FunctionMetrics, log: Logger) {
  return async (
    call: ServerUnaryCall<RunFunctionRequest, RunFunctionResponse>,
    callback: sendUnaryData<RunFunctionResponse>,
  ): Promise<void> => {
    const end = metrics.duration.startTimer({ package: pkg });
    const req = call.request;
    if (!req.meta) {
      metrics.calls.inc({ package: pkg, outcome: 'error' });
      end();
      callback({
        code: status.INVALID_ARGUMENT,
        details: 'RunFunctionRequest has no meta: not a request from Crossplane?',
      });
      return;
    }
    const hctx = new CallHandlerContext(call, log, req.meta.tag);
    if (log.isLevelEnabled('debug')) hctx.log.debug({ capabilities: req.meta.capabilities }, 'RunFunction');
    const rsp = await runSafely(handler, req, hctx);
    const failed = rsp.results.some((r) => r.severity === Severity.FATAL);
    metrics.calls.inc({ package: pkg, outcome: failed ? 'fatal' : 'ok' });
    end();
    hctx.answered();
    callback(null, rsp);
  };
}

/** drain waits for calls in flight to finish after refusing new ones, then forces the rest closed. */
function drain(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, timeoutMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
