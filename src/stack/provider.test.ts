import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresProviderConfig, providerArgs, providerCrds } from './provider.js';

describe('postgresProviderConfig', () => {
  const server = { host: '127.0.0.1', port: 5433, superuser: 'postgres', password: 's3cret' };

  it('points the default ClusterProviderConfig at a Secret with the keys provider-sql reads', () => {
    const { secret, providerConfig } = postgresProviderConfig(server);
    const data = secret.data as Record<string, string>;
    const decoded = Object.fromEntries(
      Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
    );
    expect(decoded).toEqual({
      endpoint: '127.0.0.1',
      port: '5433',
      username: 'postgres',
      password: 's3cret',
    });
    expect(providerConfig).toMatchObject({
      apiVersion: 'postgresql.sql.m.crossplane.io/v1alpha1',
      kind: 'ClusterProviderConfig',
      metadata: { name: 'default' },
      spec: {
        credentials: {
          source: 'PostgreSQLConnectionSecret',
          connectionSecretRef: { name: secret.metadata?.name, namespace: 'crossplane-system' },
        },
        sslMode: 'disable',
      },
    });
  });
});

describe('providerArgs', () => {
  it('binds metrics to loopback, never the default :8080', () => {
    expect(providerArgs(4242, false)).toContain('--metrics-bind-address=127.0.0.1:4242');
    expect(providerArgs(4242, true)).toContain('--debug');
  });
});

describe('providerCrds', () => {
  it('reads every CustomResourceDefinition of the YAML files in a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kxp-crds-'));
    const crd = (name: string) =>
      `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ${name}\n`;
    writeFileSync(join(dir, 'a.yaml'), `${crd('a.example.org')}---\n${crd('b.example.org')}`);
    writeFileSync(join(dir, 'notes.txt'), 'not a CRD');
    expect(providerCrds(dir).map((c) => c.metadata?.name)).toEqual(['a.example.org', 'b.example.org']);
  });
});
