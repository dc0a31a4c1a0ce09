/** The API resources the bridge reads and writes beside kcp's own (src/kcp/apis.ts). */
import type { ResourceRef } from '../kube/paths.js';

export const xrdsV1: ResourceRef = {
  group: 'apiextensions.crossplane.io',
  version: 'v1',
  resource: 'compositeresourcedefinitions',
};
export const xrdsV2: ResourceRef = { ...xrdsV1, version: 'v2' };
export const leases: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };
export const events: ResourceRef = { group: '', version: 'v1', resource: 'events' };

/** fieldManager is the server-side apply manager of everything the bridge writes. */
export const fieldManager = 'kxp-bridge';

/** exportLabel on an XRD publishes it into the APIExport it names (Crossplane-first). */
export const exportLabel = 'kxp.dev/export';
/** sourceExportAnnotation on a derived XRD names the export it was derived from, as `<workspace>/<name>`. */
export const sourceExportAnnotation = 'kxp.dev/source-export';
/** managedByLabel marks what the bridge created. */
export const managedByLabel = 'app.kubernetes.io/managed-by';
export const managedByValue = 'kxp-bridge';
