import { bridgeArgs, bridgeManifests } from './manifests.js';

const props = {
  namespace: 'kxp-system',
  serviceAccountName: 'kxp-bridge',
  image: 'registry.example.com/kxp/bridge:v0.1.0',
  exports: [{ workspace: 'root:db', name: 'databases', mode: 'crossplane-first' as const, claims: false }],
  kcpKubeconfigSecret: 'kxp-bridge-kcp',
};

describe('bridgeArgs', () => {
  it.each([
    {
      name: 'one crossplane-first export',
      props,
      expected: [
        '--kcp-kubeconfig=/etc/kxp/kcp/kubeconfig',
        '--export=root:db:databases',
        '--mode=crossplane-first',
        '--lease-namespace=kxp-system',
        '--lease-name=kxp-bridge',
        '--event-namespace=default',
        '--metrics-address=0.0.0.0:8080',
      ],
    },
    {
      name: 'api-first exports with claims, a lease and a port of their own, replicas dividing the endpoints',
      props: {
        ...props,
        exports: [
          { workspace: 'root:a', name: 'x', mode: 'api-first' as const, claims: true },
          { workspace: 'root:b', name: 'y', mode: 'api-first' as const, claims: false },
        ],
        leaseName: 'bridge-b',
        divideEndpoints: true,
        eventNamespace: 'kxp-system',
        metricsPort: 9090,
      },
      expected: [
        '--kcp-kubeconfig=/etc/kxp/kcp/kubeconfig',
        '--export=root:a:x',
        '--export=root:b:y',
        '--claims',
        '--lease-namespace=kxp-system',
        '--lease-name=bridge-b',
        '--divide-endpoints',
        '--event-namespace=kxp-system',
        '--metrics-address=0.0.0.0:9090',
      ],
    },
  ])('$name', ({ props: p, expected }) => expect(bridgeArgs(p)).toEqual(expected));

  it('refuses exports of two modes in one Deployment', () => {
    const mixed = {
      ...props,
      exports: [...props.exports, { ...props.exports[0]!, name: 'b', mode: 'api-first' as const }],
    };
    expect(() => bridgeArgs(mixed)).toThrow('one Deployment serves exports of one mode');
  });
});

describe('bridgeManifests', () => {
  const rights = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'kxp-bridge', namespace: 'kxp-system' } },
  ];
  const objects = bridgeManifests(props, rights);
  const deployment = objects.find((o) => o.kind === 'Deployment') as unknown as {
    metadata: { namespace: string };
    spec: {
      replicas: number;
      selector: { matchLabels: Record<string, string> };
      template: {
        metadata: { labels: Record<string, string> };
        spec: Record<string, unknown> & { containers: Record<string, unknown>[] };
      };
    };
  };

  it('puts the rights first, then the Deployment and its budget, all in the namespace', () => {
    expect(objects.map((o) => o.kind)).toEqual(['ServiceAccount', 'Deployment', 'PodDisruptionBudget']);
    expect(objects.slice(1).map((o) => o.metadata?.namespace)).toEqual(['kxp-system', 'kxp-system']);
  });

  it('runs two non-root replicas of the image on a read-only root, with the kcp kubeconfig from the Secret', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
    const pod = deployment.spec.template.spec;
    expect(pod).toMatchObject({
      serviceAccountName: 'kxp-bridge',
      securityContext: { runAsNonRoot: true, runAsUser: 65532 },
      volumes: [{ name: 'kcp-kubeconfig', secret: { secretName: 'kxp-bridge-kcp' } }],
    });
    expect(pod.containers[0]).toMatchObject({
      image: props.image,
      ports: [{ name: 'metrics', containerPort: 8080 }],
      livenessProbe: { httpGet: { path: '/healthz', port: 'metrics' } },
      readinessProbe: { httpGet: { path: '/readyz', port: 'metrics' } },
      securityContext: {
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      },
      volumeMounts: [{ name: 'kcp-kubeconfig', mountPath: '/etc/kxp/kcp', readOnly: true }],
    });
  });

  it('keeps one replica through voluntary disruptions', () => {
    expect(objects.find((o) => o.kind === 'PodDisruptionBudget')).toMatchObject({
      spec: { minAvailable: 1, selector: { matchLabels: deployment.spec.selector.matchLabels } },
    });
  });
});
