import { configFrom, exportRef, labelsFrom } from './config.js';

const base = ['--kubeconfig', 'svc.yaml', '--kcp-kubeconfig', 'kcp.yaml'];

describe('configFrom', () => {
  it('reads flags, with defaults for the rest', () => {
    const c = configFrom({
      args: [...base, '--export', 'root:db:postgres.example.com', '--claims'],
      env: {},
    });
    expect(c.exports).toEqual([
      { workspace: 'root:db', name: 'postgres.example.com', mode: 'api-first', claims: true },
    ]);
    expect(c.leaderElection).toMatchObject({
      enabled: true,
      namespace: 'kxp-system',
      leaseName: 'kxp-bridge',
    });
    expect(c.resyncSeconds).toBe(30);
  });

  it('divides the endpoints among replicas only when asked, by flag or env', () => {
    const args = [...base, '--export', 'root:db:x'];
    expect(configFrom({ args, env: {} }).leaderElection.divideEndpoints).toBe(false);
    expect(
      configFrom({ args: [...args, '--divide-endpoints'], env: {} }).leaderElection.divideEndpoints,
    ).toBe(true);
    expect(configFrom({ args, env: { KXP_DIVIDE_ENDPOINTS: 'true' } }).leaderElection.divideEndpoints).toBe(
      true,
    );
  });

  it('lets flags override env, and env override the config file', () => {
    const file = [
      'kubeconfig: file.yaml',
      'kcpKubeconfig: file-kcp.yaml',
      'resyncSeconds: 10',
      'leaderElection: {namespace: file-ns, leaseName: file-lease}',
      'exports:',
      '  - {workspace: "root:db", name: from-file, mode: crossplane-first}',
    ].join('\n');
    const c = configFrom({
      args: ['--config', 'bridge.yaml', '--lease-name', 'flag-lease', '--kubeconfig', 'flag.yaml'],
      env: { KXP_KUBECONFIG: 'env.yaml', KXP_KCP_KUBECONFIG: 'env-kcp.yaml', KXP_LEADER_ELECT: 'false' },
      readFile: () => file,
    });
    expect(c.kubeconfig).toBe('flag.yaml');
    expect(c.kcpKubeconfig).toBe('env-kcp.yaml');
    expect(c.resyncSeconds).toBe(10);
    expect(c.leaderElection).toMatchObject({ enabled: false, namespace: 'file-ns', leaseName: 'flag-lease' });
    expect(c.exports).toEqual([
      { workspace: 'root:db', name: 'from-file', mode: 'crossplane-first', claims: false },
    ]);
  });

  it('takes exports and composition labels from env', () => {
    const c = configFrom({
      args: base,
      env: { KXP_EXPORT: 'root:a:x,root:b:y', KXP_COMPOSITION_LABELS: 'provider=aws,tier=small' },
    });
    expect(c.exports.map((e) => [e.workspace, e.name, e.compositionLabels])).toEqual([
      ['root:a', 'x', { provider: 'aws', tier: 'small' }],
      ['root:b', 'y', { provider: 'aws', tier: 'small' }],
    ]);
  });

  it('says which setting is wrong, naming the file', () => {
    expect(() =>
      configFrom({
        args: ['--config', 'bridge.yaml'],
        env: {},
        readFile: () => 'kubeconfig: a\nexports: []',
      }),
    ).toThrow(/cannot load bridge config from bridge.yaml: kcpKubeconfig: .*; exports: /);
    expect(() => configFrom({ args: [...base, '--export', 'db:x'], env: {} })).toThrow(/workspace path/);
  });
});

describe('exportRef and labelsFrom', () => {
  it('split at the last colon and at the first equals sign', () => {
    expect(exportRef('root:org:db:pg')).toEqual({ workspace: 'root:org:db', name: 'pg' });
    expect(() => exportRef('nocolon')).toThrow(/cannot read export "nocolon"/);
    expect(labelsFrom(['a=b=c'])).toEqual({ a: 'b=c' });
    expect(() => labelsFrom(['=x'])).toThrow(/cannot parse label/);
  });
});

describe('configFrom, event namespace', () => {
  it('takes --event-namespace over KXP_EVENT_NAMESPACE, default default', () => {
    const base = ['--kcp-kubeconfig', 'k', '--export', 'root:db:x'];
    expect(configFrom({ args: base, env: {} }).eventNamespace).toBe('default');
    expect(configFrom({ args: base, env: { KXP_EVENT_NAMESPACE: 'env' } }).eventNamespace).toBe('env');
    expect(
      configFrom({ args: [...base, '--event-namespace', 'flag'], env: { KXP_EVENT_NAMESPACE: 'env' } })
        .eventNamespace,
    ).toBe('flag');
  });
});
