/** Facts about kcp logical clusters that the sync engine reads through the export's virtual workspace. */

import type { KubeObject, RestClient } from '../../kube/rest.js';
import type { PermissionClaim } from '../export.js';

/** The annotation on a LogicalCluster that names its workspace path. */
export const pathAnnotation = 'kcp.io/path';

/**
 * logicalClustersClaim asks each consumer to let the bridge read its workspace's LogicalCluster
 * (through the virtual workspace), for the workspace path: the bridge never reads a consumer
 * workspace directly.
 */
export const logicalClustersClaim: PermissionClaim = {
  group: 'core.kcp.io',
  resource: 'logicalclusters',
  verbs: ['get'],
};

/** clusterFromObject returns the logical cluster an object seen through a virtual workspace lives in. */
export function clusterFromObject(obj: KubeObject): string | undefined {
  return obj.metadata?.annotations?.['kcp.io/cluster'];
}

/**
 * workspacePathOf returns the workspace path (root:org-a:team-a) of a logical cluster from its
 * LogicalCluster, read through the virtual workspace (vw, scoped to the cluster) under the
 * logicalclusters claim; undefined when the consumer did not accept that claim or it cannot be read:
 * the path only helps people reading a copy, so it is worth one cheap request and no failure.
 */
export async function workspacePathOf(vw: RestClient): Promise<string | undefined> {
  try {
    const lc = await vw.get('/apis/core.kcp.io/v1alpha1/logicalclusters/cluster');
    return lc.metadata?.annotations?.[pathAnnotation];
  } catch {
    return undefined;
  }
}
