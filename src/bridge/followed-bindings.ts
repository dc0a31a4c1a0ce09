/**
 * The bindings a replica that does not lead reads rather than makes: the leader records each
 * resource it bound or published in the export's status ConfigMap (status.ts), naming its schema
 * and XRD; the binding is the one that XRD makes (bindingFromXRD), as the leader derived it. Replicas
 * that divide an export's endpoints sync with these while one leader does the binding work.
 */
import { isNotFound } from '../kube/errors.js';
import { configMaps, resourcePath } from '../kube/paths.js';
import type { KubeObject, RestClient } from '../kube/rest.js';
import { type Binding, bindingFromXRD, type XRDShape } from './binding.js';
import type { ExportConfig } from './config.js';
import { xrdsV1 } from './refs.js';
import { statusConfigMapName, statusNamespace } from './status.js';

/** StatusEntry is what the status ConfigMap says of one resource. */
interface StatusEntry {
  state?: string;
  schema?: string;
  xrd?: string;
}

/** servedEntries returns the entries of a status ConfigMap's data that are bound or published, with their schema and XRD. */
export function servedEntries(data: Record<string, string> | undefined): { schema: string; xrd: string }[] {
  const out: { schema: string; xrd: string }[] = [];
  for (const text of Object.values(data ?? {})) {
    let entry: StatusEntry;
    try {
      entry = JSON.parse(text) as StatusEntry;
    } catch {
      continue;
    }
    if ((entry.state === 'bound' || entry.state === 'published') && entry.schema && entry.xrd)
      out.push({ schema: entry.schema, xrd: entry.xrd });
  }
  return out;
}

/** followedBindings returns the bindings of exp as its leader last recorded them. */
export async function followedBindings(
  exp: ExportConfig,
  kcp: RestClient,
  service: RestClient,
): Promise<Binding[]> {
  let status: KubeObject & { data?: Record<string, string> };
  try {
    status = await kcp.get(resourcePath(configMaps, statusNamespace, statusConfigMapName(exp.name)));
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
  const bindings: Binding[] = [];
  for (const { schema, xrd: name } of servedEntries(status.data)) {
    const xrd = await service.get<XRDShape>(resourcePath(xrdsV1, undefined, name)).catch((err: unknown) => {
      if (isNotFound(err)) return undefined;
      throw err;
    });
    // The export as the leader passes it, so that the same binding is the same sync when this replica leads.
    const binding = xrd && bindingFromXRD(xrd, exp, schema);
    if (binding) bindings.push(binding);
  }
  return bindings;
}
