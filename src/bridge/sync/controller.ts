/**
 * Thin wiring of the sync engine for one binding: the export's endpoints are followed, every bound
 * workspace is watched through each endpoint, and the service copies and Secrets are watched; each
 * change queues the kcp object's key, and workers run the engine over it, rate-limited, retried with
 * backoff, and looked at again after resyncSeconds.
 */
import type { Logger } from 'pino';
import { namespaces, resourcePath, secrets } from '../../kube/paths.js';
import type { KubeObject, RestClient, WatchEvent } from '../../kube/rest.js';
import { watchCollection } from '../../kube/watch.js';
import { KeyedQueue } from '../../lifecycle/queue.js';
import { type Binding, bindingKey } from '../binding.js';
import type { EndpointGate } from '../endpoint-leases.js';
import { clusterFromObject } from '../kcp/clusters.js';
import { endpointChange, followEndpoints } from '../kcp/endpoints.js';
import { KeyLock } from '../keylock.js';
import { events, managedByLabel, managedByValue } from '../refs.js';
import { ObjectCache } from './cache.js';
import { type Pass, syncDown, syncUp, workspacePath } from './engine.js';
import type { EngineEnv } from './env.js';
import { GroupedObjects } from './groups.js';
import { TokenBucket } from './limiter.js';
import type { SyncMetrics } from './metrics.js';
import { mayBeServiceNamespace } from './naming.js';
import { originAnnotations, originLabels, originOf, projectLabel } from './origin.js';
import { objectKey } from './sides.js';
import { namespaceCheckOf } from './spec.js';

/** SyncSettings are the sync engine's knobs, from the bridge config. */
export interface SyncSettings {
  /** workers is how many objects of one binding are synced at once. */
  workers: number;
  /** qps and burst limit the requests of one binding's engine (its watches aside). */
  qps: number;
  burst: number;
  /** resyncSeconds is how often a synced object is looked at again without a change. */
  resyncSeconds: number;
}

export interface SyncOptions {
  binding: Binding;
  /** kcpRoot is a client of kcp with the bridge's identity; virtual workspace clients derive from it. */
  kcpRoot: RestClient;
  service: RestClient;
  settings: SyncSettings;
  metrics: SyncMetrics;
  log: Logger;
  /**
   * denied is told of each failure of a watch or a pass; it returns true when the failure is a
   * right the bridge was refused, which it reports itself (once), so that nothing logs it again.
   */
  denied?: (source: 'watch' | 'sync', err: unknown) => boolean;
  /**
   * endpoints, when given, says which of the slice's endpoints this replica serves (replicas that
   * divide them, endpoint-leases.ts); copies of workspaces it does not serve are left to others.
   */
  endpoints?: EndpointGate;
}

export interface RunningSync {
  /** stop ends the watches and resolves once the passes under way are done. */
  stop(): Promise<void>;
}

/** How long passes wait at most for the watches' first lists. */
const cacheSyncTimeoutMs = 10_000;

/** startObjectSync starts syncing the objects of one binding and returns a handle to stop it. */
export function startObjectSync(o: SyncOptions): RunningSync {
  const id = `${o.binding.export.workspace}/${o.binding.export.name}/${bindingKey(o.binding)}`;
  const log = o.log.child({ binding: id });
  const stopped = new AbortController();
  const endpointWatches = new Map<string, AbortController>();
  const clusterEndpoints = new Map<string, string>();
  const keysByServiceNamespace = new Map<string, Set<string>>();
  const pending = new Set<string>();
  const seen = new Map<string, { generation: number | undefined; at: number }>();
  const applied = new Map<string, number | undefined>();
  const limiter = new TokenBucket(o.settings.qps, o.settings.burst);
  const cache = { kcp: new ObjectCache(), service: new ObjectCache() };
  const foreign = new Set<string>();
  // Only what may be in kxp's service namespaces is kept: claims' Secrets are watched unlabelled,
  // and the other namespaces' Secrets and events are none of the bridge's business.
  const inServiceNamespace = (o: KubeObject) =>
    mayBeServiceNamespace(o.metadata?.namespace) ? o.metadata?.namespace : undefined;
  const secretCache = {
    service: new GroupedObjects(inServiceNamespace),
    kcp: new GroupedObjects((s) => s.metadata?.labels?.[originLabels.uid]),
  };
  secretCache.service.addSource('service');
  const warnings = new GroupedObjects((e) =>
    inServiceNamespace(e) ? (e.involvedObject as { uid?: string } | undefined)?.uid : undefined,
  );
  warnings.addSource('service');
  /** The slice's endpoints, served here or not; and keys of copies whose workspace no served endpoint has shown. */
  let sliceUrls: string[] = [];
  const parked = new Map<string, Set<string>>();
  const onlyEndpoint = () =>
    sliceUrls.length <= 1 && endpointWatches.size === 1 ? [...endpointWatches.keys()][0] : undefined;

  const env: EngineEnv = {
    binding: o.binding,
    service: o.service.limitedBy(limiter),
    kcpRoot: o.kcpRoot.limitedBy(limiter),
    log,
    // A cluster not seen through any endpoint (a copy whose kcp object went while the bridge was
    // down, in a workspace with nothing else left) is looked for through the only shard, if one.
    endpointOf: (cluster) => clusterEndpoints.get(cluster) ?? onlyEndpoint(),
    namespaces: new Map(),
    refusals: new Map(),
    projections: new Map(),
    surfacedEvents: new Set(),
    workspacePaths: new Map(),
    onApplied: (key, generation) => {
      const s = seen.get(key);
      if (s && (generation ?? 0) >= (s.generation ?? 0)) {
        o.metrics.downSyncLatency.observe({ binding: id }, (Date.now() - s.at) / 1000);
        seen.delete(key);
      }
      applied.set(key, generation);
    },
    cache,
    secrets: secretCache,
    warnings,
    foreign,
    wrote: (side, obj) => {
      const key = side === 'kcp' ? kcpKeyOf(obj) : serviceKeyOf(obj);
      if (key) cache[side].wrote(key, obj);
    },
  };

  // Two lanes (see engine.ts), one object at a time across both: down passes write the service
  // cluster and hand the object to the up lane, which writes kcp.
  const locks = new KeyLock();
  const pass = async (lane: 'down' | 'up', key: string, run: () => Promise<Pass>) => {
    pending.delete(key);
    o.metrics.queueDepth.set({ binding: id }, pending.size);
    try {
      const p = await locks.run(key, run);
      o.metrics.syncs.inc({ binding: id, lane, outcome: p.outcome });
      return p;
    } catch (err) {
      o.metrics.syncs.inc({ binding: id, lane, outcome: 'error' });
      // What failed may have been read from a stale cache (a conflict): the retry reads afresh.
      cache.kcp.forget(key);
      cache.service.forget(key);
      throw err;
    }
  };
  const queueOptions = (lane: string) => ({
    concurrency: o.settings.workers,
    paused: true,
    onError: (key: string, err: unknown) => {
      if (!o.denied?.('sync', err)) log.warn({ err, key, lane }, 'cannot sync object, retrying');
    },
  });
  const up = new KeyedQueue(async (key) => {
    // Copies first: an up pass waits while down passes wait, so a backlog reaches Crossplane at the
    // service cluster's pace and status follows (the down lane drains in moments, so up never starves).
    await down.nothingWaiting();
    const p = await pass('up', key, () => syncUp(env, key));
    return p.requeueAfter;
  }, queueOptions('up'));
  const down = new KeyedQueue(async (key) => {
    const p = await pass('down', key, () => syncDown(env, key));
    if (p.outcome === 'synced' || p.outcome === 'rejected') up.add(key);
    if (p.requeueAfter !== undefined) return p.requeueAfter;
    return p.outcome === 'synced' ? o.settings.resyncSeconds * 1000 : undefined;
  }, queueOptions('down'));
  // Passes wait until the watches have listed what exists (or cacheSyncTimeoutMs has passed), so
  // that they start from the caches rather than read each object afresh while the lists arrive.
  const listedEndpoints = new Set<string>();
  const startAnyway = setTimeout(() => {
    log.warn('watches have not listed everything yet; syncing anyway');
    startPasses();
  }, cacheSyncTimeoutMs);
  startAnyway.unref();
  const startPasses = () => {
    clearTimeout(startAnyway);
    down.resume();
    up.resume();
  };
  const startWhenListed = () => {
    const endpoints = [...endpointWatches.keys()];
    if (cache.service.listed && endpoints.length > 0 && endpoints.every((e) => listedEndpoints.has(e)))
      startPasses();
  };

  // What was projected is forgotten every resync, so a projected Secret removed by hand comes back.
  const forgetProjections = setInterval(() => env.projections.clear(), o.settings.resyncSeconds * 1000);
  forgetProjections.unref();
  const add = (key: string, lanes: 'down' | 'both' = 'down') => {
    pending.add(key);
    o.metrics.queueDepth.set({ binding: id }, pending.size);
    // An object without a copy yet is new work: it goes before objects merely looked at again.
    if (cache.service.absent(key)) down.addFirst(key);
    else down.add(key);
    if (lanes === 'both') up.add(key);
  };

  /**
   * parks keeps the key of a copy of a workspace another replica serves (its business), and says so;
   * it is taken up (unpark) should the workspace show through an endpoint this replica comes to serve.
   */
  const parks = (cluster: string, key: string, type: WatchEvent['type'] | 'LISTED'): boolean => {
    if (!o.endpoints || clusterEndpoints.has(cluster) || onlyEndpoint()) return false;
    if (type === 'DELETED') parked.get(cluster)?.delete(key);
    else parked.set(cluster, (parked.get(cluster) ?? new Set()).add(key));
    return true;
  };
  const unpark = (cluster: string) => {
    for (const key of parked.get(cluster) ?? []) add(key, 'both');
    parked.delete(cluster);
  };

  const onKcpObject = (obj: KubeObject, type: WatchEvent['type'] | 'LISTED', endpoint: string) => {
    const cluster = clusterFromObject(obj);
    const { namespace, name } = obj.metadata ?? {};
    if (!cluster || !namespace || !name) return;
    clusterEndpoints.set(cluster, endpoint);
    unpark(cluster);
    void workspacePath(env, cluster);
    const key = objectKey({ cluster, namespace, name });
    const generation = obj.metadata?.generation as number | undefined;
    let ours = false;
    if (type === 'DELETED') {
      seen.delete(key);
      applied.delete(key);
      cache.kcp.drop(key);
      env.refusals.delete(key);
      if (obj.metadata?.uid) env.projections.delete(obj.metadata.uid);
    } else {
      if (applied.get(key) !== generation && !seen.has(key)) seen.set(key, { generation, at: Date.now() });
      ours = cache.kcp.observe(key, obj);
    }
    // The echo of the bridge's own write: the pass that wrote it went on from that very object.
    if (!ours) add(key);
  };

  const onEndpoints = (urls: string[]) => {
    const change = endpointChange(endpointWatches.keys(), urls);
    for (const url of change.removed) {
      endpointWatches.get(url)?.abort();
      endpointWatches.delete(url);
      listedEndpoints.delete(url);
      for (const [cluster, e] of clusterEndpoints) if (e === url) clusterEndpoints.delete(cluster);
      secretCache.kcp.removeSource(url);
    }
    for (const url of change.added) {
      const watch = new AbortController();
      stopped.signal.addEventListener('abort', () => watch.abort(), { once: true });
      endpointWatches.set(url, watch);
      void watchCollection({
        client: o.kcpRoot.withServer(url).forCluster('*'),
        path: resourcePath(o.binding.kcp),
        onObject: (obj, type) => onKcpObject(obj, type, url),
        onError: (err) => o.denied?.('watch', err) ?? false,
        onListed: (listed) => {
          if (listed) listedEndpoints.add(url);
          startWhenListed();
        },
        signal: watch.signal,
        log,
      });
      // kxp's projected Secrets in every workspace of the endpoint that accepted the Secrets claim,
      // so that an up pass need not list them per object.
      secretCache.kcp.addSource(url);
      void watchCollection({
        client: o.kcpRoot.withServer(url).forCluster('*'),
        path: resourcePath(secrets),
        query: { labelSelector: originLabels.uid },
        onObject: (s, type) => secretCache.kcp.observe(url, s, type),
        onListed: (listed) => secretCache.kcp.setListed(url, listed),
        onError: (err) => o.denied?.('watch', err) ?? false,
        signal: watch.signal,
        log,
      });
    }
  };

  const onServiceCopy = (obj: KubeObject, type: WatchEvent['type'] | 'LISTED') => {
    const origin = originOf(obj);
    const ns = obj.metadata?.namespace;
    if (!ns) return;
    if (!origin) {
      // Not a copy: kept only so that no pass takes it for free room (see EngineEnv.foreign).
      const id = `${ns}/${obj.metadata?.name}`;
      if (type === 'DELETED') foreign.delete(id);
      else foreign.add(id);
      return;
    }
    const key = objectKey(origin);
    const keys = keysByServiceNamespace.get(ns) ?? new Set<string>();
    let ours = false;
    if (type === 'DELETED') {
      keys.delete(key);
      cache.service.drop(key);
    } else {
      keys.add(key);
      ours = cache.service.observe(key, obj);
    }
    keysByServiceNamespace.set(ns, keys);
    if (parks(origin.cluster, key, type)) return;
    // The echo of the bridge's own apply: the pass that applied it went on from that very copy.
    // Any other change may be a hand edit to revert (down) or a new status to report (up).
    if (!ours) add(key, 'both');
  };

  const onServiceSecret = (obj: KubeObject, type: WatchEvent['type'] | 'LISTED') => {
    secretCache.service.observe('service', obj, type);
    for (const key of keysByServiceNamespace.get(obj.metadata?.namespace ?? '') ?? []) up.add(key);
  };

  const signal = stopped.signal;
  const onError = (err: unknown) => o.denied?.('watch', err) ?? false;
  const served = (urls: string[]) => (o.endpoints ? urls.filter((u) => o.endpoints?.serves(u)) : urls);
  o.endpoints?.onChange(() => onEndpoints(served(sliceUrls)), signal);
  void followEndpoints({
    kcp: o.kcpRoot.forCluster(o.binding.export.workspace),
    exportName: o.binding.export.name,
    onEndpoints: (urls) => {
      sliceUrls = urls;
      onEndpoints(served(urls));
    },
    onError,
    signal,
    log,
  });
  // Every object of the kind, not only kxp's copies: once listed, an object the watch never showed
  // does not exist, and a pass creating a copy need not read first.
  void watchCollection({
    client: o.service,
    path: resourcePath(o.binding.service),
    onObject: onServiceCopy,
    onError,
    onListed: (listed) => {
      cache.service.listed = listed;
      startWhenListed();
    },
    signal,
    log,
  });
  // kxp's service namespaces, so that a pass knows a namespace without reading it, and creates a
  // missing one without reading first.
  void watchCollection({
    client: o.service,
    path: resourcePath(namespaces),
    query: { labelSelector: `${managedByLabel}=${managedByValue}` },
    onObject: (ns, type) => {
      const name = ns.metadata?.name;
      if (!name) return;
      if (type === 'DELETED') {
        env.namespaces.delete(name);
        return;
      }
      env.namespaces.set(name, Promise.resolve(namespaceCheckOf(ns)));
      // A logical cluster's workspace path never changes: the one its namespace records saves
      // reading it from kcp again after a restart.
      const cluster = ns.metadata?.annotations?.[originAnnotations.cluster];
      const path = ns.metadata?.annotations?.[originAnnotations.workspacePath];
      if (cluster && path && !env.workspacePaths.has(cluster))
        env.workspacePaths.set(cluster, Promise.resolve(path));
    },
    onListed: (listed) => {
      env.namespacesListed = listed;
    },
    onError,
    signal,
    log,
  });
  // Claims name their connection Secret, which Crossplane writes unlabelled; XRs' Secrets are labelled.
  void watchCollection({
    client: o.service,
    path: resourcePath(secrets),
    query: o.binding.mode === 'xr' ? { labelSelector: `${projectLabel}=true` } : undefined,
    onObject: onServiceSecret,
    onListed: (listed) => secretCache.service.setListed('service', listed),
    onError,
    signal,
    log,
  });
  // Warning events, by the uid they are about, so that an up pass need not list them.
  void watchCollection({
    client: o.service,
    path: resourcePath(events),
    query: { fieldSelector: 'type=Warning' },
    onObject: (e, type) => warnings.observe('service', e, type),
    onListed: (listed) => warnings.setListed('service', listed),
    onError,
    signal,
    log,
  });
  log.info('sync started');

  return {
    async stop() {
      stopped.abort();
      clearInterval(forgetProjections);
      clearTimeout(startAnyway);
      await Promise.all([down.stop(), up.stop()]);
      log.info('sync stopped');
    },
  };
}

/** kcpKeyOf returns the queue key of a kcp object, when it names its cluster. */
function kcpKeyOf(obj: KubeObject): string | undefined {
  const cluster = clusterFromObject(obj);
  const { namespace, name } = obj.metadata ?? {};
  return cluster && namespace && name ? objectKey({ cluster, namespace, name }) : undefined;
}

/** serviceKeyOf returns the queue key of the kcp object a service copy was made from. */
function serviceKeyOf(obj: KubeObject): string | undefined {
  const origin = originOf(obj);
  return origin ? objectKey(origin) : undefined;
}
