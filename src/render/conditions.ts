/**
 * Status conditions the way Crossplane sets them on an XR: its own (Responsive, Synced, Ready) and
 * those functions return, set in place by type (crossplane-runtime's SetConditions).
 */
import type { JsonObject, JsonValue } from '../function/wire/types.js';

/** A condition as Crossplane writes it; fields in the order its Go type marshals them. */
export interface Condition {
  type: string;
  status: string;
  lastTransitionTime: string;
  reason: string;
  message?: string;
  observedGeneration?: number;
}

/**
 * renderTime is the lastTransitionTime crossplane render prints for every condition (the real time
 * differs run to run, so the CLI replaces it with this one).
 */
export const renderTime = '2024-01-01T00:00:00Z';

/** now returns the time as a condition's lastTransitionTime (RFC 3339, in seconds, as Kubernetes writes it). */
export function now(): string {
  return `${new Date().toISOString().slice(0, 19)}Z`;
}

/** systemConditionTypes are those a function cannot set: Crossplane's own. */
export const systemConditionTypes = new Set(['Ready', 'Synced', 'Healthy', 'UpToDate', 'Responsive']);

/** watchCircuitClosed is the Responsive condition of an XR whose watches are healthy. */
export function watchCircuitClosed(): Condition {
  return { type: 'Responsive', status: 'True', lastTransitionTime: now(), reason: 'WatchCircuitClosed' };
}

/** reconcileSuccess is the Synced condition of an XR composed without error. */
export function reconcileSuccess(): Condition {
  return { type: 'Synced', status: 'True', lastTransitionTime: now(), reason: 'ReconcileSuccess' };
}

/** reconcilePaused is the Synced condition of an XR annotated crossplane.io/paused: "true". */
export function reconcilePaused(): Condition {
  return {
    type: 'Synced',
    status: 'False',
    lastTransitionTime: now(),
    reason: 'ReconcilePaused',
    message: 'Reconciliation (including deletion) is paused via the pause annotation',
  };
}

/** available is the Ready condition of an XR whose composed resources are all ready. */
export function available(): Condition {
  return { type: 'Ready', status: 'True', lastTransitionTime: now(), reason: 'Available' };
}

/** creating is the Ready condition of an XR waiting for composed resources, named in message. */
export function creating(message?: string): Condition {
  const c: Condition = { type: 'Ready', status: 'False', lastTransitionTime: now(), reason: 'Creating' };
  if (message) c.message = message;
  return c;
}

/** getConditions returns obj's status.conditions as Conditions (entries without a type are dropped). */
export function getConditions(obj: JsonObject): Condition[] {
  const status = obj.status;
  if (!isObject(status) || !Array.isArray(status.conditions)) return [];
  return status.conditions.filter(isObject).flatMap((c) => {
    if (typeof c.type !== 'string') return [];
    const out: Condition = {
      type: c.type,
      status: str(c.status),
      lastTransitionTime: str(c.lastTransitionTime),
      reason: str(c.reason),
    };
    if (typeof c.message === 'string' && c.message !== '') out.message = c.message;
    if (typeof c.observedGeneration === 'number' && c.observedGeneration !== 0) {
      out.observedGeneration = c.observedGeneration;
    }
    return [out];
  });
}

/**
 * setConditions sets conditions on obj's status.conditions: one of a type already there is
 * replaced in place unless equal to it (ignoring lastTransitionTime), others are appended.
 */
export function setConditions(obj: JsonObject, ...conditions: Condition[]): void {
  const current = getConditions(obj);
  for (const c of conditions) {
    const i = current.findIndex((e) => e.type === c.type);
    if (i < 0) current.push(c);
    else if (!equal(current[i] as Condition, c)) current[i] = c;
  }
  const status = isObject(obj.status) ? obj.status : {};
  status.conditions = current.map((c) => ({ ...c }) as JsonObject);
  obj.status = status;
}

/** withObservedGeneration returns conditions stamped with obj's metadata.generation, as Crossplane marks its own. */
export function withObservedGeneration(obj: JsonObject, ...conditions: Condition[]): Condition[] {
  const metadata = obj.metadata;
  const generation = isObject(metadata) && typeof metadata.generation === 'number' ? metadata.generation : 0;
  return conditions.map((c) => {
    const out = { ...c };
    if (generation !== 0) out.observedGeneration = generation;
    else delete out.observedGeneration;
    return out;
  });
}

/** equal reports whether two conditions say the same, as crossplane-runtime's Condition.Equal. */
function equal(a: Condition, b: Condition): boolean {
  const same =
    a.type === b.type &&
    a.status === b.status &&
    a.reason === b.reason &&
    (a.message ?? '') === (b.message ?? '');
  if (!a.observedGeneration || !b.observedGeneration) return same;
  return same && a.observedGeneration === b.observedGeneration;
}

/** stampConditions sets every status.conditions[].lastTransitionTime in obj to renderTime, as crossplane render prints. */
export function stampConditions(obj: JsonObject): void {
  const status = obj.status;
  if (!isObject(status) || !Array.isArray(status.conditions)) return;
  for (const c of status.conditions) if (isObject(c)) c.lastTransitionTime = renderTime;
}

function str(v: JsonValue | undefined): string {
  return typeof v === 'string' ? v : '';
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
