import { isNotFound } from '../../src/kube/errors.js';
import { configMaps, customResourceDefinitions, namespaces, resourcePath } from '../../src/kube/paths.js';
import type { KubeObject } from '../../src/kube/rest.js';
import { eventually, serviceAdmin } from './stack.js';

const xrds = {
  group: 'apiextensions.crossplane.io',
  version: 'v2',
  resource: 'compositeresourcedefinitions',
};

interface WithConditions extends KubeObject {
  status?: { conditions?: { type: string; status: string; reason?: string }[] };
}

async function expectGone(get: () => Promise<unknown>): Promise<void> {
  await eventually(async () => {
    const err = await get().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isNotFound(err)).toBe(true);
  }, 60_000);
}

describe('service cluster', () => {
  const api = serviceAdmin();

  it('lets Crossplane establish a namespaced v2 XRD whose CRD is then served', async () => {
    await api.create(resourcePath(xrds), {
      apiVersion: 'apiextensions.crossplane.io/v2',
      kind: 'CompositeResourceDefinition',
      metadata: { name: 'xwidgets.example.kxp.dev' },
      spec: {
        scope: 'Namespaced',
        group: 'example.kxp.dev',
        names: { kind: 'XWidget', plural: 'xwidgets' },
        versions: [
          {
            name: 'v1alpha1',
            served: true,
            referenceable: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
              },
            },
          },
        ],
      },
    });
    await eventually(async () => {
      const xrd = await api.get<WithConditions>(resourcePath(xrds, undefined, 'xwidgets.example.kxp.dev'));
      expect(xrd.status?.conditions?.find((c) => c.type === 'Established')?.status).toBe('True');
    }, 60_000);
    const crd = await api.get<WithConditions>(
      resourcePath(customResourceDefinitions, undefined, 'xwidgets.example.kxp.dev'),
    );
    expect(crd.status?.conditions?.find((c) => c.type === 'Established')?.status).toBe('True');
    const served = await eventually(() =>
      api.list(
        resourcePath({ group: 'example.kxp.dev', version: 'v1alpha1', resource: 'xwidgets' }, 'default'),
      ),
    );
    expect(served.items).toEqual([]);
  });

  it('collects garbage: a dependent goes with its owner, and a namespace with all it holds', async () => {
    await api.create(resourcePath(namespaces), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'gc-demo' },
    });
    const cm = (name: string, owner?: KubeObject): KubeObject => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name,
        ownerReferences: owner
          ? [{ apiVersion: 'v1', kind: 'ConfigMap', name: owner.metadata?.name, uid: owner.metadata?.uid }]
          : undefined,
      },
      data: { role: owner ? 'dependent' : 'owner' },
    });
    const path = (name?: string) => resourcePath(configMaps, 'gc-demo', name);

    const owner = await api.create(path(), cm('owner'));
    await api.create(path(), cm('dependent', owner));
    await api.remove(path('owner'), 'Foreground');
    await expectGone(() => api.get(path('dependent')));
    await expectGone(() => api.get(path('owner')));

    const owner2 = await api.create(path(), cm('owner2'));
    await api.create(path(), cm('dependent2', owner2));
    await api.remove(resourcePath(namespaces, undefined, 'gc-demo'));
    await expectGone(() => api.get(resourcePath(namespaces, undefined, 'gc-demo')));
    await expectGone(() => api.get(path('dependent2')));
  });
});
