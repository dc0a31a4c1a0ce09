/**
 * The command lines of a sharded kcp, as kcp's own sharded test server (cmd/sharded-test-server)
 * runs one: a cache server the shards share, a root shard, further shards that join it through
 * the root shard's kubeconfig, and the front proxy that routes every client to the shard holding
 * its workspace. Pure: the files they name are written by kcp-sharded.ts.
 */
import { join } from 'node:path';

/** ShardPlan is one shard: its name (root, shard-1, ...), folder and loopback ports. */
export interface ShardPlan {
  name: string;
  home: string;
  port: number;
  etcdClientPort: number;
  etcdPeerPort: number;
}

/** The files every shard and the front proxy share (certificate authorities, keys, kubeconfigs). */
export interface SharedFiles {
  /** Signs every client certificate (admins, shards, the cache client, the front proxy's shard admin). */
  clientCa: string;
  /** Signs the certificate the front proxy presents when it passes a user on in X-Remote-* headers. */
  requestHeaderCa: string;
  /** Signs every server certificate; clients trust it for the front proxy and every shard. */
  servingCa: string;
  /** Public and private key ServiceAccount tokens are signed with, the same on every shard. */
  serviceAccountCert: string;
  serviceAccountKey: string;
  /** The named users' tokens (kcp --token-auth-file), accepted by the front proxy and every shard. */
  tokens: string;
  cacheKubeconfig: string;
  /** kcp reads its context `shard-base`: the root shard as system:masters. */
  rootShardKubeconfig: string;
  logicalClusterAdminKubeconfig: string;
  externalLogicalClusterAdminKubeconfig: string;
}

/** The requestheader flags shards and front proxy use to pass a user on. */
const requestHeaders = [
  '--requestheader-username-headers=X-Remote-User',
  '--requestheader-group-headers=X-Remote-Group',
  '--requestheader-extra-headers-prefix=X-Remote-Extra-',
];

/** shardNames returns the names of n shards as kcp's sharded deployments name them: root, shard-1, .... */
export function shardNames(n: number): string[] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`a kcp platform has at least one shard, not ${n}`);
  return Array.from({ length: n }, (_, i) => (i === 0 ? 'root' : `shard-${i}`));
}

/** shardUrl returns the URL a shard serves on (its base URL, and that of its virtual workspaces). */
export function shardUrl(s: Pick<ShardPlan, 'port'>): string {
  return `https://127.0.0.1:${s.port}`;
}

/** cacheServerArgs returns the cache server's arguments: embedded etcd, client certificates of clientCa. */
export function cacheServerArgs(o: {
  home: string;
  port: number;
  etcdClientPort: number;
  etcdPeerPort: number;
  clientCa: string;
  cert: string;
  key: string;
}): string[] {
  return [
    '--bind-address=127.0.0.1',
    `--secure-port=${o.port}`,
    `--cert-dir=${o.home}`,
    `--tls-cert-file=${o.cert}`,
    `--tls-private-key-file=${o.key}`,
    `--client-ca-file=${o.clientCa}`,
    `--embedded-etcd-directory=${join(o.home, 'etcd')}`,
    `--embedded-etcd-client-port=${o.etcdClientPort}`,
    `--embedded-etcd-peer-port=${o.etcdPeerPort}`,
  ];
}

/**
 * shardArgs returns `kcp start`'s arguments for shard s of a platform whose front proxy serves at
 * externalUrl. Every shard keeps its own embedded etcd, shares the cache server and the keys, and
 * names the front proxy as its external URL; shards other than root join through the root shard.
 */
export function shardArgs(s: ShardPlan, files: SharedFiles, externalUrl: string): string[] {
  const args = [
    'start',
    `--shard-name=${s.name}`,
    `--root-directory=${s.home}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${s.port}`,
    `--shard-base-url=${shardUrl(s)}`,
    `--shard-external-url=${externalUrl}`,
    `--embedded-etcd-client-port=${s.etcdClientPort}`,
    `--embedded-etcd-peer-port=${s.etcdPeerPort}`,
    `--tls-cert-file=${join(s.home, 'apiserver.crt')}`,
    `--tls-private-key-file=${join(s.home, 'apiserver.key')}`,
    `--client-ca-file=${files.clientCa}`,
    `--requestheader-client-ca-file=${files.requestHeaderCa}`,
    ...requestHeaders,
    `--token-auth-file=${files.tokens}`,
    `--service-account-key-file=${files.serviceAccountCert}`,
    `--service-account-private-key-file=${files.serviceAccountKey}`,
    `--service-account-signing-key-file=${files.serviceAccountKey}`,
    `--cache-kubeconfig=${files.cacheKubeconfig}`,
    `--shard-client-cert-file=${join(s.home, 'shard-client.crt')}`,
    `--shard-client-key-file=${join(s.home, 'shard-client.key')}`,
    `--shard-virtual-workspace-ca-file=${files.servingCa}`,
    `--logical-cluster-admin-kubeconfig=${files.logicalClusterAdminKubeconfig}`,
    `--external-logical-cluster-admin-kubeconfig=${files.externalLogicalClusterAdminKubeconfig}`,
    '--v=1',
  ];
  if (s.name !== 'root') args.push(`--root-shard-kubeconfig-file=${files.rootShardKubeconfig}`);
  return args;
}

/** The front proxy's own files. */
export interface FrontProxyFiles {
  home: string;
  mapping: string;
  /** The kubeconfig the proxy reaches every shard with (its server is replaced by each shard's URL). */
  shardsKubeconfig: string;
}

/** frontProxyArgs returns kcp-front-proxy's arguments: it authenticates users and passes them on to shards. */
export function frontProxyArgs(port: number, files: SharedFiles, own: FrontProxyFiles): string[] {
  return [
    '--bind-address=127.0.0.1',
    `--secure-port=${port}`,
    `--root-directory=${own.home}`,
    `--mapping-file=${own.mapping}`,
    `--root-kubeconfig=${files.rootShardKubeconfig}`,
    `--shards-kubeconfig=${own.shardsKubeconfig}`,
    `--client-ca-file=${files.clientCa}`,
    `--token-auth-file=${files.tokens}`,
    `--requestheader-client-ca-file=${files.requestHeaderCa}`,
    ...requestHeaders,
    '--requestheader-allowed-names=kcp-front-proxy',
    `--tls-cert-file=${join(own.home, 'apiserver.crt')}`,
    `--tls-private-key-file=${join(own.home, 'apiserver.key')}`,
    '--v=1',
  ];
}

/**
 * frontProxyMapping returns the front proxy's mapping file: workspace requests go to the shard
 * that holds the workspace (the proxy looks it up; the backend named is only a default), with the
 * proxy's requestheader certificate so the shard takes the user from its headers.
 */
export function frontProxyMapping(
  rootUrl: string,
  servingCa: string,
  proxyCert: string,
  proxyKey: string,
): string {
  const backend = {
    backend: rootUrl,
    backend_server_ca: servingCa,
    proxy_client_cert: proxyCert,
    proxy_client_key: proxyKey,
  };
  return JSON.stringify([{ path: '/clusters/', ...backend }], null, 2);
}
