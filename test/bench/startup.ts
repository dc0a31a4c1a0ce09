/**
 * Time from process start to serving: a server is spawned (pinned as in the load runs) and probed
 * every few milliseconds over gRPC until it answers — the standard health check
 * (grpc.health.v1.Health/Check with the empty service name) answering SERVING, or a first
 * RunFunction answering without a FATAL result, for servers without the health service (the
 * TypeScript SDK serves none). Each probe opens a channel of its own, so no reconnect backoff
 * of grpc-js's stands between the server listening and the probe seeing it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type Client, credentials, makeGenericClientConstructor, type ServiceError } from '@grpc/grpc-js';
import { healthService, ServingStatus } from '../../src/function/serve/health.js';
import { functionRunnerService } from '../../src/function/wire/service.js';
import {
  type RunFunctionRequest,
  type RunFunctionResponse,
  Severity,
} from '../../src/function/wire/types.js';
import { type Implementation, type Programs, startServer, stopServer } from './servers.js';

/** What answers the probe: the gRPC health check, or a RunFunction call. */
export type Probe = 'health' | 'RunFunction';

/** How often a starting server is probed, and how long it may take. */
const pollMs = 5;
const callTimeoutMs = 1000;
const startTimeoutMs = 30_000;

const channelOptions = { 'grpc.use_local_subchannel_pool': 1 };

/**
 * timesToServing starts impl `starts` times, one after the other, and returns each start's
 * milliseconds from spawn to the probe's first good answer.
 */
export async function timesToServing(
  impl: Implementation,
  probe: Probe,
  starts: number,
  root: string,
  logDir: string,
  programs: Programs,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < starts; i++) {
    const server = await startServer(impl, `start-${probe}`, root, logDir, programs);
    try {
      for (;;) {
        const { exitCode, signalCode } = server.child;
        if (exitCode !== null || signalCode !== null) {
          throw new Error(
            `cannot time ${impl}'s start: it exited (${signalCode ?? exitCode}), see ${server.logFile}`,
          );
        }
        if (await answers(probe, server.address)) break;
        if (performance.now() - server.started > startTimeoutMs) {
          throw new Error(`cannot time ${impl}'s start: no answer to ${probe} in ${startTimeoutMs} ms`);
        }
        await sleep(pollMs);
      }
      times.push(performance.now() - server.started);
    } finally {
      await stopServer(server);
    }
  }
  return times;
}

/** answers returns whether the server at address gives probe a good answer now. */
async function answers(probe: Probe, address: string): Promise<boolean> {
  const client =
    probe === 'health'
      ? new HealthClient(address, credentials.createInsecure(), channelOptions)
      : new RunnerClient(address, credentials.createInsecure(), channelOptions);
  try {
    const deadline = Date.now() + callTimeoutMs;
    if (probe === 'health')
      return (await unary<number>(client, 'Check', Buffer.alloc(0), deadline)) === ServingStatus.SERVING;
    const rsp = await unary<RunFunctionResponse>(client, 'RunFunction', startupRequest, deadline);
    return !rsp.results.some((r) => r.severity === Severity.FATAL);
  } catch (err) {
    // Not listening yet (UNAVAILABLE) or not answering in time: probe again.
    if ((err as ServiceError).code !== undefined) return false;
    throw err;
  } finally {
    client.close();
  }
}

const HealthClient = makeGenericClientConstructor(healthService, 'grpc.health.v1.Health');
const RunnerClient = makeGenericClientConstructor(
  functionRunnerService('apiextensions.fn.proto.v1'),
  'apiextensions.fn.proto.v1.FunctionRunnerService',
);

/** unary returns the answer of a unary call of method on client. */
function unary<T>(client: Client, method: string, request: unknown, deadline: number): Promise<T> {
  type Unary = (
    this: Client,
    request: unknown,
    options: { deadline: number },
    callback: (err: ServiceError | null, value: T) => void,
  ) => void;
  const call = (client as unknown as Record<string, Unary | undefined>)[method];
  if (!call) throw new Error(`cannot call ${method}: the client has no such method`);
  return new Promise((resolve, reject) =>
    call.call(client, request, { deadline }, (err: ServiceError | null, value: T) =>
      err ? reject(err) : resolve(value),
    ),
  );
}

/** startupRequest asks for one Bucket: the smallest work every bench function does. */
const startupRequest: RunFunctionRequest = {
  meta: { tag: 'startup', capabilities: [] },
  observed: {
    composite: {
      resource: {
        apiVersion: 'bench.kxp.dev/v1alpha1',
        kind: 'BucketSet',
        metadata: { name: 'assets', namespace: 'team-a' },
        spec: { count: 1, region: 'eu-central-1' },
      },
      connectionDetails: {},
      ready: 0,
    },
    resources: {},
  },
  desired: { resources: {} },
  extraResources: {},
  credentials: {},
  requiredResources: {},
  requiredSchemas: {},
};

/** median returns the middle value of times (the mean of the two middle ones for an even count). */
export function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
