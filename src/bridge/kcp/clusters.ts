/** Facts about kcp logical clusters that the sync engine reads beside the virtual workspace. */
import type { KubeObject, RestClient } from '../../kube/rest.js';

/** The annotation on a LogicalCluster that names its workspace path. */
export const pathAnnotation = 'kcp.io/path';

/** clusterFromObject returns the logical cluster an object seen through a virtual workspace lives in. */
export function clusterFromObject(obj: KubeObject): string | undefined {
  return obj.metadata?.annotations?.['kcp.io/cluster'];
}

/**
 * workspacePathOf returns the workspace path (root:org-a:team-a) of a logical cluster from its
 * LogicalCluster object, or undefined when the bridge may not read it: the path only helps people
 * reading a copy, so it is worth one cheap request and no failure.
 */
export async function workspacePathOf(kcpRoot: RestClient, cluster: string): Promise<string | undefined> {
  try {
    const lc = await kcpRoot.forCluster(cluster).get('/apis/core.kcp.io/v1alpha1/logicalclusters/cluster');
    return lc.metadata?.annotations?.[pathAnnotation];
  } catch {
    return undefined;
  }
}
