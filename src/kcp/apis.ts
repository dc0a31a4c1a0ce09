import type { ResourceRef } from '../kube/paths.js';

/** kcp's API types that the bridge and the local platform use. */
export const apiResourceSchemas: ResourceRef = {
  group: 'apis.kcp.io',
  version: 'v1alpha1',
  resource: 'apiresourceschemas',
};
export const apiExports: ResourceRef = { group: 'apis.kcp.io', version: 'v1alpha2', resource: 'apiexports' };
export const apiBindings: ResourceRef = {
  group: 'apis.kcp.io',
  version: 'v1alpha2',
  resource: 'apibindings',
};
export const apiExportEndpointSlices: ResourceRef = {
  group: 'apis.kcp.io',
  version: 'v1alpha1',
  resource: 'apiexportendpointslices',
};

/** The annotation kcp sets on every object seen across workspaces, naming its logical cluster. */
export const clusterAnnotation = 'kcp.io/cluster';
