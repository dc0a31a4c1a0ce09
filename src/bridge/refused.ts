/**
 * Reports of an export whose work the bridge was refused rights for: the condition on its XRDs and
 * the entries of its status ConfigMap say which verb on which resource is missing, where the
 * people who can grant it look, while the bindings last found keep syncing what they still can.
 */
import { resourcePath } from '../kube/paths.js';
import type { RestClient } from '../kube/rest.js';
import type { Binding } from './binding.js';
import type { ExportConfig } from './config.js';
import { exportId, type Outcome } from './context.js';
import { type DeniedRight, describeDenial } from './forbidden.js';
import { exportLabel, sourceExportAnnotation, xrdsV1 } from './refs.js';
import type { ResourceReport, XRDObject } from './status.js';

/** forbiddenReason is the reason of a report (and so of the XRD's condition) whose work was refused a right. */
export const forbiddenReason = 'Forbidden';

type NamedXRD = XRDObject & {
  spec?: { group?: string; names?: { plural?: string }; claimNames?: { plural?: string } };
};

/** ownsXRD reports whether xrd belongs to export e: labelled for it (crossplane-first) or derived from it (api-first). */
export function ownsXRD(e: ExportConfig, xrd: NamedXRD): boolean {
  return e.mode === 'crossplane-first'
    ? xrd.metadata?.labels?.[exportLabel] === e.name
    : xrd.metadata?.annotations?.[sourceExportAnnotation] === exportId(e);
}

/** refusedReports returns a Forbidden report for each XRD, keyed as the export names its resource. */
export function refusedReports(xrds: readonly NamedXRD[], message: string): ResourceReport[] {
  return xrds.map((xrd) => {
    const name = xrd.metadata?.name ?? '';
    const plural = (xrd.spec?.claimNames ?? xrd.spec?.names)?.plural;
    const key = plural && xrd.spec?.group ? `${plural}.${xrd.spec.group}` : name;
    return { key, state: 'refused', reason: forbiddenReason, message, xrdName: name, xrd };
  });
}

/**
 * refusedOutcome returns the outcome of a reconcile refused d before it found the export's
 * resources: each XRD of the export (read from the service cluster) refused with d, and the
 * bindings found last, which go on syncing.
 */
export async function refusedOutcome(
  e: ExportConfig,
  service: RestClient,
  d: DeniedRight,
  lastBindings: Binding[],
): Promise<Outcome> {
  const query = e.mode === 'crossplane-first' ? { labelSelector: `${exportLabel}=${e.name}` } : undefined;
  const xrds = (await service.list<NamedXRD>(resourcePath(xrdsV1), query)).items.filter((x) => ownsXRD(e, x));
  return { bindings: lastBindings, reports: refusedReports(xrds, describeDenial(d)) };
}

/**
 * withDenials returns out with every report that is not refused already made Forbidden when the
 * export's watches or syncs are refused rights (denied): the API may be bound, but consumers'
 * objects do not get through.
 */
export function withDenials(out: Outcome, denied: readonly DeniedRight[]): Outcome {
  if (denied.length === 0) return out;
  const message = denied.map(describeDenial).join('; ');
  const reports = out.reports.map(
    (r): ResourceReport =>
      r.state === 'refused' ? r : { ...r, state: 'refused', reason: forbiddenReason, message },
  );
  return { ...out, reports };
}
