import type { KubeObject } from '../../kube/rest.js';
import { originOf } from './origin.js';
import { kcpStatus, ownMetadata, projectedSecret, serviceCopy } from './projection.js';

const origin = {
  cluster: 'c1',
  workspacePath: 'root:org-a:team-a',
  namespace: 'apps',
  name: 'db',
  uid: 'u-1',
};

const claim: KubeObject = {
  apiVersion: 'db.kxp.dev/v1alpha1',
  kind: 'PostgreSQLInstance',
  metadata: {
    name: 'db',
    namespace: 'apps',
    uid: 'u-1',
    resourceVersion: '42',
    generation: 3,
    finalizers: ['kxp.dev/bridge'],
    managedFields: [{ manager: 'kubectl' }],
    labels: { team: 'a', 'kcp.io/something': 'x' },
    annotations: {
      'kcp.io/cluster': 'c1',
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      note: 'keep me',
    },
  },
  spec: { parameters: { storageGB: 5 }, writeConnectionSecretToRef: { name: 'db-conn' } },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
};

describe('serviceCopy', () => {
  const copy = serviceCopy(claim, 'kxp-abc-apps', origin);

  it('keeps kind, name and spec, and moves the object to its service namespace', () => {
    expect(copy).toMatchObject({
      apiVersion: 'db.kxp.dev/v1alpha1',
      kind: 'PostgreSQLInstance',
      metadata: { name: 'db', namespace: 'kxp-abc-apps' },
      spec: claim.spec,
    });
  });

  it('drops status and kcp metadata, keeps the consumer’s own labels and annotations', () => {
    expect(copy.status).toBeUndefined();
    expect(Object.keys(copy.metadata ?? {}).sort()).toEqual(['annotations', 'labels', 'name', 'namespace']);
    expect(copy.metadata?.labels).toMatchObject({ team: 'a' });
    expect(copy.metadata?.labels?.['kcp.io/something']).toBeUndefined();
    expect(copy.metadata?.annotations).toMatchObject({ note: 'keep me' });
    expect(copy.metadata?.annotations?.['kcp.io/cluster']).toBeUndefined();
    expect(copy.metadata?.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBeUndefined();
  });

  it('records its origin, which reads back', () => {
    expect(originOf(copy)).toEqual(origin);
  });

  it('does not share objects with the source', () => {
    (copy.spec as { parameters: { storageGB: number } }).parameters.storageGB = 99;
    expect((claim.spec as { parameters: { storageGB: number } }).parameters.storageGB).toBe(5);
  });
});

describe('ownMetadata', () => {
  it.each<{ name: string; input: Record<string, string> | undefined; expected: Record<string, string> }>([
    { name: 'nothing', input: undefined, expected: {} },
    { name: 'kcp keys dropped', input: { 'kcp.io/cluster': 'x', a: 'b' }, expected: { a: 'b' } },
    { name: 'internal kcp keys dropped', input: { 'internal.apis.kcp.io/x': 'y' }, expected: {} },
  ])('$name', ({ input, expected }) => {
    expect(ownMetadata(input)).toEqual(expected);
  });
});

describe('kcpStatus and projectedSecret', () => {
  it('copies the service status for the consumer', () => {
    expect(kcpStatus({ status: { conditions: [{ type: 'Synced' }], x: 1 } })).toEqual({
      conditions: [{ type: 'Synced' }],
      x: 1,
    });
    expect(kcpStatus({})).toBeUndefined();
  });

  it('projects a Secret under the same name with its data', () => {
    const s = projectedSecret(
      {
        metadata: { name: 'db-conn', namespace: 'kxp-abc-apps' },
        type: 'connection.crossplane.io/v1alpha1',
        data: { password: 'cHc=' },
      },
      'apps',
      origin,
    );
    expect(s).toMatchObject({
      kind: 'Secret',
      metadata: {
        name: 'db-conn',
        namespace: 'apps',
        annotations: { 'kxp.dev/source': 'kxp-abc-apps/db-conn' },
      },
      type: 'connection.crossplane.io/v1alpha1',
      data: { password: 'cHc=' },
    });
  });
});
