/** Where a kind of object lives in the API: group (empty for core), version and plural resource. */
export interface ResourceRef {
  group: string;
  version: string;
  resource: string;
}

/** resourcePath returns the URL path of a collection, or of one object when name is given. */
export function resourcePath(ref: ResourceRef, namespace?: string, name?: string): string {
  const base = ref.group === '' ? `/api/${ref.version}` : `/apis/${ref.group}/${ref.version}`;
  const ns = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const obj = name ? `/${encodeURIComponent(name)}` : '';
  return `${base}${ns}/${ref.resource}${obj}`;
}

/** clusterPath returns the kcp URL prefix of a workspace (logical cluster name or path such as root:org-a). */
export function clusterPath(workspace: string): string {
  return `/clusters/${workspace}`;
}

export const namespaces: ResourceRef = { group: '', version: 'v1', resource: 'namespaces' };
export const secrets: ResourceRef = { group: '', version: 'v1', resource: 'secrets' };
export const configMaps: ResourceRef = { group: '', version: 'v1', resource: 'configmaps' };
export const customResourceDefinitions: ResourceRef = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  resource: 'customresourcedefinitions',
};
