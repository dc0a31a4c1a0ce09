/**
 * The schemas a kcp APIExport offers, read with the caller's own identity. A provider (or anyone kcp
 * lets read the export's workspace) gets the APIResourceSchemas themselves. A consumer usually may not
 * read the export's workspace at all (kcp v0.32.3 answers 403): it gets what kcp shows it of the export
 * in its own workspace (binding.ts).
 */
import { isForbidden, isNotFound } from '../../kube/errors.js';
import { resourcePath } from '../../kube/paths.js';
import type { KubeObject, RestClient } from '../../kube/rest.js';
import { apiExports, apiResourceSchemas } from '../apis.js';
import { boundSchemas } from './binding.js';
import { type ExportRef, exportName } from './ref.js';

/** ExportSchemas are an export's APIResourceSchemas, and how they were read. */
export interface ExportSchemas {
  schemas: KubeObject[];
  /** via says how: from the export's workspace, or through the consumer's binding and OpenAPI. */
  via: 'export' | 'binding';
}

/**
 * exportSchemas returns the APIResourceSchemas of the export ref, read with client (pointed at the
 * caller's workspace, `/clusters/<workspace>`): from the export's workspace where the identity may
 * read it, else through the caller's workspace's binding. It throws `cannot read the schemas of
 * export ...` saying what the identity may not read.
 */
export async function exportSchemas(client: RestClient, ref: ExportRef): Promise<ExportSchemas> {
  const what = exportName(ref);
  let direct: unknown;
  try {
    return { schemas: await fromExport(client.forCluster(ref.path), ref), via: 'export' };
  } catch (err) {
    if (!isForbidden(err) && !isNotFound(err)) {
      throw new Error(`cannot read the schemas of export ${what}: ${(err as Error).message}`, { cause: err });
    }
    direct = err;
  }
  try {
    return { schemas: await boundSchemas(client, ref), via: 'binding' };
  } catch (cause) {
    const why = isForbidden(direct) ? 'may not read its workspace' : 'cannot find it';
    throw new Error(
      `cannot read the schemas of export ${what}: this identity ${why}, and ${(cause as Error).message}`,
      { cause },
    );
  }
}

interface APIExport extends KubeObject {
  spec?: { resources?: { schema?: string }[] };
}

/** fromExport returns the export's APIResourceSchemas, read from its own workspace (client ws). */
async function fromExport(ws: RestClient, ref: ExportRef): Promise<KubeObject[]> {
  const exp = await ws.get<APIExport>(resourcePath(apiExports, undefined, ref.name));
  const names = (exp.spec?.resources ?? []).map((r) => r.schema ?? '').filter(Boolean);
  const out: KubeObject[] = [];
  for (const name of names) {
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
