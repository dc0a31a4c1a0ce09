import { describe, expect, it } from '@jest/globals';
import {
  cacheServerArgs,
  frontProxyArgs,
  frontProxyMapping,
  type SharedFiles,
  shardArgs,
  shardNames,
} from './shard-flags.js';

const files: SharedFiles = {
  clientCa: '/k/client-ca.crt',
  requestHeaderCa: '/k/requestheader-ca.crt',
  servingCa: '/k/serving-ca.crt',
  serviceAccountCert: '/k/service-account.crt',
  serviceAccountKey: '/k/service-account.key',
  tokens: '/k/tokens.csv',
  cacheKubeconfig: '/k/cache.kubeconfig',
  rootShardKubeconfig: '/k/root-shard.kubeconfig',
  logicalClusterAdminKubeconfig: '/k/lca.kubeconfig',
  externalLogicalClusterAdminKubeconfig: '/k/elca.kubeconfig',
};
const plan = (name: string, port: number) => ({
  name,
  home: `/k/${name}`,
  port,
  etcdClientPort: port + 1,
  etcdPeerPort: port + 2,
});
const flag = (args: string[], name: string) =>
  args.filter((a) => a.startsWith(`--${name}=`)).map((a) => a.slice(name.length + 3));

describe('shardNames', () => {
  it.each([
    [1, ['root']],
    [2, ['root', 'shard-1']],
    [3, ['root', 'shard-1', 'shard-2']],
  ])('names %i shards as kcp does', (n, names) => expect(shardNames(n)).toEqual(names));

  it.each([0, -1, 1.5, Number.NaN])('refuses %p shards', (n) =>
    expect(() => shardNames(n)).toThrow('at least one shard'),
  );
});

describe('shardArgs', () => {
  const root = shardArgs(plan('root', 7000), files, 'https://127.0.0.1:6443');
  const shard1 = shardArgs(plan('shard-1', 7100), files, 'https://127.0.0.1:6443');

  it('starts kcp with the shard name, its own ports and data', () => {
    expect(root[0]).toBe('start');
    expect(flag(shard1, 'shard-name')).toEqual(['shard-1']);
    expect(flag(shard1, 'root-directory')).toEqual(['/k/shard-1']);
    expect(flag(shard1, 'secure-port')).toEqual(['7100']);
    expect(flag(shard1, 'embedded-etcd-client-port')).toEqual(['7101']);
    expect(flag(shard1, 'shard-base-url')).toEqual(['https://127.0.0.1:7100']);
  });

  it('names the front proxy as every shard external URL and shares the cache server and keys', () => {
    for (const args of [root, shard1]) {
      expect(flag(args, 'shard-external-url')).toEqual(['https://127.0.0.1:6443']);
      expect(flag(args, 'cache-kubeconfig')).toEqual([files.cacheKubeconfig]);
      expect(flag(args, 'service-account-key-file')).toEqual([files.serviceAccountCert]);
      expect(flag(args, 'client-ca-file')).toEqual([files.clientCa]);
      expect(flag(args, 'token-auth-file')).toEqual([files.tokens]);
    }
  });

  it('joins shards other than root through the root shard', () => {
    expect(flag(root, 'root-shard-kubeconfig-file')).toEqual([]);
    expect(flag(shard1, 'root-shard-kubeconfig-file')).toEqual([files.rootShardKubeconfig]);
  });
});

describe('cacheServerArgs and frontProxyArgs', () => {
  it('runs the cache server on its own ports and etcd, trusting the client CA', () => {
    const args = cacheServerArgs({
      home: '/k/cache',
      port: 8012,
      etcdClientPort: 8010,
      etcdPeerPort: 8011,
      clientCa: files.clientCa,
      cert: '/k/cache/server.crt',
      key: '/k/cache/server.key',
    });
    expect(flag(args, 'secure-port')).toEqual(['8012']);
    expect(flag(args, 'embedded-etcd-directory')).toEqual(['/k/cache/etcd']);
    expect(flag(args, 'client-ca-file')).toEqual([files.clientCa]);
  });

  it('lets the front proxy authenticate users and reach the shards', () => {
    const own = { home: '/k/fp', mapping: '/k/fp/mapping.json', shardsKubeconfig: '/k/fp/shards.kubeconfig' };
    const args = frontProxyArgs(6443, files, own);
    expect(flag(args, 'secure-port')).toEqual(['6443']);
    expect(flag(args, 'root-kubeconfig')).toEqual([files.rootShardKubeconfig]);
    expect(flag(args, 'shards-kubeconfig')).toEqual([own.shardsKubeconfig]);
    expect(flag(args, 'token-auth-file')).toEqual([files.tokens]);
    expect(flag(args, 'mapping-file')).toEqual([own.mapping]);
  });

  it('maps workspace requests to the shards with the proxy certificate', () => {
    expect(JSON.parse(frontProxyMapping('https://127.0.0.1:7000', '/ca', '/c', '/k'))).toEqual([
      {
        path: '/clusters/',
        backend: 'https://127.0.0.1:7000',
        backend_server_ca: '/ca',
        proxy_client_cert: '/c',
        proxy_client_key: '/k',
      },
    ]);
  });
});
