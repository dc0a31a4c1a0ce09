/**
 * The schemas of an export, read with a consumer's own rights. A consumer cannot read the export's
 * APIResourceSchemas: kcp answers 403 or 404 for a workspace the user has no `access` to, and
 * consumers have none to the provider's. What it can read is its own workspace: its APIBinding to the
 * export (which resources the export offers, their schema names and storage versions), discovery
 * (kinds, scopes, served versions), and the OpenAPI v3 document kcp builds from each bound schema.
 * From these this rebuilds one APIResourceSchema per resource, with the schema's own name. What the
 * export's schemas say of metadata (a maxLength of metadata.name) is not published there.
 */

import { ApiError } from '../../kube/errors.js';
import { resourcePath } from '../../kube/paths.js';
import type { KubeObject, RestClient } from '../../kube/rest.js';
import { byPriority } from '../../kube/versions.js';
import { apiBindings } from '../apis.js';
import { kindSchema } from './openapi.js';
import { type ExportRef, exportName } from './ref.js';

export interface Binding extends KubeObject {
  spec?: { reference?: { export?: { path?: string; name?: string } } };
  status?: {
    phase?: string;
    boundResources?: BoundResource[];
    conditions?: { type: string; status: string; message?: string }[];
  };
}

export interface BoundResource {
  group: string;
  resource: string;
  schema?: { name?: string };
  storageVersions?: string[];
}

interface APIGroup {
  versions?: { version: string }[];
  preferredVersion?: { version: string };
}

interface APIResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  kind: string;
  shortNames?: string[];
  categories?: string[];
}

/** workspaceOf returns the workspace a client's server URL points at (the kubeconfig's), or its URL. */
export function workspaceOf(client: RestClient): string {
  return /\/clusters\/([^/]+)$/.exec(client.url)?.[1] ?? client.url;
}

/**
 * boundSchemas returns the APIResourceSchemas of every resource the export offers, as the workspace
 * client points at binds them (see the module comment). It throws, naming the workspace, when the
 * workspace has no Bound APIBinding to the export or the user cannot read what it needs; the message
 * is a reason, for exportSchemas to put after the export's name.
 */
export async function boundSchemas(client: RestClient, ref: ExportRef): Promise<KubeObject[]> {
  const binding = await boundBinding(client, ref);
  const resources = [...(binding.status?.boundResources ?? [])].sort((a, b) =>
    `${a.group}/${a.resource}` < `${b.group}/${b.resource}` ? -1 : 1,
  );
  if (resources.length === 0) {
    throw new Error(`its binding in workspace ${workspaceOf(client)} offers no resources yet`);
  }
  const documents = new Map<string, Promise<unknown>>();
  const openapi = (gv: string) => {
    if (!documents.has(gv))
      documents.set(gv, read(client, `/openapi/v3/apis/${gv}`, `the OpenAPI schema of ${gv}`));
    return documents.get(gv);
  };
  const out: KubeObject[] = [];
  for (const r of resources) out.push(await resourceSchema(client, r, openapi));
  return out;
}

/**
 * bindingTarget returns the export an APIBinding in workspace ws refers to, written as
 * `<path>:<name>` (an export without a path is in the binding's own workspace).
 */
export function bindingTarget(b: KubeObject & Binding, ws: string): string {
  const e = b.spec?.reference?.export;
  return `${e?.path ?? b.metadata?.annotations?.['kcp.io/path'] ?? ws}:${e?.name ?? ''}`;
}

/** boundBinding returns the workspace's APIBinding to ref, or throws saying why there is none that is Bound. */
async function boundBinding(client: RestClient, ref: ExportRef): Promise<Binding> {
  const ws = workspaceOf(client);
  const list = await read<{ items: Binding[] }>(client, resourcePath(apiBindings), 'the APIBindings');
  const target = (b: Binding) => bindingTarget(b, ws);
  const binding = list.items.find((b) => target(b) === exportName(ref));
  if (!binding) {
    const others = list.items.map(target).sort();
    throw new Error(
      `workspace ${ws} has no APIBinding to it ` +
        `(it binds ${others.join(', ') || 'nothing'}); bind it first`,
    );
  }
  if (binding.status?.phase !== 'Bound') {
    const why = (binding.status?.conditions ?? [])
      .filter((c) => c.status === 'False')
      .map((c) => c.message ?? c.type);
    throw new Error(
      `APIBinding ${binding.metadata?.name} in workspace ${ws} ` +
        `is ${binding.status?.phase ?? 'not bound yet'}${why.length > 0 ? ` (${why.join('; ')})` : ''}`,
    );
  }
  return binding;
}

/**
 * resourceSchema returns one bound resource as an APIResourceSchema, from discovery and OpenAPI. Its
 * storage version is the one the binding names, else the group's preferred one.
 */
async function resourceSchema(
  client: RestClient,
  r: BoundResource,
  openapi: (gv: string) => Promise<unknown> | undefined,
): Promise<KubeObject> {
  const group = await read<APIGroup>(client, `/apis/${r.group}`, `API group ${r.group}`);
  const found = await servedVersions(client, r, group);
  const [first] = found;
  if (!first) throw new Error(`cannot read ${r.resource}.${r.group}: the workspace serves it in no version`);
  const served = found.map((f) => f.version);
  const storage = served.find((v) => r.storageVersions?.includes(v)) ?? preferredOf(group, served);
  const versions = [];
  for (const { version, api, status } of found) {
    const gvk = { group: r.group, version, kind: api.kind };
    const schema = kindSchema(await openapi(`${r.group}/${version}`), gvk);
    if (!schema)
      throw new Error(`cannot read ${api.kind} (${r.group}/${version}): kcp serves no OpenAPI schema for it`);
    const subresources = status ? { subresources: { status: {} } } : {};
    versions.push({ name: version, served: true, storage: version === storage, schema, ...subresources });
  }
  const { api } = first;
  const names = {
    plural: r.resource,
    ...(api.singularName ? { singular: api.singularName } : {}),
    kind: api.kind,
    listKind: `${api.kind}List`,
    ...(api.shortNames?.length ? { shortNames: api.shortNames } : {}),
    ...(api.categories?.length ? { categories: api.categories } : {}),
  };
  return {
    apiVersion: 'apis.kcp.io/v1alpha1',
    kind: 'APIResourceSchema',
    metadata: { name: r.schema?.name ?? `${r.resource}.${r.group}` },
    spec: { group: r.group, names, scope: api.namespaced ? 'Namespaced' : 'Cluster', versions },
  };
}

interface Served {
  version: string;
  api: APIResource;
  /** status is whether the version has a status subresource. */
  status: boolean;
}

/** servedVersions returns the versions of group that serve r, as discovery lists them. */
async function servedVersions(client: RestClient, r: BoundResource, group: APIGroup): Promise<Served[]> {
  const found: Served[] = [];
  for (const { version } of group.versions ?? []) {
    const list = await read<{ resources?: APIResource[] }>(
      client,
      `/apis/${r.group}/${version}`,
      `${r.group}/${version}`,
    );
    const api = list.resources?.find((a) => a.name === r.resource);
    // Discovery lists a status subresource as a resource of its own, `<plural>/status`.
    const status = list.resources?.some((a) => a.name === `${r.resource}/status`) ?? false;
    if (api) found.push({ version, api, status });
  }
  return found;
}

/** preferredOf returns the group's preferred version where it is served, else the first by Kubernetes' version priority. */
function preferredOf(group: APIGroup, served: string[]): string | undefined {
  const preferred = group.preferredVersion?.version;
  return preferred && served.includes(preferred) ? preferred : [...served].sort(byPriority)[0];
}

/** read returns the JSON at path, or throws `cannot read <what> in workspace <ws>` with the server's reason. */
async function read<T>(client: RestClient, path: string, what: string): Promise<T> {
  try {
    return await client.get<T>(path);
  } catch (cause) {
    const ws = workspaceOf(client);
    const why =
      cause instanceof ApiError && cause.status === 403
        ? `the kubeconfig's user may not (${cause.serverMessage})`
        : cause instanceof ApiError && cause.status === 404
          ? 'not found (is the workspace right, and does the user have access to it?)'
          : (cause as Error).message;
    throw new Error(`cannot read ${what} in workspace ${ws}: ${why}`, { cause });
  }
}
