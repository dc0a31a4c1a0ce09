/**
 * One down-sync measurement: create objects in many kcp workspaces, see each copy appear in the
 * service cluster (where a status writer, standing in for Crossplane, sets a condition on it at once)
 * and see that condition come back to every kcp object.
 */
import { randomUUID } from 'node:crypto';
import { fieldManager, managedByLabel, managedByValue } from '../../../src/bridge/refs.js';
import { serviceNamespaceName } from '../../../src/bridge/sync/naming.js';
import { serviceCopy } from '../../../src/bridge/sync/projection.js';
import { appliedCopy } from '../../../src/bridge/sync/spec.js';
import { namespaces, type ResourceRef, resourcePath } from '../../../src/kube/paths.js';
import type { KubeObject, RestClient } from '../../../src/kube/rest.js';
import {
  type BenchObject,
  benchCondition,
  follow,
  hasBenchCondition,
  Limiter,
  percentile,
  pool,
  waitUntil,
} from './kube.js';

export interface DownSyncOptions {
  /** label prefixes object ids, so two systems' objects never mix. */
  label: string;
  /** workspaces are the consumer workspaces' clients (kcp paths such as root:bench:ws-00). */
  workspaces: RestClient[];
  objectsPerWorkspace: number;
  /** kcpRef is the kind as consumers see it in kcp; serviceRef as it is in the service cluster. */
  kcpRef: ResourceRef;
  kind: string;
  serviceRef: ResourceRef;
  /** kcpAll lists the kind across every bound workspace (an export's virtual workspace at /clusters/*). */
  kcpAll: RestClient;
  service: RestClient;
  concurrency: number;
  timeoutMs: number;
  log: (message: string) => void;
  /**
   * backlog, when given, measures catching up instead of keeping up: the system is stopped before
   * the creates and started again after them, and the clock starts when it is started.
   */
  backlog?: { stop: () => Promise<void>; start: () => Promise<void> };
  /** settle resolves once the servers have finished with the creates (catching up), returning the ms it took. */
  settle?: () => Promise<number>;
}

export interface DownSyncResult {
  objects: number;
  /** backlog is set when the system caught up with objects created while it was stopped. */
  backlog?: boolean;
  /** createSeconds is how long the creates in kcp took, first sent to last acknowledged. */
  createSeconds: number;
  /** downSeconds: first create sent until every copy is in the service cluster. */
  downSeconds: number;
  /** firstSeconds: first create sent (catching up: the system started) until the first copy is seen. */
  firstSeconds: number;
  /** statusSeconds: first create sent until every kcp object shows the status written on its copy. */
  statusSeconds: number;
  /** latencies in ms, per object: kcp create acknowledged until its copy is seen in the service cluster. */
  p50Ms: number;
  p99Ms: number;
  /** watch lag in ms, per object: kcp create acknowledged until the export's virtual workspace watch delivers it. */
  watchP50Ms: number;
  watchP99Ms: number;
  statusP50Ms: number;
  statusP99Ms: number;
}

export async function measureDownSync(o: DownSyncOptions): Promise<DownSyncResult> {
  const ids = new Set<string>();
  const acked = new Map<string, number>();
  const seen = new Map<string, number>();
  const back = new Map<string, number>();
  // When each object first came through the export's virtual workspace watch, the one both systems use.
  const delivered = new Map<string, number>();
  const writing = new Set<string>();
  const writes = new Limiter(o.concurrency);
  let writeErrors = 0;
  let firstWriteError = '';
  const stop = new AbortController();
  // Catching up, the status writer waits until every copy is down: the copies then reach the
  // service cluster on the same terms as the raw creates, with nothing else writing there.
  let holdStatus = Boolean(o.backlog);
  const held = new Map<string, BenchObject>();

  // The status writer: the first sight of a copy is timed; a copy without the condition gets it.
  const onCopy = (copy: BenchObject) => {
    const id = copy.spec?.id;
    if (!id || !ids.has(id)) return;
    if (!seen.has(id)) seen.set(id, Date.now());
    if (holdStatus) {
      held.set(id, copy);
      return;
    }
    if (hasBenchCondition(copy) || writing.has(id)) return;
    const name = copy.metadata?.name ?? '';
    const namespace = copy.metadata?.namespace;
    writing.add(id);
    void writes
      .run(() =>
        o.service.apply(
          `${resourcePath(o.serviceRef, namespace, name)}/status`,
          {
            apiVersion: copy.apiVersion,
            kind: copy.kind,
            metadata: { name, namespace },
            status: {
              conditions: [
                {
                  type: benchCondition,
                  status: 'True',
                  reason: 'Written',
                  message: 'set by the benchmark status writer',
                  lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
                },
              ],
            },
          },
          'kxp-bench-status',
        ),
      )
      .catch((err: unknown) => {
        writeErrors++;
        firstWriteError ||= err instanceof Error ? err.message : String(err);
      })
      .finally(() => writing.delete(id));
  };
  const onOrigin = (obj: BenchObject) => {
    const id = obj.spec?.id;
    if (!id || !ids.has(id)) return;
    if (!delivered.has(id)) delivered.set(id, Date.now());
    if (!back.has(id) && hasBenchCondition(obj)) back.set(id, Date.now());
  };

  const items: { ws: RestClient; name: string; id: string }[] = [];
  o.workspaces.forEach((ws, w) => {
    for (let i = 0; i < o.objectsPerWorkspace; i++) {
      const name = `${o.label}-${i}`;
      const id = `${o.label}-w${w}-${i}`;
      ids.add(id);
      items.push({ ws, name, id });
    }
  });
  // Interleave workspaces, as many consumers creating at once would.
  items.sort((a, b) => Number(a.name.split('-').pop()) - Number(b.name.split('-').pop()));

  try {
    await follow(o.service, resourcePath(o.serviceRef), onCopy, stop.signal);
    await follow(o.kcpAll, `/clusters/*${resourcePath(o.kcpRef)}`, onOrigin, stop.signal);
    if (o.backlog) await o.backlog.stop();
    const tCreates = Date.now();
    await pool(items, o.concurrency, async ({ ws, name, id }) => {
      await ws.create(resourcePath(o.kcpRef, 'default'), {
        apiVersion: `${o.kcpRef.group}/${o.kcpRef.version}`,
        kind: o.kind,
        metadata: { name },
        spec: { id },
      });
      acked.set(id, Date.now());
    });
    const tCreated = Date.now();
    o.log(`${o.label}: ${items.length} objects created in kcp in ${s(tCreated - tCreates)}`);
    if (o.backlog && o.settle) o.log(`${o.label}: the servers were quiet again after ${s(await o.settle())}`);
    // Catching up, the clock starts with the system; objects waiting for it count from then too.
    const t0 = o.backlog ? Date.now() : tCreates;
    if (o.backlog) {
      for (const id of ids) acked.set(id, t0);
      await o.backlog.start();
      o.log(`${o.label}: started again after ${s(Date.now() - t0)}`);
    }
    const progress = () =>
      `${seen.size}/${ids.size} copies in the service cluster, ${back.size}/${ids.size} statuses back` +
      (writeErrors ? `, ${writeErrors} status writes failed (first: ${firstWriteError})` : '');
    await waitUntil(() => seen.size === ids.size, o.timeoutMs, progress);
    const tDown = Math.max(...seen.values());
    const tFirst = Math.min(...seen.values());
    o.log(
      `${o.label}: first copy in the service cluster after ${s(tFirst - t0)}, every copy after ${s(tDown - t0)}`,
    );
    holdStatus = false;
    for (const copy of held.values()) onCopy(copy);
    held.clear();
    await waitUntil(() => back.size === ids.size, o.timeoutMs, progress);
    const tBack = Math.max(...back.values());
    o.log(`${o.label}: every status back in kcp after ${s(tBack - t0)}`);
    const latencies = [...ids].map((id) => Math.max(0, (seen.get(id) ?? 0) - (acked.get(id) ?? 0)));
    const watchLags = [...ids].map((id) => Math.max(0, (delivered.get(id) ?? 0) - (acked.get(id) ?? 0)));
    const statusLatencies = [...ids].map((id) => Math.max(0, (back.get(id) ?? 0) - (acked.get(id) ?? 0)));
    return {
      objects: ids.size,
      ...(o.backlog ? { backlog: true } : {}),
      createSeconds: (tCreated - tCreates) / 1000,
      downSeconds: (tDown - t0) / 1000,
      firstSeconds: (tFirst - t0) / 1000,
      statusSeconds: (tBack - t0) / 1000,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      watchP50Ms: percentile(watchLags, 0.5),
      watchP99Ms: percentile(watchLags, 0.99),
      statusP50Ms: percentile(statusLatencies, 0.5),
      statusP99Ms: percentile(statusLatencies, 0.99),
    };
  } finally {
    stop.abort();
  }
}

/**
 * measureRawCreates writes count objects straight into the service cluster and returns objects/s:
 * created (POST), or applied with server-side apply as a syncer that owns its fields writes them.
 */
export async function measureRawCreates(
  service: RestClient,
  ref: ResourceRef,
  kind: string,
  namespace: string,
  count: number,
  concurrency: number,
  how: 'create' | 'apply' = 'create',
): Promise<{ objects: number; seconds: number; rate: number }> {
  const names = Array.from({ length: count }, (_, i) => `raw-${how}-${i}`);
  const t0 = Date.now();
  await pool(names, concurrency, async (name) => {
    const body = { apiVersion: `${ref.group}/${ref.version}`, kind, metadata: { name }, spec: { id: name } };
    if (how === 'create') await service.create(resourcePath(ref, namespace), body);
    else await service.apply(resourcePath(ref, namespace, name), body, 'kxp-bench-raw', true);
  });
  const seconds = (Date.now() - t0) / 1000;
  return { objects: count, seconds, rate: count / seconds };
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/**
 * measureCopyCreates creates count objects shaped exactly as the bridge's copies of the bench's kcp
 * objects (built by the engine's own serviceCopy and appliedCopy: the same labels, annotations and
 * bytes; kcp's metadata as a created object carries it), each in its own service namespace per
 * workspace as the bridge places them, from a client warmed up first, with the bridge's concurrency:
 * the fair limit of the bridge's down lane.
 */
export async function measureCopyCreates(
  service: RestClient,
  ref: ResourceRef,
  kind: string,
  workspaceCount: number,
  perWorkspace: number,
  concurrency: number,
): Promise<{ objects: number; seconds: number; rate: number }> {
  const cluster = (w: number) => `rawcopy${String(w).padStart(8, '0')}`;
  const namespaceOf = (w: number) => serviceNamespaceName(cluster(w), 'default');
  await pool(
    Array.from({ length: workspaceCount }, (_, w) => w),
    concurrency,
    async (w) => {
      await service.create(resourcePath(namespaces), {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespaceOf(w), labels: { [managedByLabel]: managedByValue } },
      });
    },
  );
  const copies: KubeObject[] = [];
  for (let w = 0; w < workspaceCount; w++) {
    for (let i = 0; i < perWorkspace; i++) {
      const name = `rawcopy-${i}`;
      const origin = {
        cluster: cluster(w),
        workspacePath: `root:bench:ws-${String(w).padStart(2, '0')}`,
        namespace: 'default',
        name,
        uid: randomUUID(),
      };
      const kcpObject: KubeObject = {
        apiVersion: `${ref.group}/${ref.version}`,
        kind,
        metadata: {
          name,
          namespace: 'default',
          generation: 1,
          annotations: { 'kcp.io/cluster': origin.cluster },
        },
        spec: { id: `rawcopy-w${w}-${i}` },
      };
      copies.push(appliedCopy(serviceCopy(kcpObject, namespaceOf(w), origin)));
    }
  }
  // Warm: the connections open and the JIT done, as in a bridge that has been running.
  for (const c of copies.slice(0, concurrency))
    await service.get(resourcePath(namespaces, undefined, c.metadata?.namespace));
  const t0 = Date.now();
  await pool(copies, concurrency, async (copy) => {
    await service.create(resourcePath(ref, copy.metadata?.namespace), copy, fieldManager);
  });
  const seconds = (Date.now() - t0) / 1000;
  return { objects: copies.length, seconds, rate: copies.length / seconds };
}

/**
 * measureVirtualWorkspaceWrites makes, for count objects already in kcp, the two writes the bridge's
 * up lane makes for a new object: a finalizer (merge patch of the object) and a status condition
 * (merge patch of /status), through the export's virtual workspace at concurrency: the fair limit
 * of statuses coming back. Returns objects/s.
 */
export async function measureVirtualWorkspaceWrites(
  kcpAll: RestClient,
  ref: ResourceRef,
  count: number,
  concurrency: number,
): Promise<{ objects: number; seconds: number; rate: number }> {
  const listed = await kcpAll.list(`/clusters/*${resourcePath(ref)}`);
  const objects = listed.items.slice(0, count);
  const t0 = Date.now();
  await pool(objects, concurrency, async (obj) => {
    const cluster = obj.metadata?.annotations?.['kcp.io/cluster'] ?? '';
    const path = resourcePath(ref, obj.metadata?.namespace, obj.metadata?.name);
    const client = kcpAll.forCluster(cluster);
    await client.mergePatch(path, {
      metadata: {
        finalizers: [...((obj.metadata?.finalizers as string[] | undefined) ?? []), 'bench.kxp.dev/raw'],
        resourceVersion: obj.metadata?.resourceVersion,
      },
    });
    await client.mergePatch(`${path}/status`, {
      status: {
        conditions: [
          {
            type: 'bench.kxp.dev/Raw',
            status: 'True',
            reason: 'Written',
            message: 'written by the benchmark through the virtual workspace',
            lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
          },
        ],
      },
    });
  });
  const seconds = (Date.now() - t0) / 1000;
  return { objects: objects.length, seconds, rate: objects.length / seconds };
}
