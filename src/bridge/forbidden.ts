/**
 * Rights the bridge was refused: an authorizer's 403 (kcp's, a virtual workspace's, or the service
 * cluster's RBAC) read into the verb and resource it names, so that a missing right is reported once,
 * clearly, where the bridge's operators look, instead of retried as any other error.
 */
import { ApiError } from '../kube/errors.js';

/** DeniedRight is one right an authorizer refused the bridge. */
export interface DeniedRight {
  /** side is where the request went: kcp (a workspace or a virtual workspace) or the service cluster. */
  side: 'kcp' | 'service';
  /** user is the identity the authorizer saw. */
  user: string;
  verb: string;
  /** resource is `<plural>[/<subresource>].<group>`, or `<plural>[/<subresource>]` in the core group. */
  resource: string;
  /** name is the object's name, when the request named one. */
  name?: string;
  /** namespace is the request's namespace, when it had one. */
  namespace?: string;
  /** workspace is the kcp workspace (path or logical cluster) of a direct request to kcp. */
  workspace?: string;
  /** viaExport is the APIExport (`<cluster>/<name>`) whose virtual workspace the request went through. */
  viaExport?: string;
}

/** The sentence Kubernetes authorizers (kcp's included) put in a Forbidden status. */
const refusal =
  /User "([^"]*)" cannot (\S+) resource "([^"]+)" in API group "([^"]*)"(?: in the namespace "([^"]*)")?/;
const named = /^\S+ "([^"]+)" is forbidden:/;

/** apiErrorIn returns the ApiError err is, or was caused by (a few causes deep), if any. */
export function apiErrorIn(err: unknown): ApiError | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 6 && e; depth++) {
    if (e instanceof ApiError) return e;
    e = e instanceof Error ? e.cause : undefined;
  }
  return undefined;
}

/**
 * deniedRight returns the right an authorizer refused in err (or its causes), or undefined when err
 * is no such refusal. A virtual workspace's refusal because a consumer did not accept a permission
 * claim is the consumer's choice, not a right the bridge lacks: it is not one either.
 */
export function deniedRight(err: unknown): DeniedRight | undefined {
  const api = apiErrorIn(err);
  if (api === undefined || api.status !== 403) return undefined;
  const m = refusal.exec(api.serverMessage);
  if (!m || api.serverMessage.includes('APIBinding')) return undefined;
  const [, user = '', verb = '', plural = '', group = '', namespace] = m;
  const d: DeniedRight = {
    side: 'service',
    user,
    verb,
    resource: group ? `${plural}.${group}` : plural,
  };
  const name = named.exec(api.serverMessage)?.[1];
  if (name) d.name = name;
  if (namespace) d.namespace = namespace;
  const path = new URL(api.url).pathname;
  const vw = /\/services\/apiexport\/([^/]+)\/([^/]+)\//.exec(path);
  const ws = /\/clusters\/([^/]+)\//.exec(path);
  if (vw) Object.assign(d, { side: 'kcp', viaExport: `${vw[1]}/${vw[2]}` });
  else if (ws) Object.assign(d, { side: 'kcp', workspace: ws[1] });
  return d;
}

/** denialKey returns what tells one missing right from another: namespaces and consumer objects aside. */
export function denialKey(d: DeniedRight): string {
  const where = d.viaExport ? `vw:${d.viaExport}` : d.workspace ? `ws:${d.workspace}:${d.name ?? ''}` : '';
  return `${d.side} ${d.user} ${d.verb} ${d.resource} ${where}`;
}

/** describeDenial returns one sentence naming the identity, the verb and the resource refused, and the remedy. */
export function describeDenial(d: DeniedRight): string {
  const identity =
    d.side === 'kcp'
      ? `the bridge's kcp identity ${d.user}`
      : `the bridge's service-cluster identity ${d.user}`;
  const object = d.name ? `${d.resource} ${d.name}` : d.resource;
  let where = d.namespace ? ` in namespace ${d.namespace}` : '';
  if (d.workspace) where = `${where} in workspace ${d.workspace}`;
  if (d.viaExport) {
    const exportName = d.viaExport.split('/')[1];
    where = ` through the virtual workspace of APIExport ${exportName} (it needs ${d.verb} on apiexports/content ${exportName} in the export's workspace)`;
  }
  return `${identity} may not ${d.verb} ${object}${where}: grant it with kxp bridge rbac --apply`;
}
