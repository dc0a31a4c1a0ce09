import {
  apiBindings,
  apiExportEndpointSlices,
  apiExports,
  apiResourceSchemas,
  clusterAnnotation,
} from '../../src/kcp/apis.js';
import { ensureWorkspace } from '../../src/kcp/workspaces.js';
import { ApiError } from '../../src/kube/errors.js';
import { namespaces, resourcePath } from '../../src/kube/paths.js';
import type { KubeObject } from '../../src/kube/rest.js';
import { eventually, kcpAdmin, kcpUser } from './stack.js';

const widgets = { group: 'example.kxp.dev', version: 'v1alpha1', resource: 'widgets' };
const exportName = 'example.kxp.dev';

describe('kcp', () => {
  const admin = kcpAdmin();
  let teamA = '';

  beforeAll(async () => {
    await ensureWorkspace(admin, 'root:db');
    teamA = await ensureWorkspace(admin, 'root:org-a:team-a');
  });

  it('offers an APIExport from root:db to a binding in root:org-a:team-a and lists its objects across workspaces', async () => {
    const db = admin.forCluster('root:db');
    await db.create(resourcePath(apiResourceSchemas), {
      apiVersion: 'apis.kcp.io/v1alpha1',
      kind: 'APIResourceSchema',
      metadata: { name: 'v1.widgets.example.kxp.dev' },
      spec: {
        group: 'example.kxp.dev',
        names: { kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1alpha1',
            served: true,
            storage: true,
            subresources: { status: {} },
            schema: {
              type: 'object',
              properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
            },
          },
        ],
      },
    });
    await db.create(resourcePath(apiExports), {
      apiVersion: 'apis.kcp.io/v1alpha2',
      kind: 'APIExport',
      metadata: { name: exportName },
      spec: {
        resources: [
          {
            name: 'widgets',
            group: 'example.kxp.dev',
            schema: 'v1.widgets.example.kxp.dev',
            storage: { crd: {} },
          },
        ],
      },
    });

    const team = admin.forCluster('root:org-a:team-a');
    // Binding needs the bind permission on the export, which kcp's authorizer learns shortly after the export exists.
    await eventually(() =>
      team.create(resourcePath(apiBindings), {
        apiVersion: 'apis.kcp.io/v1alpha2',
        kind: 'APIBinding',
        metadata: { name: 'widgets' },
        spec: { reference: { export: { path: 'root:db', name: exportName } } },
      }),
    );
    await eventually(async () => {
      const b = await team.get<KubeObject & { status?: { phase?: string } }>(
        resourcePath(apiBindings, undefined, 'widgets'),
      );
      expect(b.status?.phase).toBe('Bound');
    });

    // ensure: the reference scenario's test may have made team-a's namespace and admins already.
    await team.ensure(resourcePath(namespaces), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'apps' },
    });
    await eventually(() =>
      team.create(resourcePath(widgets, 'apps'), {
        apiVersion: 'example.kxp.dev/v1alpha1',
        kind: 'Widget',
        metadata: { name: 'w1' },
        spec: { size: 3 },
      }),
    );

    const url = await eventually(async () => {
      const slice = await db.get<KubeObject & { status?: { endpoints?: { url: string }[] } }>(
        resourcePath(apiExportEndpointSlices, undefined, exportName),
      );
      const first = slice.status?.endpoints?.[0]?.url;
      expect(first).toMatch(/\/services\/apiexport\//);
      return first!;
    }, 60_000);

    const seen = await eventually(async () => {
      const list = await admin.withServer(url).list(`/clusters/*${resourcePath(widgets)}`);
      const w = list.items.find((i) => i.metadata?.name === 'w1');
      expect(w).toBeDefined();
      return w!;
    });
    expect(seen.metadata?.annotations?.[clusterAnnotation]).toBe(teamA);
    expect(seen.metadata?.namespace).toBe('apps');
    expect(seen.spec).toEqual({ size: 3 });
  });

  it('refuses a user without rights in a workspace and serves one who was granted them', async () => {
    const path = resourcePath(namespaces);
    const refused = await kcpUser('team-b')
      .forCluster('root:org-a:team-a')
      .list(path)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(403);

    await admin
      .forCluster('root:org-a:team-a')
      .ensure('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'team-a-admins' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'team-a' }],
      });
    const list = await eventually(() => kcpUser('team-a').forCluster('root:org-a:team-a').list(path));
    expect(list.items.map((n) => n.metadata?.name)).toContain('apps');

    const stillRefused = await kcpUser('team-b')
      .forCluster('root:org-a:team-a')
      .list(path)
      .catch((e: unknown) => e);
    expect((stillRefused as ApiError).status).toBe(403);
  });
});
