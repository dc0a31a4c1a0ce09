/**
 * A user's claims in one workspace, read with their identity: the resources the catalog's exports are
 * bound as there (from the workspace's APIBindings), each listed across namespaces; one claim with its
 * recent events; and its connection Secret.
 */
import { apiBindings } from '../../kcp/apis.js';
import { type Binding, type BoundResource, bindingTarget } from '../../kcp/exports/binding.js';
import { type ExportRef, exportName } from '../../kcp/exports/ref.js';
import { resourcePath, secrets } from '../../kube/paths.js';
import type { KubeObject, RestClient } from '../../kube/rest.js';

/** Bound is one configured export's binding in a workspace. */
export interface Bound {
  export: string;
  name: string;
  phase?: string;
  resources: { group: string; version: string; resource: string }[];
}

/** boundExports returns the workspace's bindings to the configured exports, by export name. */
export async function boundExports(
  ws: RestClient,
  workspace: string,
  refs: readonly ExportRef[],
): Promise<Bound[]> {
  const wanted = new Set(refs.map(exportName));
  const list = await ws.list<Binding>(resourcePath(apiBindings));
  return list.items
    .filter((b) => wanted.has(bindingTarget(b, workspace)))
    .map((b) => ({
      export: bindingTarget(b, workspace),
      name: b.metadata?.name ?? '',
      phase: b.status?.phase,
      resources: (b.status?.boundResources ?? []).map(versioned),
    }));
}

function versioned(r: BoundResource): { group: string; version: string; resource: string } {
  return { group: r.group, version: r.storageVersions?.[0] ?? 'v1alpha1', resource: r.resource };
}

/** Condition is one status condition of a claim. */
export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface Claim extends KubeObject {
  spec?: { writeConnectionSecretToRef?: { name?: string }; [k: string]: unknown };
  status?: { conditions?: Condition[]; [k: string]: unknown };
}

/** ClaimRow is what the claims page shows of one claim, and what the live relay sends. */
export interface ClaimRow {
  id: string;
  resource: string;
  kind: string;
  namespace: string;
  name: string;
  ready: string;
  synced: string;
  message: string;
  created: string;
}

/** claimRow returns the row of claim obj of resource (plural). */
export function claimRow(obj: Claim, resource: string): ClaimRow {
  const conditions = obj.status?.conditions ?? [];
  const of = (t: string) => conditions.find((c) => c.type === t);
  const notTrue = conditions.find((c) => c.status !== 'True' && (c.message || c.reason));
  const namespace = obj.metadata?.namespace ?? '';
  const name = obj.metadata?.name ?? '';
  return {
    id: `${resource}/${namespace}/${name}`,
    resource,
    kind: obj.kind ?? '',
    namespace,
    name,
    ready: of('Ready')?.status ?? 'Unknown',
    synced: of('Synced')?.status ?? 'Unknown',
    message: notTrue ? `${notTrue.type}: ${notTrue.message || notTrue.reason}` : '',
    created: String(obj.metadata?.creationTimestamp ?? ''),
  };
}

/** listClaims returns the rows of every claim of the bound resources, sorted by namespace and name. */
export async function listClaims(ws: RestClient, bound: readonly Bound[]): Promise<ClaimRow[]> {
  const resources = bound.flatMap((b) => b.resources);
  const lists = await Promise.all(
    resources.map((r) =>
      ws.list<Claim>(resourcePath(r)).then((l) => l.items.map((o) => claimRow(o, r.resource))),
    ),
  );
  return lists
    .flat()
    .sort((a, b) => (a.namespace === b.namespace ? cmp(a.name, b.name) : cmp(a.namespace, b.namespace)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Event is one Kubernetes event about a claim. */
export interface Event {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  time: string;
}

interface RawEvent extends KubeObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string;
  eventTime?: string;
  firstTimestamp?: string;
}

/** claimEvents returns the latest events about the claim ns/name, newest first (at most limit). */
export async function claimEvents(ws: RestClient, ns: string, name: string, limit = 20): Promise<Event[]> {
  const list = await ws.list<RawEvent>(`/api/v1/namespaces/${encodeURIComponent(ns)}/events`, {
    fieldSelector: `involvedObject.name=${name}`,
  });
  return list.items
    .map((e) => ({
      type: e.type,
      reason: e.reason,
      message: e.message,
      count: e.count,
      time: e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? String(e.metadata?.creationTimestamp ?? ''),
    }))
    .sort((a, b) => cmp(b.time, a.time))
    .slice(0, limit);
}

/** secretData returns the keys of Secret ns/name decoded; values only when reveal. */
export async function secretData(ws: RestClient, ns: string, name: string): Promise<Record<string, string>> {
  const s = await ws.get<KubeObject & { data?: Record<string, string> }>(resourcePath(secrets, ns, name));
  return Object.fromEntries(
    Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
  );
}
