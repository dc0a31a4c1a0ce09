import { ApiError } from '../kube/errors.js';
import { denialKey, deniedRight, describeDenial } from './forbidden.js';

const kcp = 'https://127.0.0.1:6443';
const forbidden = (method: string, url: string, message: string) =>
  new ApiError(method, url, 403, 'Forbidden', message);

describe('deniedRight', () => {
  it.each([
    {
      name: 'a direct request to a kcp workspace, by name',
      err: forbidden(
        'PATCH',
        `${kcp}/clusters/root:db/apis/apis.kcp.io/v1alpha2/apiexports/x?fieldManager=kxp-bridge`,
        'apiexports.apis.kcp.io "x" is forbidden: User "kxp-bridge" cannot patch resource "apiexports" in API group "apis.kcp.io" at the cluster scope: access denied',
      ),
      expected: {
        side: 'kcp',
        user: 'kxp-bridge',
        verb: 'patch',
        resource: 'apiexports.apis.kcp.io',
        name: 'x',
        workspace: 'root:db',
      },
    },
    {
      name: "a virtual workspace's refusal (no apiexports/content right)",
      err: forbidden(
        'WATCH',
        `${kcp}/services/apiexport/abc/x/clusters/*/apis/db.kxp.dev/v1alpha1/postgresqlinstances?watch=true`,
        'postgresqlinstances.db.kxp.dev is forbidden: User "kxp-bridge" cannot watch resource "postgresqlinstances" in API group "db.kxp.dev" at the cluster scope: API export: "x", workspace: "abc" RBAC decision: no',
      ),
      expected: {
        side: 'kcp',
        user: 'kxp-bridge',
        verb: 'watch',
        resource: 'postgresqlinstances.db.kxp.dev',
        viaExport: 'abc/x',
      },
    },
    {
      name: 'the service cluster, in a namespace, a core resource',
      err: new Error('cannot read', {
        cause: forbidden(
          'GET',
          'https://127.0.0.1:7443/api/v1/namespaces/ns1/secrets/s',
          'secrets "s" is forbidden: User "system:serviceaccount:kxp-system:kxp-bridge" cannot get resource "secrets" in API group "" in the namespace "ns1"',
        ),
      }),
      expected: {
        side: 'service',
        user: 'system:serviceaccount:kxp-system:kxp-bridge',
        verb: 'get',
        resource: 'secrets',
        name: 's',
        namespace: 'ns1',
      },
    },
    {
      name: 'a subresource',
      err: forbidden(
        'PATCH',
        'https://127.0.0.1:7443/apis/apiextensions.crossplane.io/v2/compositeresourcedefinitions/a.b/status',
        'compositeresourcedefinitions.apiextensions.crossplane.io "a.b" is forbidden: User "u" cannot patch resource "compositeresourcedefinitions/status" in API group "apiextensions.crossplane.io" at the cluster scope',
      ),
      expected: {
        side: 'service',
        user: 'u',
        verb: 'patch',
        resource: 'compositeresourcedefinitions/status.apiextensions.crossplane.io',
        name: 'a.b',
      },
    },
  ])('$name', ({ err, expected }) => {
    expect(deniedRight(err)).toEqual(expected);
  });

  it.each([
    { name: 'not an ApiError', err: new Error('boom') },
    { name: 'a 404', err: new ApiError('GET', `${kcp}/x`, 404, 'NotFound', 'not found') },
    {
      name: 'an admission refusal',
      err: forbidden('POST', `${kcp}/api/v1/namespaces/a/pods`, 'admission webhook "x" denied the request'),
    },
    {
      name: 'a claim the consumer did not accept',
      err: forbidden(
        'GET',
        `${kcp}/services/apiexport/abc/x/clusters/c1/api/v1/namespaces/apps/secrets`,
        'secrets is forbidden: User "kxp-bridge" cannot list resource "secrets" in API group "" in the namespace "apps": failed to find suitable reason to allow access in APIBinding',
      ),
    },
  ])('is undefined for $name', ({ err }) => {
    expect(deniedRight(err)).toBeUndefined();
  });
});

describe('describeDenial', () => {
  it.each([
    {
      name: 'kcp, direct',
      input: {
        side: 'kcp' as const,
        user: 'kxp-bridge',
        verb: 'patch',
        resource: 'apiexports.apis.kcp.io',
        name: 'x',
        workspace: 'root:db',
      },
      expected:
        "the bridge's kcp identity kxp-bridge may not patch apiexports.apis.kcp.io x in workspace root:db: grant it with kxp bridge rbac --apply",
    },
    {
      name: 'kcp, virtual workspace',
      input: {
        side: 'kcp' as const,
        user: 'kxp-bridge',
        verb: 'list',
        resource: 'caches.x.dev',
        viaExport: 'abc/x',
      },
      expected:
        "the bridge's kcp identity kxp-bridge may not list caches.x.dev through the virtual workspace of APIExport x (it needs list on apiexports/content x in the export's workspace): grant it with kxp bridge rbac --apply",
    },
    {
      name: 'service, namespaced',
      input: {
        side: 'service' as const,
        user: 'sa',
        verb: 'create',
        resource: 'caches.x.dev',
        namespace: 'n',
      },
      expected:
        "the bridge's service-cluster identity sa may not create caches.x.dev in namespace n: grant it with kxp bridge rbac --apply",
    },
  ])('$name', ({ input, expected }) => {
    expect(describeDenial(input)).toBe(expected);
  });
});

describe('denialKey', () => {
  it('is the same for the same right in two namespaces or consumer clusters', () => {
    const a = { side: 'service' as const, user: 'u', verb: 'get', resource: 'secrets', namespace: 'a' };
    expect(denialKey(a)).toBe(denialKey({ ...a, namespace: 'b', name: 'x' }));
    const vw = { side: 'kcp' as const, user: 'u', verb: 'patch', resource: 'r.g', viaExport: 'c/x' };
    expect(denialKey(vw)).toBe(denialKey({ ...vw, name: 'other' }));
    expect(denialKey(vw)).not.toBe(denialKey({ ...vw, verb: 'get' }));
  });
});
