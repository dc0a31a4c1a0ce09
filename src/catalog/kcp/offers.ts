/**
 * What the catalog offers a user: each configured export the user may bind, with its resources'
 * schemas (read with the user's identity: from the export's workspace where the user may read it,
 * else through a binding in the workspace asked about), its permission claims and a description.
 */

import { apiExports } from '../../kcp/apis.js';
import { type ExportRef, exportName } from '../../kcp/exports/ref.js';
import { exportSchemas } from '../../kcp/exports/schemas.js';
import { isForbidden, isNotFound } from '../../kube/errors.js';
import { resourcePath } from '../../kube/paths.js';
import type { KubeObject, RestClient } from '../../kube/rest.js';
import { byPriority } from '../../kube/versions.js';
import { type ResourceSchema, schemasFromAPIResourceSchema } from '../../validate/schemas/catalog.js';
import { mayBind } from './access.js';

/** PermissionClaim is what an export asks of a consumer's workspace (a resource it wants to reach). */
export interface PermissionClaim {
  group: string;
  resource: string;
  verbs: string[];
}

/** Offer is one export as a user sees it in the catalog. */
export interface Offer {
  ref: ExportRef;
  id: string;
  description?: string;
  /** resources are the kinds the export offers, each at its preferred version. */
  resources: ResourceSchema[];
  /** claims are the export's permission claims, undefined when the user may not read the export. */
  claims?: PermissionClaim[];
  /** problem says why the schemas could not be read, when they could not. */
  problem?: string;
}

interface APIExport extends KubeObject {
  spec?: { permissionClaims?: { group?: string; resource: string; verbs?: string[] }[] };
}

export const descriptionAnnotation = 'kxp.dev/description';

/** bindableOffers returns the configured exports the user may bind, read in workspace (for their schemas). */
export async function bindableOffers(
  client: RestClient,
  refs: readonly ExportRef[],
  workspace: string,
): Promise<Offer[]> {
  const allowed = await Promise.all(refs.map((r) => mayBind(client, r)));
  const mine = refs.filter((_, i) => allowed[i]);
  return Promise.all(mine.map((r) => readOffer(client, r, workspace)));
}

/** readOffer returns the export ref as the user sees it from workspace. */
export async function readOffer(client: RestClient, ref: ExportRef, workspace: string): Promise<Offer> {
  const offer: Offer = { ref, id: exportName(ref), resources: [] };
  const exp = await readExport(client, ref);
  if (exp) {
    offer.claims = (exp.spec?.permissionClaims ?? []).map((c) => ({
      group: c.group ?? '',
      resource: c.resource,
      verbs: c.verbs ?? [],
    }));
    offer.description = exp.metadata?.annotations?.[descriptionAnnotation];
  }
  try {
    const { schemas } = await exportSchemas(client.forCluster(workspace), ref);
    offer.resources = schemas.flatMap(preferred);
  } catch (err) {
    offer.problem = (err as Error).message;
  }
  offer.description ??= offer.resources.map((r) => describe(r)).find(Boolean);
  return offer;
}

async function readExport(client: RestClient, ref: ExportRef): Promise<APIExport | undefined> {
  try {
    return await client.forCluster(ref.path).get<APIExport>(resourcePath(apiExports, undefined, ref.name));
  } catch (err) {
    if (isForbidden(err) || isNotFound(err)) return undefined;
    throw err;
  }
}

/** preferred returns an APIResourceSchema's resource at its highest-priority served version. */
function preferred(ars: KubeObject): ResourceSchema[] {
  const all = schemasFromAPIResourceSchema(ars);
  const best = all.map((r) => r.version).sort(byPriority)[0];
  return all.filter((r) => r.version === best);
}

/** describe returns what a resource's schema says of it: its own description, else its spec's. */
function describe(r: ResourceSchema): string | undefined {
  return r.schema.description ?? r.schema.properties?.spec?.description;
}

/** findResource returns the offer's resource of plural, or undefined. */
export function findResource(offer: Offer, plural: string): ResourceSchema | undefined {
  return offer.resources.find((r) => r.plural === plural);
}
