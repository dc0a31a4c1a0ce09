/**
 * Crossplane-first, one export: XRDs labelled kxp.dev/export=<export> are its resources. The bridge
 * owns their entries in the APIExport (and only those): a removed label removes the entry, while the
 * schema stays, as APIResourceSchemas are immutable and bindings may still use it. An XRD that cannot
 * be published now keeps the entry it had, so consumers keep the API they bound.
 */
import { apiExports } from '../../kcp/apis.js';
import { isNotFound } from '../../kube/errors.js';
import { resourcePath } from '../../kube/paths.js';
import type { Binding } from '../binding.js';
import { type ExportContext, errorMessage, type Outcome } from '../context.js';
import { type APIExport, bridgeClaims, type ExportResource, ensureExport, ownedFrom } from '../export.js';
import { deniedRight, describeDenial } from '../forbidden.js';
import { exportLabel, xrdsV1 } from '../refs.js';
import { forbiddenReason, refusedReports } from '../refused.js';
import type { ResourceReport } from '../status.js';
import { type LabelledXRD, publishedResource } from './xrd.js';

/** reconcilePublish returns the bindings and reports of one Crossplane-first export after making it offer its labelled XRDs. */
export async function reconcilePublish(ctx: ExportContext): Promise<Outcome> {
  // v1 serves every XRD with its claimNames, which v2 does not define.
  const list = await ctx.service.list<LabelledXRD>(resourcePath(xrdsV1), {
    labelSelector: `${exportLabel}=${ctx.export.name}`,
  });
  // The export may not exist yet: in this mode the bridge creates it.
  const current = await ctx.kcp
    .get<APIExport>(resourcePath(apiExports, undefined, ctx.export.name))
    .catch((err: unknown): APIExport => {
      if (isNotFound(err)) return {};
      throw err;
    });
  const owned = ownedFrom(current.metadata?.annotations).resources;
  const kept = (key: string) =>
    owned.includes(key) ? current.spec?.resources?.find((r) => `${r.name}.${r.group}` === key) : undefined;

  const entries: ExportResource[] = [];
  const bindings: Binding[] = [];
  const reports: ResourceReport[] = [];
  for (const xrd of list.items) {
    let out: Awaited<ReturnType<typeof publishedResource>>;
    try {
      out = await publishedResource(ctx, xrd);
    } catch (err) {
      out = { report: unpublished(ctx, xrd, err) };
    }
    reports.push(out.report);
    const entry = out.entry ?? kept(out.report.key);
    if (entry) entries.push(entry);
    if (out.binding) bindings.push(out.binding);
  }
  try {
    await ensureExport(ctx.kcp, ctx.export.name, { resources: entries, claims: bridgeClaims }, true);
  } catch (err) {
    // The schemas are published, but consumers cannot bind them: say so on every XRD, and go on
    // syncing only what the export offers already.
    const denied = deniedRight(err);
    if (!denied) throw err;
    const offered = (b: Binding) => kept(`${b.kcp.resource}.${b.kcp.group}`) !== undefined;
    return {
      bindings: bindings.filter(offered),
      reports: refusedReports(list.items, describeDenial(denied)).map((r) => ({ ...r, denied })),
    };
  }
  const pending = reports.some((r) => r.state === 'pending' || r.reason === 'ReconcileError');
  return pending ? { bindings, reports, requeueAfter: 2_000 } : { bindings, reports };
}

/** unpublished returns the report of an XRD whose publishing failed with err: refused a right, or an error. */
function unpublished(ctx: ExportContext, xrd: LabelledXRD, err: unknown): ResourceReport {
  const name = xrd.metadata?.name ?? '';
  const base = { key: name, state: 'refused' as const, xrdName: name, xrd };
  const denied = deniedRight(err);
  // A refused right is logged once by the bridge (see denials.ts), not at every reconcile.
  if (denied)
    return {
      ...base,
      reason: forbiddenReason,
      message: `cannot publish XRD ${name}: ${describeDenial(denied)}`,
      denied,
    };
  ctx.log.error({ err, xrd: name }, 'cannot publish XRD');
  return { ...base, reason: 'ReconcileError', message: `cannot publish XRD ${name}: ${errorMessage(err)}` };
}
