/** What every step of the engine works with for one binding: clients, paths and small caches. */
import type { Logger } from 'pino';
import { resourcePath } from '../../kube/paths.js';
import type { KubeObject, RestClient } from '../../kube/rest.js';
import type { Binding } from '../binding.js';
import type { ObjectCache } from './cache.js';
import type { GroupedObjects } from './groups.js';
import type { SyncedObject } from './sides.js';

/** Refusal is the reason and message of a copy the bridge will not write. */
export interface Refusal {
  reason: string;
  message: string;
}

/** NamespaceCheck is what a service namespace was found to be. */
export interface NamespaceCheck {
  /** owner is the `<cluster>/<namespace>` its annotations name. */
  owner: string;
  deleting?: boolean;
  /** lostRace: another writer created it between our read and our create; look again. */
  lostRace?: boolean;
}

export interface EngineEnv {
  binding: Binding;
  /** service is a client of the service cluster. */
  service: RestClient;
  /** kcpRoot is a client of kcp with the bridge's identity; virtual workspace clients derive from it (withServer). */
  kcpRoot: RestClient;
  log: Logger;
  /** endpointOf returns the virtual workspace URL a logical cluster was last seen through. */
  endpointOf: (cluster: string) => string | undefined;
  /** namespaces are the checks of service namespaces, under way or found to belong to their origin. */
  namespaces: Map<string, Promise<NamespaceCheck>>;
  /** namespacesListed is true while a watch keeps namespaces filled with every service namespace kxp made. */
  namespacesListed?: boolean;
  /** workspacePaths caches each logical cluster's workspace path, being read or read (undefined when it cannot be). */
  workspacePaths: Map<string, Promise<string | undefined>>;
  /** surfacedEvents are the service events (uid/count) already surfaced in kcp. */
  surfacedEvents: Set<string>;
  /** refusals are why the down lane would not write an object's copy, by queue key, for the up lane to report. */
  refusals: Map<string, Refusal>;
  /** projections is a hash of the Secrets last projected for each kcp object (by uid). */
  projections: Map<string, string>;
  /** onApplied is told that a kcp object's generation reached the service cluster. */
  onApplied?: (key: string, generation: number | undefined) => void;
  /** cache holds what the watches delivered of each side, by queue key; without it every pass reads afresh. */
  cache?: { kcp: ObjectCache; service: ObjectCache };
  /** foreign names (`<namespace>/<name>`) the service objects of the kind that are not kxp's copies. */
  foreign?: Set<string>;
  /**
   * secrets are the Secrets watches deliver: the service cluster's by namespace, and kxp's
   * projections in kcp by origin uid; without them (or until listed) Secrets are read per pass.
   */
  secrets?: { service: GroupedObjects; kcp: GroupedObjects };
  /** warnings are the service cluster's Warning events by the uid of what they are about; without them (or until listed) they are listed per pass. */
  warnings?: GroupedObjects;
  /** wrote is told of every object a step wrote, as the write returned it, so its watch event can be told apart. */
  wrote?: (side: 'kcp' | 'service', obj: SyncedObject) => void;
}

/** kcpPathOf returns the path of a kcp object of the binding inside its cluster. */
export function kcpPathOf(env: Pick<EngineEnv, 'binding'>, obj: KubeObject): string {
  return resourcePath(env.binding.kcp, obj.metadata?.namespace, obj.metadata?.name);
}

/** servicePathOf returns the path of a service copy of the binding. */
export function servicePathOf(env: Pick<EngineEnv, 'binding'>, namespace: string, name?: string): string {
  return resourcePath(env.binding.service, namespace, name);
}
