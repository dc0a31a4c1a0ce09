import { rbacRequestFrom } from './bridge-rbac.js';

describe('rbacRequestFrom', () => {
  it('reads the defaults the bridge has', () => {
    expect(rbacRequestFrom(['--export', 'root:db:databases'])).toEqual({
      options: {
        exports: [{ workspace: 'root:db', name: 'databases', mode: 'api-first', claims: false }],
        kcpUser: 'kxp-bridge',
        serviceAccount: { namespace: 'kxp-system', name: 'kxp-bridge' },
        eventNamespace: 'default',
        lease: { namespace: 'kxp-system', name: 'kxp-bridge' },
      },
      extra: { kinds: [], xrds: [] },
      apply: false,
    });
  });

  it('reads every flag', () => {
    const r = rbacRequestFrom([
      '--export=root:a:x',
      '--export=root:b:y',
      '--mode=crossplane-first',
      '--kcp-user=bridge-1',
      '--service-account=ops/bridge-1',
      '--leader-elect=false',
      '--resource=caches.x.dev',
      '--xrd=xcaches.x.dev',
      '--kcp-kubeconfig=k',
      '--kubeconfig=s',
      '--only=service',
      '--apply',
    ]);
    expect(r.options.exports.map((e) => `${e.workspace}:${e.name}:${e.mode}`)).toEqual([
      'root:a:x:crossplane-first',
      'root:b:y:crossplane-first',
    ]);
    expect(r.options).toMatchObject({
      kcpUser: 'bridge-1',
      serviceAccount: { namespace: 'ops', name: 'bridge-1' },
    });
    expect(r.options.lease).toBeUndefined();
    expect(r).toMatchObject({
      extra: { kinds: [{ group: 'x.dev', resource: 'caches' }], xrds: ['xcaches.x.dev'] },
      kcpKubeconfig: 'k',
      kubeconfig: 's',
      only: 'service',
      apply: true,
    });
  });

  it.each([
    { args: [], expected: /--export is required/ },
    {
      args: ['--export=root:db:x', '--mode=both'],
      expected: /--mode both: want api-first or crossplane-first/,
    },
    { args: ['--export=root:db:x', '--service-account=bridge'], expected: /want NAMESPACE\/NAME/ },
    { args: ['--export=root:db:x', '--apply'], expected: /--apply needs --kcp-kubeconfig and --kubeconfig/ },
    { args: ['--export=db'], expected: /cannot read export "db"/ },
    { args: ['--export=root:db:x', '--resource=caches'], expected: /want <plural>.<group>/ },
  ])('refuses $args', ({ args, expected }) => {
    expect(() => rbacRequestFrom(args)).toThrow(expected);
  });
});
