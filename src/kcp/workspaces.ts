import { isConflict } from '../kube/errors.js';
import type { ResourceRef } from '../kube/paths.js';
import { resourcePath } from '../kube/paths.js';
import type { KubeObject, RestClient } from '../kube/rest.js';

export const workspaces: ResourceRef = {
  group: 'tenancy.kcp.io',
  version: 'v1alpha1',
  resource: 'workspaces',
};

interface Workspace extends KubeObject {
  spec?: { cluster?: string; URL?: string };
  status?: { phase?: string };
}

/**
 * WorkspaceLocation chooses the shard a workspace is scheduled to: the labels a Shard object must
 * carry (kcp's spec.location.selector). Without one kcp picks a shard itself.
 */
export type WorkspaceLocation = Record<string, string>;

/**
 * ensureWorkspace creates every missing workspace along a path such as `root:org-a:team-a`,
 * waits until each is Ready, and returns the logical cluster name of the last one. location, when
 * given, places the last one (a workspace that exists already stays where it is).
 */
export async function ensureWorkspace(
  admin: RestClient,
  path: string,
  timeoutMs = 60_000,
  location?: WorkspaceLocation,
): Promise<string> {
  const segments = path.split(':');
  if (segments[0] !== 'root' || segments.length < 2)
    throw new Error(`workspace path ${path} must start with root:`);
  let cluster = '';
  for (let i = 1; i < segments.length; i++) {
    const parent = admin.forCluster(segments.slice(0, i).join(':'));
    const name = segments[i]!;
    try {
      await parent.create(resourcePath(workspaces), {
        apiVersion: 'tenancy.kcp.io/v1alpha1',
        kind: 'Workspace',
        metadata: { name },
        ...(location && i === segments.length - 1
          ? { spec: { location: { selector: { matchLabels: location } } } }
          : {}),
      });
    } catch (err) {
      if (!isConflict(err))
        throw new Error(`cannot create workspace ${name} in ${segments.slice(0, i).join(':')}`, {
          cause: err,
        });
    }
    cluster = await readyWorkspace(parent, name, timeoutMs);
  }
  return cluster;
}

async function readyWorkspace(parent: RestClient, name: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let ws: Workspace | undefined;
  while (Date.now() < deadline) {
    ws = await parent.get<Workspace>(resourcePath(workspaces, undefined, name));
    if (ws.status?.phase === 'Ready' && ws.spec?.cluster) return ws.spec.cluster;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `workspace ${name} is not Ready after ${timeoutMs / 1000}s (phase ${ws?.status?.phase ?? 'unknown'})`,
  );
}
