/**
 * What an export's bindings are, read as the bridge will bind them, so that its rights name exactly
 * their XRDs and synced kinds: api-first, the export's resources (the XRD derived for each is named
 * after it); crossplane-first, the XRDs labelled for the export (each syncs its claim, or its
 * namespaced XR).
 */
import { apiExports } from '../../kcp/apis.js';
import { isNotFound } from '../../kube/errors.js';
import { resourcePath } from '../../kube/paths.js';
import type { RestClient } from '../../kube/rest.js';
import type { XRDShape } from '../binding.js';
import type { APIExport } from '../export.js';
import { exportLabel, xrdsV1 } from '../refs.js';
import type { BridgeMode } from './kcp.js';
import type { ExportRights, SyncedKind } from './service.js';

/** RightsExport names an export and how the bridge binds it, as the bridge's config does. */
export interface RightsExport {
  workspace: string;
  name: string;
  mode: BridgeMode;
  /** claims derives legacy XRDs (api-first). */
  claims: boolean;
}

/** derivedXRDName returns the name of the XRD api-first derives for an export resource. */
export function derivedXRDName(kind: SyncedKind, claims: boolean): string {
  return `${claims ? 'x' : ''}${kind.resource}.${kind.group}`;
}

/** apiFirstRights returns the rights of an api-first export from its resources (and any extra kinds). */
export function apiFirstRights(
  e: RightsExport,
  exp: APIExport | undefined,
  extra: SyncedKind[] = [],
): ExportRights {
  const kinds = [
    ...(exp?.spec?.resources ?? []).map((r) => ({ group: r.group, resource: r.name })),
    ...extra,
  ];
  return {
    workspace: e.workspace,
    name: e.name,
    mode: 'api-first',
    kinds,
    xrds: kinds.map((k) => derivedXRDName(k, e.claims)),
  };
}

/** crossplaneFirstRights returns the rights of a crossplane-first export from the XRDs labelled for it. */
export function crossplaneFirstRights(
  e: RightsExport,
  labelled: readonly XRDShape[],
  extra: { kinds?: SyncedKind[]; xrds?: string[] } = {},
): ExportRights {
  const kinds: SyncedKind[] = [];
  const xrds: string[] = [];
  for (const x of labelled) {
    const names = x.spec?.claimNames ?? x.spec?.names;
    if (x.metadata?.name) xrds.push(x.metadata.name);
    if (names?.plural && x.spec?.group) kinds.push({ group: x.spec.group, resource: names.plural });
  }
  return {
    workspace: e.workspace,
    name: e.name,
    mode: 'crossplane-first',
    kinds: [...kinds, ...(extra.kinds ?? [])],
    xrds: [...xrds, ...(extra.xrds ?? [])],
  };
}

/** kindOf returns the kind `<plural>.<group>` names. */
export function kindOf(ref: string): SyncedKind {
  const dot = ref.indexOf('.');
  if (dot <= 0 || dot === ref.length - 1)
    throw new Error(`cannot parse resource ${ref}: want <plural>.<group>`);
  return { resource: ref.slice(0, dot), group: ref.slice(dot + 1) };
}

/** ReadFrom are the clients to read an export's bindings with; either may be absent (nothing is read from it). */
export interface ReadFrom {
  /** kcp is a client of kcp (any workspace) allowed to read the export. */
  kcp?: RestClient;
  /** service is a client of the service cluster allowed to list XRDs. */
  service?: RestClient;
}

/**
 * exportRights returns the rights of export e as it stands: api-first from the export in kcp (none
 * yet when it does not exist), crossplane-first from the labelled XRDs; extra kinds and XRDs are added.
 */
export async function exportRights(
  e: RightsExport,
  from: ReadFrom,
  extra: { kinds?: SyncedKind[]; xrds?: string[] } = {},
): Promise<ExportRights> {
  if (e.mode === 'api-first') {
    let exp: APIExport | undefined;
    try {
      exp = await from.kcp
        ?.forCluster(e.workspace)
        .get<APIExport>(resourcePath(apiExports, undefined, e.name));
    } catch (cause) {
      if (!isNotFound(cause)) throw new Error(`cannot read APIExport ${e.workspace}:${e.name}`, { cause });
    }
    const rights = apiFirstRights(e, exp, extra.kinds);
    return { ...rights, xrds: [...rights.xrds, ...(extra.xrds ?? [])] };
  }
  let labelled: XRDShape[] = [];
  if (from.service) {
    try {
      labelled = (
        await from.service.list<XRDShape>(resourcePath(xrdsV1), { labelSelector: `${exportLabel}=${e.name}` })
      ).items;
    } catch (cause) {
      throw new Error(`cannot list the XRDs labelled ${exportLabel}=${e.name}`, { cause });
    }
  }
  return crossplaneFirstRights(e, labelled, extra);
}
