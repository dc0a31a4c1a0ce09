/**
 * Event up-sync: Warning events about a service copy (source) surface as events on the kcp object
 * (dest), where its author looks, through the export's events permission claim. A consumer who did
 * not accept that claim simply gets none: events are a courtesy, never a reason to fail a sync.
 */
import { isConflict, isForbidden, isNotFound } from '../../kube/errors.js';
import { resourcePath } from '../../kube/paths.js';
import type { KubeObject } from '../../kube/rest.js';
import { events } from '../refs.js';
import { shortHash } from '../schema/hash.js';
import type { EngineEnv } from './env.js';
import { done, type Step, type SyncedObject, type SyncSide } from './sides.js';

interface CoreEvent extends KubeObject {
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
}

/** kcpEvent returns the event to create in kcp for a Warning event of the service copy. */
export function kcpEvent(serviceEvent: CoreEvent, kcpObject: SyncedObject): CoreEvent {
  const when = serviceEvent.lastTimestamp ?? serviceEvent.eventTime ?? new Date().toISOString();
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${kcpObject.metadata?.name}.kxp-${shortHash(serviceEvent.metadata?.uid ?? '', 12)}`,
      namespace: kcpObject.metadata?.namespace,
      labels: { 'app.kubernetes.io/managed-by': 'kxp-bridge' },
    },
    involvedObject: {
      apiVersion: kcpObject.apiVersion,
      kind: kcpObject.kind,
      name: kcpObject.metadata?.name,
      namespace: kcpObject.metadata?.namespace,
      uid: kcpObject.metadata?.uid,
    },
    reason: serviceEvent.reason,
    message: serviceEvent.message,
    type: 'Warning',
    source: { component: 'kxp-bridge' },
    count: serviceEvent.count ?? 1,
    firstTimestamp: serviceEvent.firstTimestamp ?? when,
    lastTimestamp: when,
  };
}

/** warningsAbout returns the service cluster's Warning events about the object of uid: from the watch once listed, else listed. */
async function warningsAbout(
  env: EngineEnv,
  namespace: string | undefined,
  uid: string,
): Promise<CoreEvent[]> {
  if (env.warnings?.listed) return env.warnings.in(uid) as CoreEvent[];
  const list = await env.service.list<CoreEvent>(resourcePath(events, namespace), {
    fieldSelector: `involvedObject.uid=${uid},type=Warning`,
  });
  return list.items;
}

/** syncEvents creates in kcp each Warning event of the service copy not yet surfaced. */
export async function syncEvents(
  env: EngineEnv,
  source: SyncSide<SyncedObject>,
  dest: SyncSide<SyncedObject>,
  surfaced: Set<string>,
): Promise<Step> {
  const copy = source.object;
  if (!copy?.metadata?.uid || !dest.object) return done;
  const warnings = await warningsAbout(env, copy.metadata.namespace, copy.metadata.uid);
  for (const ev of warnings) {
    const id = `${ev.metadata?.uid}/${ev.count ?? 1}`;
    if (surfaced.has(id)) continue;
    try {
      await dest.client.create(
        resourcePath(events, dest.object.metadata?.namespace),
        kcpEvent(ev, dest.object),
      );
    } catch (err) {
      if (isForbidden(err) || isNotFound(err)) {
        env.log.debug({ cluster: dest.cluster }, 'events claim not accepted, not surfacing events');
        return done;
      }
      if (!isConflict(err)) throw new Error('cannot create event in kcp', { cause: err });
    }
    surfaced.add(id);
  }
  return done;
}
