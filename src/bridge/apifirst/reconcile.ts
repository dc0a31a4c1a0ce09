/**
 * API-first, one export: the platform team owns the APIExport and its schemas; the bridge derives an
 * XRD per resource and adds only the permission claims it needs. One resource's failure is reported
 * and never stops the others.
 */
import type { Binding } from '../binding.js';
import { type ExportContext, errorMessage, type Outcome } from '../context.js';
import { bridgeClaims, ensureExport } from '../export.js';
import { deniedRight, describeDenial } from '../forbidden.js';
import { forbiddenReason } from '../refused.js';
import type { ResourceReport } from '../status.js';
import { derivedResource } from './xrd.js';

/** reconcileAPIFirst returns the bindings and reports of one API-first export after making the service cluster match it. */
export async function reconcileAPIFirst(ctx: ExportContext): Promise<Outcome> {
  const exp = await ensureExport(ctx.kcp, ctx.export.name, { claims: bridgeClaims });
  const bindings: Binding[] = [];
  const reports: ResourceReport[] = [];
  for (const entry of exp.spec?.resources ?? []) {
    try {
      const out = await derivedResource(ctx, entry);
      reports.push(out.report);
      if (out.binding) bindings.push(out.binding);
    } catch (err) {
      const key = `${entry.name}.${entry.group}`;
      const denied = deniedRight(err);
      if (denied) {
        // Logged once by the bridge (see denials.ts), and not retried before the next resync.
        const message = `cannot derive the XRD of ${key}: ${describeDenial(denied)}`;
        reports.push({
          key,
          state: 'refused',
          reason: forbiddenReason,
          message,
          schemaName: entry.schema,
          denied,
        });
        continue;
      }
      ctx.log.error({ err, resource: entry.name, group: entry.group }, 'cannot reconcile resource');
      reports.push({
        key,
        state: 'refused',
        reason: 'ReconcileError',
        message: `cannot derive the XRD of ${key}: ${errorMessage(err)}`,
        schemaName: entry.schema,
      });
    }
  }
  const pending = reports.some((r) => r.state === 'pending' || r.reason === 'ReconcileError');
  return pending ? { bindings, reports, requeueAfter: 2_000 } : { bindings, reports };
}
