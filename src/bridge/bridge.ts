/**
 * The bridge, wired: watches of kcp (APIExports, APIResourceSchemas) and the service cluster (XRDs,
 * CRDs) and a periodic resync feed a keyed queue of exports, which reconciles each export in its
 * mode while this replica leads. Importing this module starts nothing.
 */

import type { Server } from 'node:http';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { listenHttp } from '../function/serve/http.js';
import { apiExports, apiResourceSchemas } from '../kcp/apis.js';
import { type Credentials, credentialsFromKubeconfig } from '../kube/credentials.js';
import { inClusterCredentials } from '../kube/in-cluster.js';
import { customResourceDefinitions, resourcePath } from '../kube/paths.js';
import { RestClient } from '../kube/rest.js';
import { watchCollection } from '../kube/watch.js';
import { KeyedQueue } from '../lifecycle/queue.js';
import { reconcileAPIFirst } from './apifirst/reconcile.js';
import type { Binding } from './binding.js';
import { type BridgeConfig, type ExportConfig, leaseTiming } from './config.js';
import { type ExportContext, exportId, type Outcome } from './context.js';
import { type DenialSource, Denials } from './denials.js';
import { divideEndpoints } from './division.js';
import { deniedRight } from './forbidden.js';
import { LeaderElector } from './leader.js';
import { bridgeMetrics } from './metrics.js';
import { reconcilePublish } from './publish/reconcile.js';
import { xrdsV1 } from './refs.js';
import { refusedOutcome, withDenials } from './refused.js';
import { Reporter } from './status.js';
import { startObjectSync } from './sync/controller.js';
import { syncMetrics } from './sync/metrics.js';
import { BindingSyncs } from './sync/syncs.js';

export interface RunningBridge {
  /** bindings returns every binding of every export, as last reconciled. */
  bindings(): Binding[];
  /** stop stops reconciling, releases the lease and closes the HTTP server. */
  stop(): Promise<void>;
  /** metricsServer is the /healthz, /readyz and /metrics server, when one listens. */
  readonly metricsServer?: Server;
}

/**
 * bridgeCredentials returns the credentials of the kubeconfig a setting names, or throws an error
 * naming the setting, the file and what is wrong with it, so that a bad file (or Secret) stops the
 * bridge at start instead of failing every request.
 */
export function bridgeCredentials(file: string, setting: 'kubeconfig' | 'kcp-kubeconfig'): Credentials {
  try {
    return credentialsFromKubeconfig(file);
  } catch (cause) {
    throw new Error(`cannot use --${setting} ${file}: ${(cause as Error).message}`, { cause });
  }
}

/**
 * How long one request (not a watch) may take: a peer restarting mid-answer, or a kube-apiserver
 * whose etcd is gone, must not hold a pass (or the lease's renewal) forever. Kubernetes' own
 * request timeout is 60 s; nothing the bridge asks for takes near half of that.
 */
const requestTimeoutMs = 30_000;

/** startBridge starts the bridge for config and returns once it serves its HTTP endpoints; leading begins in the background. */
export async function startBridge(config: BridgeConfig, log: Logger): Promise<RunningBridge> {
  const service = new RestClient(
    config.kubeconfig ? bridgeCredentials(config.kubeconfig, 'kubeconfig') : inClusterCredentials(),
  ).withTimeout(requestTimeoutMs);
  const kcpRoot = new RestClient(bridgeCredentials(config.kcpKubeconfig, 'kcp-kubeconfig')).withTimeout(
    requestTimeoutMs,
  );
  const metrics = bridgeMetrics();
  const reporter = new Reporter(service, config.eventNamespace, log);
  const byId = new Map<string, ExportConfig>(config.exports.map((e) => [exportId(e), e]));
  const bindings = new Map<string, Binding[]>();
  const objectMetrics = syncMetrics(metrics.registry);
  // Rights refused to watches and syncs are reported until a while after they were last met: longer
  // than their retries' backoff (at most 30 s), and than a resync.
  const denials = new Denials(log, { activeMs: Math.max(60_000, 2_000 * config.resyncSeconds) });
  let queue: KeyedQueue | undefined;
  /** denied notes err when it is a refused right of id's work, reconciling id to report it when new; true when it was one. */
  const denied = (id: string, source: DenialSource, err: unknown): boolean => {
    const d = deniedRight(err);
    if (!d) return false;
    if (denials.note(id, source, d) && source !== 'reconcile') queue?.add(id);
    return true;
  };
  const le = config.leaderElection;
  let leading = false;
  const identity = le.identity ?? `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  // Replicas that divide the endpoints sync their share whether they lead or not (division.ts).
  const division =
    le.enabled && le.divideEndpoints
      ? divideEndpoints({ config, identity, kcpRoot, service, metrics, log, isLeader: () => leading })
      : undefined;
  const newSyncs = () =>
    new BindingSyncs((binding) =>
      startObjectSync({
        binding,
        kcpRoot,
        service,
        settings: config.sync,
        metrics: objectMetrics,
        log,
        denied: (source, err) => denied(exportId(binding.export), source, err),
        ...(division ? { endpoints: division.leases } : {}),
      }),
    );
  let syncs: BindingSyncs | undefined;
  let syncsStopped: Promise<void> = Promise.resolve();
  let ready = false;

  /** outcomeOf returns what reconciling ctx's export found; a right refused before it found anything is reported on its XRDs. */
  const outcomeOf = async (ctx: ExportContext, id: string): Promise<Outcome> => {
    try {
      return await (ctx.export.mode === 'crossplane-first' ? reconcilePublish(ctx) : reconcileAPIFirst(ctx));
    } catch (err) {
      const d = deniedRight(err);
      if (!d) throw err;
      denials.note(id, 'reconcile', d);
      return refusedOutcome(ctx.export, service, d, bindings.get(id) ?? []);
    }
  };

  const reconcile = async (id: string): Promise<number | undefined> => {
    const exp = byId.get(id);
    if (!exp) return undefined;
    const ctx: ExportContext = {
      export: exp,
      kcp: kcpRoot.forCluster(exp.workspace),
      service,
      reporter,
      log: log.child({ export: id }),
    };
    const end = metrics.duration.startTimer({ export: id });
    try {
      const out = withDenials(await outcomeOf(ctx, id), denials.active(id));
      for (const r of out.reports) if (r.denied) denials.note(id, 'reconcile', r.denied);
      await report(ctx, out);
      bindings.set(id, out.bindings);
      syncs?.update(id, out.bindings);
      metrics.reconciles.inc({ export: id, result: 'success' });
      return out.requeueAfter ?? config.resyncSeconds * 1000;
    } catch (err) {
      metrics.reconciles.inc({ export: id, result: 'error' });
      throw err;
    } finally {
      end();
    }
  };

  const report = async (ctx: ExportContext, out: Outcome): Promise<void> => {
    const id = exportId(ctx.export);
    for (const state of ['bound', 'published', 'refused', 'pending'] as const)
      metrics.resources.set({ export: id, state }, out.reports.filter((r) => r.state === state).length);
    for (const r of out.reports) {
      await reporter.onXRD(r).catch((err: unknown) => {
        if (!denied(id, 'reconcile', err))
          ctx.log.warn({ err, xrd: r.xrdName }, 'cannot set condition on XRD');
      });
    }
    await reporter.inKcp(ctx.kcp, ctx.export.name, out.reports).catch((err: unknown) => {
      if (!denied(id, 'reconcile', err)) throw err;
    });
  };

  let watches: AbortController | undefined;
  const lead = (now: boolean): void => {
    leading = now;
    metrics.leader.set(now ? 1 : 0);
    if (now) {
      queue = new KeyedQueue(reconcile, {
        onError: (key, err) => log.error({ err, export: key }, 'cannot reconcile export'),
      });
      watches = new AbortController();
      if (!division) syncs = newSyncs();
      startWatches(config, kcpRoot, service, queue, watches.signal, log, denied);
      for (const id of byId.keys()) queue.add(id);
    } else {
      watches?.abort();
      void queue?.stop();
      if (division) return;
      syncsStopped = syncs?.stopAll() ?? Promise.resolve();
      syncs = undefined;
    }
  };

  const elector = config.leaderElection.enabled
    ? new LeaderElector({
        client: service,
        namespace: config.leaderElection.namespace,
        name: config.leaderElection.leaseName,
        identity,
        ...leaseTiming(config.leaderElection),
        log,
        onChange: lead,
      })
    : undefined;
  const metricsServer = config.metricsAddress
    ? await listenHttp(config.metricsAddress, metrics.registry, () => ready)
    : undefined;
  if (division) {
    syncs = newSyncs();
    division.start(syncs);
  }
  if (elector) elector.start();
  else lead(true);
  ready = true;
  log.info({ exports: [...byId.keys()] }, 'bridge started');

  return {
    metricsServer,
    bindings: () => [...bindings.values()].flat(),
    async stop() {
      ready = false;
      if (elector) await elector.stop();
      else lead(false);
      if (division) {
        await division.stop();
        syncsStopped = syncs?.stopAll() ?? Promise.resolve();
      }
      await queue?.stop();
      await syncsStopped;
      await new Promise<void>((resolve) =>
        metricsServer ? metricsServer.close(() => resolve()) : resolve(),
      );
      log.info('bridge stopped');
    },
  };
}

/**
 * startWatches watches what can change an export's desired state and queues the exports concerned:
 * in kcp each export by name (the bridge's kcp identity may read no other) and, api-first, its
 * workspace's schemas; in the service cluster XRDs and CRDs.
 */
function startWatches(
  config: BridgeConfig,
  kcpRoot: RestClient,
  service: RestClient,
  queue: KeyedQueue,
  signal: AbortSignal,
  log: Logger,
  denied: (id: string, source: DenialSource, err: unknown) => boolean,
): void {
  const all = () => {
    for (const e of config.exports) queue.add(exportId(e));
  };
  for (const e of config.exports) {
    const id = exportId(e);
    const kcp = kcpRoot.forCluster(e.workspace);
    const watch = (path: string, query?: Record<string, string>) =>
      void watchCollection({
        client: kcp,
        path,
        query,
        onObject: () => queue.add(id),
        onError: (err) => denied(id, 'watch', err),
        signal,
        log,
      });
    watch(resourcePath(apiExports), { fieldSelector: `metadata.name=${e.name}` });
    // crossplane-first makes the schemas itself: nothing to learn from them.
    if (e.mode === 'api-first') watch(resourcePath(apiResourceSchemas));
  }
  void watchCollection({ client: service, path: resourcePath(xrdsV1), onObject: all, signal, log });
  void watchCollection({
    client: service,
    path: resourcePath(customResourceDefinitions),
    onObject: all,
    signal,
    log,
  });
}
