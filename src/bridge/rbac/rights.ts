/**
 * The bridge's rights on both sides for a set of exports: rendered (plain objects), printed as YAML
 * grouped by where each belongs, and applied. `kxp bridge rbac`, the local platform and the
 * end-to-end tests all go through here, so the bridge runs everywhere with the rights printed.
 */
import { stringify } from 'yaml';
import type { KubeObject, RestClient } from '../../kube/rest.js';
import { applyAll } from './apply.js';
import { exportRights, type ReadFrom, type RightsExport } from './exports.js';
import { kcpRights } from './kcp.js';
import { type ExportRights, type ServiceRightsOptions, type SyncedKind, serviceRights } from './service.js';

export interface RightsOptions extends Omit<ServiceRightsOptions, 'exports'> {
  exports: RightsExport[];
  /** kcpUser is the kcp user the bridge authenticates as. */
  kcpUser: string;
}

/** BridgeRights are the objects to apply: in each export's kcp workspace, and in the service cluster. */
export interface BridgeRights {
  kcp: { workspace: string; objects: KubeObject[] }[];
  service: KubeObject[];
}

/** bridgeRights returns the rights for o's exports, given what each export's bindings need. */
export function bridgeRights(o: RightsOptions, perExport: ExportRights[]): BridgeRights {
  return {
    kcp: o.exports.map((e) => ({
      workspace: e.workspace,
      objects: kcpRights({ exportName: e.name, mode: e.mode, user: o.kcpUser }),
    })),
    service: serviceRights({ ...o, exports: perExport }),
  };
}

/**
 * resolveRights returns the rights for o's exports with their bindings read through from (see
 * exportRights), extra kinds and XRDs added to every export.
 */
export async function resolveRights(
  o: RightsOptions,
  from: ReadFrom,
  extra: { kinds?: SyncedKind[]; xrds?: string[] } = {},
): Promise<BridgeRights> {
  const perExport = await Promise.all(o.exports.map((e) => exportRights(e, from, extra)));
  return bridgeRights(o, perExport);
}

/** rightsYAML returns the rights as YAML documents, each side (or only one) under a comment saying where it goes. */
export function rightsYAML(r: BridgeRights, only?: 'kcp' | 'service'): string {
  const docs: string[] = [];
  const section = (where: string, objects: KubeObject[]) => {
    objects.forEach((obj, i) => {
      docs.push(`${i === 0 ? `# ${where}\n` : ''}${stringify(obj, { lineWidth: 0 })}`);
    });
  };
  if (only !== 'service') for (const ws of r.kcp) section(`kcp, workspace ${ws.workspace}`, ws.objects);
  if (only !== 'kcp') section('service cluster', r.service);
  return docs.join('---\n');
}

/** applyRights applies the rights: kcp's through kcp (a client of any workspace), the rest to the service cluster. */
export async function applyRights(
  r: BridgeRights,
  to: { kcp: RestClient; service: RestClient },
): Promise<void> {
  for (const ws of r.kcp) await applyAll(to.kcp.forCluster(ws.workspace), ws.objects);
  await applyAll(to.service, r.service);
}
