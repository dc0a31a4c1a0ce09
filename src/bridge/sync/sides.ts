/**
 * The two sides of a sync and the contract of its steps. `kcp` and `service` say where a thing is;
 * inside the engine `source` and `dest` say which way data flows (kcp → service for spec, service →
 * kcp for status, Secrets and events).
 */
import type { KubeObject, RestClient } from '../../kube/rest.js';

/** SyncSide is one side of a sync: the cluster an object lives in, a client of it, and the object as last read. */
export interface SyncSide<T extends KubeObject = KubeObject> {
  /** cluster is the kcp logical cluster name, or `service` for the service cluster. */
  cluster: string;
  /** workspacePath is the kcp workspace path (root:org-a:team-a), when known. */
  workspacePath?: string;
  /** client reaches the side: the export's virtual workspace scoped to the cluster, or the service cluster. */
  client: RestClient;
  /** object is the object on this side, undefined when it does not exist (yet). */
  object: T | undefined;
}

/** Step is the result of one reconcile step: `done` lets the next step run, a number requeues after that many ms. */
export type Step = 'done' | { requeueAfter: number };

export const done: Step = 'done';

/** requeue returns a step that stops this reconcile and looks again after ms. */
export function requeue(ms: number): Step {
  return { requeueAfter: ms };
}

/** ObjectKey names a kcp object across all bound workspaces. */
export interface ObjectKey {
  cluster: string;
  namespace: string;
  name: string;
}

/** objectKey returns the queue key of a kcp object, `<cluster>/<namespace>/<name>`. */
export function objectKey(k: ObjectKey): string {
  return `${k.cluster}/${k.namespace}/${k.name}`;
}

/** keyParts returns the parts of a queue key, or undefined when it is not one. */
export function keyParts(key: string): ObjectKey | undefined {
  const [cluster, namespace, name, ...rest] = key.split('/');
  if (!cluster || !namespace || !name || rest.length > 0) return undefined;
  return { cluster, namespace, name };
}

/** Condition is a Kubernetes-style status condition. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message?: string;
  lastTransitionTime: string;
  [key: string]: unknown;
}

/** SyncedObject is a kcp or service object as the engine reads it. */
export interface SyncedObject extends KubeObject {
  metadata?: KubeObject['metadata'] & {
    deletionTimestamp?: string;
    finalizers?: string[];
    generation?: number;
    ownerReferences?: { uid?: string; name?: string; kind?: string }[];
  };
  spec?: Record<string, unknown> & { writeConnectionSecretToRef?: { name?: string } };
  status?: Record<string, unknown> & { conditions?: Condition[] };
}
