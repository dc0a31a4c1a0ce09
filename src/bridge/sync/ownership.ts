/**
 * Field ownership of service copies. A new copy is created (POST), which costs the service cluster
 * far less than creating it by server-side apply (a copy carries kxp's origin labels and
 * annotations, and an apply tracks each of them; ~1.4 ms of kube-apiserver CPU per copy instead of
 * ~1.0 ms, measured), but a create records kxp's fields as an Update. Server-side apply removes a
 * field left out of the applied object only when no other entry owns it, so before the first apply
 * the Update entry becomes kxp's Apply entry, the way kubectl moves objects from client-side to
 * server-side apply. After that, applies behave as if the copy had been applied from the start.
 */
import { ApiError } from '../../kube/errors.js';
import type { RestClient } from '../../kube/rest.js';
import { fieldManager } from '../refs.js';
import type { SyncedObject } from './sides.js';

/** ManagedFieldsEntry is one manager's entry in metadata.managedFields. */
interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  subresource?: string;
  fieldsV1?: Record<string, unknown>;
  [key: string]: unknown;
}

const isKxp = (e: ManagedFieldsEntry, operation: string) =>
  e.manager === fieldManager && e.operation === operation && !e.subresource;

/** mergedFields returns the union of two fieldsV1 sets (nested objects whose leaves are {}). */
export function mergedFields(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const mine = out[k];
    out[k] =
      mine && typeof mine === 'object' && v && typeof v === 'object'
        ? mergedFields(mine as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

/**
 * appliedOwnership returns managedFields with kxp's Update entry folded into its Apply entry (made
 * from it when there is none), or undefined when kxp has no Update entry.
 */
export function appliedOwnership(entries: ManagedFieldsEntry[]): ManagedFieldsEntry[] | undefined {
  const updates = entries.filter((e) => isKxp(e, 'Update'));
  if (updates.length === 0) return undefined;
  const applied = entries.find((e) => isKxp(e, 'Apply'));
  const fieldsV1 = [applied, ...updates].reduce<Record<string, unknown>>(
    (sum, e) => mergedFields(sum, e?.fieldsV1 ?? {}),
    {},
  );
  const entry = { ...(applied ?? updates[0]), operation: 'Apply', fieldsV1 };
  return [...entries.filter((e) => !isKxp(e, 'Update') && !isKxp(e, 'Apply')), entry];
}

/** How often ensureApplyOwnership reads and patches again a copy that changed in between. */
const ownershipAttempts = 5;

/**
 * ensureApplyOwnership makes kxp's fields on the copy at path owned by its Apply entry (see above),
 * guarded by the copy's resourceVersion. A copy changed in between (Crossplane writes its XRs
 * all the time while it composes them) fails the patch's test with a 422, which is no rejection of
 * the copy: it is read and patched again at once, as client-go retries on conflict, and after a few
 * tries a plain error leaves it to the queue's retry.
 */
export async function ensureApplyOwnership(service: RestClient, path: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const live = await service.get<SyncedObject>(path);
    const owned = appliedOwnership((live.metadata?.managedFields ?? []) as ManagedFieldsEntry[]);
    if (!owned) return;
    try {
      await service.jsonPatch(path, [
        { op: 'test', path: '/metadata/resourceVersion', value: live.metadata?.resourceVersion },
        { op: 'replace', path: '/metadata/managedFields', value: owned },
      ]);
      return;
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 422)) throw err;
      if (attempt === ownershipAttempts)
        throw new Error(
          `cannot move kxp's fields of ${path} to its Apply entry: the copy changed ${attempt} times meanwhile`,
          { cause: err },
        );
    }
  }
}
