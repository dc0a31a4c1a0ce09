import { resourcePath } from '../kube/paths.js';
import type { KubeObject, RestClient } from '../kube/rest.js';
import { waitUntil } from '../stack/ready.js';
import { apiBindings, apiExports } from './apis.js';
import type { ExportRef } from './exports/ref.js';

interface Export extends KubeObject {
  spec?: {
    resources?: unknown[];
    permissionClaims?: { group?: string; resource: string; verbs?: string[] }[];
  };
}

interface Binding extends KubeObject {
  status?: { phase?: string };
}

/**
 * bindExport binds the export from workspace (client `ws`, acting as that workspace's admin) with
 * an APIBinding named after the export that accepts (or, with claims 'Rejected', rejects) every
 * permission claim the export makes, and
 * waits until kcp reports it Bound. It first waits until the export offers a resource, and retries
 * creating the binding: kcp's authorizer learns of a new export's bind permission a moment later.
 */
export async function bindExport(
  kcp: RestClient,
  ws: RestClient,
  ref: ExportRef,
  timeoutMs = 60_000,
  claims: 'Accepted' | 'Rejected' = 'Accepted',
): Promise<void> {
  let exp: Export | undefined;
  await waitUntil(
    'kcp',
    `export ${ref.path}:${ref.name} to offer a resource`,
    async () => {
      exp = await kcp.forCluster(ref.path).get<Export>(resourcePath(apiExports, undefined, ref.name));
      return Boolean(exp.spec?.resources?.length);
    },
    { timeoutMs, intervalMs: 500 },
  );
  const permissionClaims = (exp?.spec?.permissionClaims ?? []).map((c) => ({
    group: c.group,
    resource: c.resource,
    verbs: c.verbs,
    selector: { matchAll: true },
    state: claims,
  }));
  await waitUntil(
    'kcp',
    `an APIBinding to ${ref.path}:${ref.name} to be Bound`,
    async () => {
      await ws.ensure(resourcePath(apiBindings), {
        apiVersion: 'apis.kcp.io/v1alpha2',
        kind: 'APIBinding',
        metadata: { name: ref.name },
        spec: { reference: { export: { path: ref.path, name: ref.name } }, permissionClaims },
      });
      return (
        (await ws.get<Binding>(resourcePath(apiBindings, undefined, ref.name))).status?.phase === 'Bound'
      );
    },
    { timeoutMs, intervalMs: 500 },
  );
}
