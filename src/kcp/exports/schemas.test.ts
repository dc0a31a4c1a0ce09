import { ApiError } from '../../kube/errors.js';
import type { RestClient } from '../../kube/rest.js';
import { parseExportRef } from './ref.js';
import { exportSchemas } from './schemas.js';

/** fakeKcp returns a client answering GETs of `<workspace><path>` from answers; anything else is 404. */
function fakeKcp(answers: Record<string, unknown>, workspace = 'root:team'): RestClient {
  const client = (ws: string): RestClient => {
    const get = async (path: string) => {
      const answer = answers[`${ws}${path}`];
      if (answer === undefined) throw new ApiError('GET', path, 404, 'NotFound', 'not found');
      if (answer instanceof ApiError) throw answer;
      return structuredClone(answer);
    };
    return { get, list: get, url: `https://kcp/clusters/${ws}`, forCluster: client } as unknown as RestClient;
  };
  return client(workspace);
}

const forbidden = new ApiError('GET', '/', 403, 'Forbidden', 'access denied');
const ars = {
  apiVersion: 'apis.kcp.io/v1alpha1',
  kind: 'APIResourceSchema',
  metadata: { name: 'v1.things.example.org', uid: 'u', managedFields: [] },
  spec: {
    group: 'example.org',
    names: { kind: 'Thing', plural: 'things' },
    scope: 'Namespaced',
    versions: [],
  },
};
const exportObject = {
  spec: { resources: [{ group: 'example.org', name: 'things', schema: 'v1.things.example.org' }] },
};
const binding = {
  metadata: { name: 'things' },
  spec: { reference: { export: { path: 'root:db', name: 'things' } } },
  status: {
    phase: 'Bound',
    boundResources: [
      {
        group: 'example.org',
        resource: 'things',
        schema: { name: 'v1.things.example.org' },
        storageVersions: ['v1'],
      },
    ],
  },
};
const consumerView = {
  'root:team/apis/apis.kcp.io/v1alpha2/apibindings': { items: [binding] },
  'root:team/apis/example.org': { versions: [{ version: 'v1' }] },
  'root:team/apis/example.org/v1': {
    resources: [
      { name: 'things', singularName: 'thing', namespaced: true, kind: 'Thing', categories: ['claim'] },
      { name: 'things/status', namespaced: true, kind: 'Thing' },
    ],
  },
  'root:team/openapi/v3/apis/example.org/v1': {
    components: {
      schemas: {
        Thing: {
          type: 'object',
          'x-kubernetes-group-version-kind': [{ group: 'example.org', version: 'v1', kind: 'Thing' }],
          properties: { spec: { type: 'object' } },
        },
      },
    },
  },
};

describe('exportSchemas', () => {
  it("reads the export's APIResourceSchemas from its workspace when the identity may", async () => {
    const kcp = fakeKcp({
      'root:db/apis/apis.kcp.io/v1alpha2/apiexports/things': exportObject,
      'root:db/apis/apis.kcp.io/v1alpha1/apiresourceschemas/v1.things.example.org': ars,
    });
    const found = await exportSchemas(kcp, parseExportRef('root:db:things'));
    expect(found.via).toBe('export');
    expect(found.schemas).toEqual([{ ...ars, metadata: { name: 'v1.things.example.org' } }]);
  });

  it("reads them through the consumer's binding, discovery and OpenAPI when the export's workspace is forbidden", async () => {
    const kcp = fakeKcp({
      'root:db/apis/apis.kcp.io/v1alpha2/apiexports/things': forbidden,
      ...consumerView,
    });
    const found = await exportSchemas(kcp, parseExportRef('root:db:things'));
    expect(found.via).toBe('binding');
    expect(found.schemas).toEqual([
      expect.objectContaining({
        kind: 'APIResourceSchema',
        metadata: expect.objectContaining({ name: 'v1.things.example.org' }),
        spec: {
          group: 'example.org',
          names: {
            kind: 'Thing',
            listKind: 'ThingList',
            plural: 'things',
            singular: 'thing',
            categories: ['claim'],
          },
          scope: 'Namespaced',
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: { type: 'object', properties: { spec: { type: 'object' } } },
              subresources: { status: {} },
            },
          ],
        },
      }),
    ]);
  });

  it('says what the identity may not read and that the workspace is not bound', async () => {
    const kcp = fakeKcp({
      'root:db/apis/apis.kcp.io/v1alpha2/apiexports/things': forbidden,
      'root:team/apis/apis.kcp.io/v1alpha2/apibindings': { items: [] },
    });
    await expect(exportSchemas(kcp, parseExportRef('root:db:things'))).rejects.toThrow(
      'cannot read the schemas of export root:db:things: this identity may not read its workspace, and workspace root:team has no APIBinding to it (it binds nothing); bind it first',
    );
  });
});
