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
import { credentialsFromKubeconfig } from '../kube/credentials.js';
import { customResourceDefinitions, resourcePath } from '../kube/paths.js';
import { type KubeObject, RestClient } from '../kube/rest.js';
import { watchCollection } from '../kube/watch.js';
import { KeyedQueue } from '../lifecycle/queue.js';
import { reconcileAPIFirst } from './apifirst/reconcile.js';
import type { Binding } from './binding.js';
import type { BridgeConfig, ExportConfig } from './config.js';
import { type ExportContext, exportId, type Outcome } from './context.js';
import { LeaderElector } from './leader.js';
import { bridgeMetrics } from './metrics.js';
import { reconcilePublish } from './publish/reconcile.js';
import { xrdsV1 } from './refs.js';
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

/** startBridge starts the bridge for config and returns once it serves its HTTP endpoints; leading begins in the background. */
export async function startBridge(config: BridgeConfig, log: Logger): Promise<RunningBridge> {
  const service = new RestClient(credentialsFromKubeconfig(config.kubeconfig));
  const kcpRoot = new RestClient(credentialsFromKubeconfig(config.kcpKubeconfig));
  const metrics = bridgeMetrics();
  const reporter = new Reporter(service, config.eventNamespace, log);
  const byId = new Map<string, ExportConfig>(config.exports.map((e) => [exportId(e), e]));
  const bindings = new Map<string, Binding[]>();
  const objectMetrics = syncMetrics(metrics.registry);
  const newSyncs = () =>
    new BindingSyncs((binding) =>
      startObjectSync({ binding, kcpRoot, service, settings: config.sync, metrics: objectMetrics, log }),
    );
  let syncs: BindingSyncs | undefined;
  let syncsStopped: Promise<void> = Promise.resolve();
  let ready = false;

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
      const out = await (exp.mode === 'crossplane-first' ? reconcilePublish(ctx) : reconcileAPIFirst(ctx));
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
      await reporter
        .onXRD(r)
        .catch((err: unknown) => ctx.log.warn({ err, xrd: r.xrdName }, 'cannot set condition on XRD'));
    }
    await reporter.inKcp(ctx.kcp, ctx.export.name, out.reports);
  };

  let queue: KeyedQueue | undefined;
  let watches: AbortController | undefined;
  const lead = (leading: boolean): void => {
    metrics.leader.set(leading ? 1 : 0);
    if (leading) {
      queue = new KeyedQueue(reconcile, {
        onError: (key, err) => log.error({ err, export: key }, 'cannot reconcile export'),
      });
      watches = new AbortController();
      syncs = newSyncs();
      startWatches(config, kcpRoot, service, queue, watches.signal, log);
      for (const id of byId.keys()) queue.add(id);
    } else {
      watches?.abort();
      void queue?.stop();
      syncsStopped = syncs?.stopAll() ?? Promise.resolve();
      syncs = undefined;
    }
  };

  const elector = config.leaderElection.enabled
    ? new LeaderElector({
        client: service,
        namespace: config.leaderElection.namespace,
        name: config.leaderElection.leaseName,
        identity:
          config.leaderElection.identity ??
          `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
        leaseDurationSeconds: config.leaderElection.leaseDurationSeconds,
        renewSeconds: config.leaderElection.renewSeconds,
        log,
        onChange: lead,
      })
    : undefined;
  const metricsServer = config.metricsAddress
    ? await listenHttp(config.metricsAddress, metrics.registry, () => ready)
    : undefined;
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
      await queue?.stop();
      await syncsStopped;
      await new Promise<void>((resolve) =>
        metricsServer ? metricsServer.close(() => resolve()) : resolve(),
      );
      log.info('bridge stopped');
    },
  };
}

/** startWatches watches what can change an export's desired state and queues the exports concerned. */
function startWatches(
  config: BridgeConfig,
  kcpRoot: RestClient,
  service: RestClient,
  queue: KeyedQueue,
  signal: AbortSignal,
  log: Logger,
): void {
  const all = () => {
    for (const e of config.exports) queue.add(exportId(e));
  };
  const inWorkspace = (ws: string, name?: string) => () => {
    for (const e of config.exports)
      if (e.workspace === ws && (name === undefined || e.name === name)) queue.add(exportId(e));
  };
  for (const ws of new Set(config.exports.map((e) => e.workspace))) {
    const kcp = kcpRoot.forCluster(ws);
    const onExport = (obj: KubeObject) => inWorkspace(ws, obj.metadata?.name)();
    void watchCollection({ client: kcp, path: resourcePath(apiExports), onObject: onExport, signal, log });
    void watchCollection({
      client: kcp,
      path: resourcePath(apiResourceSchemas),
      onObject: inWorkspace(ws),
      signal,
      log,
    });
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
