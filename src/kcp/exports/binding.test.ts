import { ApiError } from '../../kube/errors.js';
import type { RestClient } from '../../kube/rest.js';
import { boundSchemas } from './binding.js';

const ref = { path: 'root:db', name: 'databases' };

const binding = {
  metadata: { name: 'databases', annotations: { 'kcp.io/path': 'root:org-a:team-a' } },
  spec: { reference: { export: { path: 'root:db', name: 'databases' } } },
  status: {
    phase: 'Bound',
    boundResources: [
      {
        group: 'db.kxp.dev',
        resource: 'postgresqlinstances',
        schema: { name: 'v1a2b3.postgresqlinstances.db.kxp.dev' },
      },
    ],
  },
};

const tenancy = {
  metadata: { name: 'tenancy.kcp.io-x1', annotations: { 'kcp.io/path': 'root:org-a:team-a' } },
  spec: { reference: { export: { path: 'root', name: 'tenancy.kcp.io' } } },
  status: { phase: 'Bound', boundResources: [] },
};

function openapi(version: string, description: string) {
  return {
    components: {
      schemas: {
        [`dev.kxp.db.${version}.PostgreSQLInstance`]: {
          type: 'object',
          description,
          properties: { spec: { type: 'object' } },
          'x-kubernetes-group-version-kind': [{ group: 'db.kxp.dev', version, kind: 'PostgreSQLInstance' }],
        },
      },
    },
  };
}

const resource = {
  name: 'postgresqlinstances',
  singularName: 'postgresqlinstance',
  namespaced: true,
  kind: 'PostgreSQLInstance',
  shortNames: ['pg'],
};

/** client returns a fake client of workspace root:org-a:team-a that answers paths from routes, else 404. */
function client(routes: Record<string, unknown>): RestClient {
  const url = 'https://kcp.example:6443/clusters/root:org-a:team-a';
  return {
    url,
    get: async (path: string) => {
      const answer = routes[path];
      if (answer instanceof Error) throw answer;
      if (answer === undefined) throw new ApiError('GET', `${url}${path}`, 404, 'NotFound', 'not found');
      return answer;
    },
  } as unknown as RestClient;
}

const served = {
  '/apis/apis.kcp.io/v1alpha2/apibindings': { items: [tenancy, binding] },
  '/apis/db.kxp.dev': {
    versions: [{ version: 'v1' }, { version: 'v1alpha1' }],
    preferredVersion: { version: 'v1' },
  },
  '/apis/db.kxp.dev/v1': { resources: [resource, { ...resource, name: 'postgresqlinstances/status' }] },
  '/apis/db.kxp.dev/v1alpha1': { resources: [resource] },
  '/openapi/v3/apis/db.kxp.dev/v1': openapi('v1', 'v1 of it.'),
  '/openapi/v3/apis/db.kxp.dev/v1alpha1': openapi('v1alpha1', 'v1alpha1 of it.'),
};

describe('boundSchemas', () => {
  it('rebuilds the APIResourceSchema of each resource the binding offers, from discovery and OpenAPI', async () => {
    expect(await boundSchemas(client(served), ref)).toEqual([
      {
        apiVersion: 'apis.kcp.io/v1alpha1',
        kind: 'APIResourceSchema',
        metadata: { name: 'v1a2b3.postgresqlinstances.db.kxp.dev' },
        spec: {
          group: 'db.kxp.dev',
          names: {
            plural: 'postgresqlinstances',
            singular: 'postgresqlinstance',
            kind: 'PostgreSQLInstance',
            listKind: 'PostgreSQLInstanceList',
            shortNames: ['pg'],
          },
          scope: 'Namespaced',
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: { type: 'object', description: 'v1 of it.', properties: { spec: { type: 'object' } } },
              subresources: { status: {} },
            },
            {
              name: 'v1alpha1',
              served: true,
              storage: false,
              schema: {
                type: 'object',
                description: 'v1alpha1 of it.',
                properties: { spec: { type: 'object' } },
              },
            },
          ],
        },
      },
    ]);
  });

  it('says which exports the workspace binds when it binds another', async () => {
    await expect(boundSchemas(client(served), { path: 'root:db', name: 'caches' })).rejects.toThrow(
      'workspace root:org-a:team-a has no APIBinding to it ' +
        '(it binds root:db:databases, root:tenancy.kcp.io); bind it first',
    );
  });

  it('says why a binding is not Bound', async () => {
    const pending = {
      ...binding,
      status: {
        phase: 'Binding',
        conditions: [
          { type: 'APIExportValid', status: 'False', message: 'APIExport root:db:databases not found' },
        ],
      },
    };
    const routes = { ...served, '/apis/apis.kcp.io/v1alpha2/apibindings': { items: [pending] } };
    await expect(boundSchemas(client(routes), ref)).rejects.toThrow(
      'APIBinding databases in workspace root:org-a:team-a is Binding ' +
        '(APIExport root:db:databases not found)',
    );
  });

  it('says what the user may not read', async () => {
    const forbidden = new ApiError(
      'GET',
      'u',
      403,
      'Forbidden',
      'User "team-b" cannot list resource "apibindings"',
    );
    const routes = { ...served, '/apis/apis.kcp.io/v1alpha2/apibindings': forbidden };
    await expect(boundSchemas(client(routes), ref)).rejects.toThrow(
      'cannot read the APIBindings in workspace root:org-a:team-a: the kubeconfig\'s user may not (User "team-b" cannot list resource "apibindings")',
    );
  });

  it('says when kcp serves no OpenAPI schema for a kind', async () => {
    const routes = { ...served, '/openapi/v3/apis/db.kxp.dev/v1alpha1': { components: { schemas: {} } } };
    await expect(boundSchemas(client(routes), ref)).rejects.toThrow(
      'cannot read PostgreSQLInstance (db.kxp.dev/v1alpha1): kcp serves no OpenAPI schema for it',
    );
  });
});
