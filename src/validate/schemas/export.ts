/**
 * The schemas a kcp APIExport offers, read once with the caller's own identity. A provider (or anyone kcp
 * lets read the export's workspace) gets the APIResourceSchemas themselves. A consumer usually may not
 * read the export's workspace at all (kcp v0.32.3 answers 403): it gets what kcp shows it of the export in
 * its own workspace — its APIBinding's bound resources, their discovery (kind, scope) and their schemas
 * from the workspace's OpenAPI v3 — turned into APIResourceSchemas of the same names.
 */
import { apiBindings, apiExports, apiResourceSchemas } from '../../kcp/apis.js';
import { isForbidden, isNotFound } from '../../kube/errors.js';
import { resourcePath } from '../../kube/paths.js';
import type { KubeObject, RestClient } from '../../kube/rest.js';
import { isObject } from '../check/values.js';
import { schemaForKind } from './openapi.js';

/** ExportRef names an export: the workspace it is in and its name (`root:db:databases`). */
export interface ExportRef {
  workspace: string;
  name: string;
}

/** ExportSchemas are an export's APIResourceSchemas, and how they were read. */
export interface ExportSchemas {
  schemas: KubeObject[];
  /** via says how: from the export's workspace, or through the consumer's binding and OpenAPI. */
  via: 'export' | 'binding';
}

/** parseExportRef returns `root:db:databases` as workspace root:db and name databases, or throws. */
export function parseExportRef(s: string): ExportRef {
  const i = s.lastIndexOf(':');
  const ref = { workspace: s.slice(0, i), name: s.slice(i + 1) };
  if (i <= 0 || ref.name === '' || !ref.workspace.startsWith('root')) {
    throw new Error(
      `cannot read export ${JSON.stringify(s)}: want <workspace path>:<export name>, e.g. root:db:databases`,
    );
  }
  return ref;
}

/**
 * exportSchemas returns the APIResourceSchemas of the export ref, read with client (pointed at the
 * caller's workspace, `/clusters/<workspace>`). It throws `cannot read the schemas of export ...`
 * saying what the identity may not read.
 */
export async function exportSchemas(client: RestClient, ref: ExportRef): Promise<ExportSchemas> {
  const what = `${ref.workspace}:${ref.name}`;
  let direct: unknown;
  try {
    return { schemas: await fromExport(client.forCluster(ref.workspace), ref), via: 'export' };
  } catch (err) {
    if (!isForbidden(err) && !isNotFound(err)) {
      throw new Error(`cannot read the schemas of export ${what}: ${(err as Error).message}`, { cause: err });
    }
    direct = err;
  }
  try {
    return { schemas: await fromBinding(client, ref), via: 'binding' };
  } catch (cause) {
    const why = isForbidden(direct) ? 'may not read its workspace' : 'cannot find it';
    throw new Error(
      `cannot read the schemas of export ${what}: this identity ${why}, and ${(cause as Error).message}`,
      { cause },
    );
  }
}

/** fromExport returns the export's APIResourceSchemas, read from its own workspace. */
async function fromExport(ws: RestClient, ref: ExportRef): Promise<KubeObject[]> {
  const exp = await ws.get<KubeObject>(resourcePath(apiExports, undefined, ref.name));
  const resources = isObject(exp.spec) && Array.isArray(exp.spec.resources) ? exp.spec.resources : [];
  const names = resources.filter(isObject).map((r) => String(r.schema ?? ''));
  const out: KubeObject[] = [];
  for (const name of names.filter(Boolean)) {
    const ars = await ws.get<KubeObject>(resourcePath(apiResourceSchemas, undefined, name));
    out.push(clean(ars));
  }
  return out;
}

/** clean returns an APIResourceSchema without what the server added (uid, managedFields, status). */
function clean(ars: KubeObject): KubeObject {
  const meta = ars.metadata ?? {};
  const metadata: KubeObject['metadata'] = { name: meta.name };
  if (meta.annotations) metadata.annotations = meta.annotations;
  return { apiVersion: 'apis.kcp.io/v1alpha1', kind: 'APIResourceSchema', metadata, spec: ars.spec };
}

interface BoundResource {
  group: string;
  resource: string;
  schema: { name: string };
  storageVersions?: string[];
}

/** fromBinding returns the export's schemas as the consumer workspace of client sees them. */
async function fromBinding(client: RestClient, ref: ExportRef): Promise<KubeObject[]> {
  const list = await client.list<KubeObject>(resourcePath(apiBindings));
  const binding = list.items.find((b) => {
    const exp = isObject(b.spec) && isObject(b.spec.reference) ? b.spec.reference.export : undefined;
    return isObject(exp) && exp.name === ref.name && (exp.path === undefined || exp.path === ref.workspace);
  });
  if (!binding) throw new Error(`${client.url} has no APIBinding to it (bind it first)`);
  const status = isObject(binding.status) ? binding.status : {};
  const bound = (Array.isArray(status.boundResources) ? status.boundResources : []) as BoundResource[];
  if (bound.length === 0) throw new Error(`APIBinding ${binding.metadata?.name} binds nothing yet`);
  const out: KubeObject[] = [];
  for (const b of bound) out.push(await boundSchema(client, b));
  return out;
}

interface APIResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  kind: string;
  shortNames?: string[];
  categories?: string[];
}

/** boundSchema returns one bound resource as an APIResourceSchema, from discovery and OpenAPI v3. */
async function boundSchema(client: RestClient, b: BoundResource): Promise<KubeObject> {
  const group = await client.get<{ versions?: { version: string }[] }>(`/apis/${b.group}`);
  const versions: Record<string, unknown>[] = [];
  let found: APIResource | undefined;
  for (const { version } of group.versions ?? []) {
    const list = await client.get<{ resources?: APIResource[] }>(`/apis/${b.group}/${version}`);
    const res = list.resources?.find((r) => r.name === b.resource);
    if (!res) continue;
    found ??= res;
    const openapi = await client.get<unknown>(`/openapi/v3/apis/${b.group}/${version}`);
    const schema = schemaForKind(openapi, { group: b.group, version, kind: res.kind });
    if (!schema) throw new Error(`the OpenAPI of ${b.group}/${version} has no schema for ${res.kind}`);
    const storage = (b.storageVersions ?? []).includes(version);
    versions.push({ name: version, served: true, storage, schema, subresources: { status: {} } });
  }
  if (!found) throw new Error(`discovery of ${b.group} does not list ${b.resource}`);
  const names: Record<string, unknown> = {
    kind: found.kind,
    listKind: `${found.kind}List`,
    plural: b.resource,
    singular: found.singularName || found.kind.toLowerCase(),
  };
  if (found.shortNames?.length) names.shortNames = found.shortNames;
  if (found.categories?.length) names.categories = found.categories;
  return {
    apiVersion: 'apis.kcp.io/v1alpha1',
    kind: 'APIResourceSchema',
    metadata: {
      name: b.schema.name,
      annotations: {
        'kxp.dev/read-from': 'the consumer workspace: APIBinding status, discovery, OpenAPI v3',
      },
    },
    spec: { group: b.group, names, scope: found.namespaced ? 'Namespaced' : 'Cluster', versions },
  };
}
