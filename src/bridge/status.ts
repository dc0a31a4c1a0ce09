/**
 * Reporting what the bridge did with each resource where the people concerned look: a condition and
 * events on the XRD (the service cluster's owners), and a ConfigMap beside the APIExport in kcp (the
 * export's owners), `kxp-bridge-status.<export>` in namespace default, one key per resource. A
 * ConfigMap rather than an annotation on the export, so reporting never changes the export itself.
 */
import type { Logger } from 'pino';
import { isConflict, isNotFound } from '../kube/errors.js';
import { configMaps, namespaces, resourcePath } from '../kube/paths.js';
import type { KubeObject, RestClient } from '../kube/rest.js';
import type { DeniedRight } from './forbidden.js';
import { events, fieldManager, xrdsV2 } from './refs.js';
import { canonicalJSON } from './schema/canonical.js';

/** boundCondition is the condition type the bridge sets on XRDs: True when the XRD and the export serve the same API. */
export const boundCondition = 'kxp.dev/Bound';

/** statusNamespace holds the status ConfigMaps in the export's workspace. */
export const statusNamespace = 'default';

/** statusConfigMapName returns the name of the ConfigMap reporting on exportName. */
export function statusConfigMapName(exportName: string): string {
  return `kxp-bridge-status.${exportName}`;
}

/** ResourceState is what happened to one resource: bound (api-first), published (crossplane-first), or refused. */
export type ResourceState = 'bound' | 'published' | 'refused' | 'pending';

/** ResourceReport says what happened to one resource of an export. */
export interface ResourceReport {
  /** key is `<resource>.<group>` of the kcp resource, or the XRD's name when there is none yet. */
  key: string;
  state: ResourceState;
  /** reason is CamelCase, as a condition's. */
  reason: string;
  message: string;
  schemaName?: string;
  xrdName?: string;
  /** xrd is the XRD to put the condition on, as last read. */
  xrd?: XRDObject;
  /** denied is the right the bridge was refused, when that is why the resource is refused. */
  denied?: DeniedRight;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime?: string;
  [key: string]: unknown;
}

export interface XRDObject extends KubeObject {
  status?: { conditions?: Condition[]; [key: string]: unknown };
}

/** conditionOf returns the bound condition that report stands for. */
export function conditionOf(report: ResourceReport): Condition {
  const status = report.state === 'refused' ? 'False' : report.state === 'pending' ? 'Unknown' : 'True';
  return { type: boundCondition, status, reason: report.reason, message: report.message };
}

/**
 * conditionsWith returns conditions with c set (others, Crossplane's included, kept), or undefined when c
 * is already there. lastTransitionTime changes only when the status does.
 */
export function conditionsWith(
  conditions: readonly Condition[],
  c: Condition,
  now: string,
): Condition[] | undefined {
  const old = conditions.find((x) => x.type === c.type);
  if (old && old.status === c.status && old.reason === c.reason && old.message === c.message)
    return undefined;
  const next = { ...c, lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : now };
  return old ? conditions.map((x) => (x.type === c.type ? next : x)) : [...conditions, next];
}

/** Reporter writes reports to XRDs, events and the kcp status ConfigMap. */
export class Reporter {
  constructor(
    private readonly service: RestClient,
    private readonly eventNamespace: string,
    private readonly log: Logger,
  ) {}

  /** onXRD sets the report's condition on its XRD and, when it changed, records an event. */
  async onXRD(report: ResourceReport): Promise<void> {
    const xrd = report.xrd;
    const name = xrd?.metadata?.name;
    if (!xrd || !name) return;
    const next = conditionsWith(xrd.status?.conditions ?? [], conditionOf(report), new Date().toISOString());
    if (!next) return;
    // The resourceVersion guards Crossplane's conditions: a merge patch replaces the whole list.
    await this.service.mergePatch(`${resourcePath(xrdsV2, undefined, name)}/status`, {
      metadata: { resourceVersion: xrd.metadata?.resourceVersion },
      status: { conditions: next },
    });
    await this.event(xrd, report).catch((err: unknown) =>
      this.log.warn({ err, xrd: name }, 'cannot record event'),
    );
  }

  private async event(xrd: XRDObject, report: ResourceReport): Promise<void> {
    const now = new Date().toISOString();
    const name = xrd.metadata?.name ?? '';
    await this.service.create(resourcePath(events, this.eventNamespace), {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${name}.${Date.now().toString(16)}`, namespace: this.eventNamespace },
      involvedObject: {
        apiVersion: xrd.apiVersion,
        kind: 'CompositeResourceDefinition',
        name,
        uid: xrd.metadata?.uid,
        resourceVersion: xrd.metadata?.resourceVersion,
      },
      type: report.state === 'refused' ? 'Warning' : 'Normal',
      reason: report.reason,
      message: report.message,
      source: { component: fieldManager },
      reportingComponent: fieldManager,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    });
  }

  /** inKcp writes reports into the export workspace's status ConfigMap, when they changed. */
  async inKcp(kcp: RestClient, exportName: string, reports: readonly ResourceReport[]): Promise<void> {
    const data: Record<string, string> = {};
    for (const r of reports) {
      data[r.key] = canonicalJSON({
        state: r.state,
        reason: r.reason,
        message: r.message,
        schema: r.schemaName,
        xrd: r.xrdName,
      });
    }
    const path = resourcePath(configMaps, statusNamespace, statusConfigMapName(exportName));
    let current: (KubeObject & { data?: Record<string, string> }) | undefined;
    try {
      current = await kcp.get(path);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    if (current && canonicalJSON(current.data ?? {}) === canonicalJSON(data)) return;
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: statusConfigMapName(exportName), namespace: statusNamespace },
      data,
    };
    try {
      await kcp.apply(path, cm, fieldManager);
    } catch (err) {
      // Every kcp workspace has the namespace default; one deleted by hand is made again, which
      // takes a right (create namespaces) the bridge's least-privilege identity does not have.
      if (current || !isNotFound(err)) throw err;
      await ensureNamespace(kcp, statusNamespace);
      await kcp.apply(path, cm, fieldManager);
    }
  }
}

async function ensureNamespace(client: RestClient, name: string): Promise<void> {
  try {
    await client.create(resourcePath(namespaces), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    });
  } catch (err) {
    if (!isConflict(err)) throw err;
  }
}
