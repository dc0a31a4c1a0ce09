/**
 * A sharded kcp on loopback, run as kcp's sharded deployments run it: a cache server, a root shard
 * and further shards (each with its own embedded etcd, all sharing the cache server, the client and
 * serving CAs and the ServiceAccount key), and kcp-front-proxy in front of them. Every client the
 * stack hands out (admin, named users, the bridge) goes through the front proxy; the bridge reaches
 * each shard's virtual workspace at the URL the export's endpoint slice lists.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Credentials } from '../kube/credentials.js';
import { RestClient } from '../kube/rest.js';
import {
  issueCertificateAuthority,
  issueClientCertificate,
  issueServerCertificate,
  type KeyPair,
} from './certs.js';
import type { Kcp, KcpShard } from './kcp.js';
import { writeTokenFile, writeUserKubeconfigs } from './kcp.js';
import { writeKubeconfig } from './kubeconfig.js';
import { peerBinary } from './peers.js';
import { freePorts } from './ports.js';
import { PeerProcess } from './process.js';
import { waitUntil } from './ready.js';
import {
  cacheServerArgs,
  frontProxyArgs,
  frontProxyMapping,
  type ShardPlan,
  type SharedFiles,
  shardArgs,
  shardNames,
  shardUrl,
} from './shard-flags.js';

/** shardLabel is the label the stack puts on each Shard object, for workspaces' location selectors. */
export const shardLabel = 'kxp.dev/shard';

const loopback = ['127.0.0.1', 'localhost'];

/** writePair writes a certificate and its key as <base>.crt and <base>.key and returns their paths. */
function writePair(base: string, pair: KeyPair): { cert: string; key: string } {
  writeFileSync(`${base}.crt`, pair.cert);
  writeFileSync(`${base}.key`, pair.key, { mode: 0o600 });
  return { cert: `${base}.crt`, key: `${base}.key` };
}

/** clientCredentials returns credentials of a client certificate for server, trusting the serving CA. */
function clientCredentials(server: string, servingCa: KeyPair, pair: KeyPair): Credentials {
  return { server, ca: servingCa.cert, cert: pair.cert, key: pair.key };
}

/**
 * startShardedKcp starts a kcp of n shards behind a front proxy and returns it once the root
 * workspace serves workspaces through the proxy and every shard is ready. Each process is handed to
 * started as soon as it runs, so the caller stops it should a later step fail.
 */
export async function startShardedKcp(
  dir: string,
  userNames: string[],
  n: number,
  detach: boolean,
  started: (p: PeerProcess) => void,
): Promise<Kcp> {
  const home = join(dir, 'kcp');
  mkdirSync(home, { recursive: true });
  const names = shardNames(n);
  const ports = await freePorts(4 + 3 * n);
  const [proxyPort, cachePort, cacheEtcdClient, cacheEtcdPeer] = ports as [number, number, number, number];
  const plans: ShardPlan[] = names.map((name, i) => ({
    name,
    home: join(home, name),
    port: ports[4 + 3 * i]!,
    etcdClientPort: ports[5 + 3 * i]!,
    etcdPeerPort: ports[6 + 3 * i]!,
  }));
  const url = `https://127.0.0.1:${proxyPort}`;
  const rootUrl = shardUrl(plans[0]!);

  const [clientCa, requestHeaderCa, servingCa, serviceAccount] = await Promise.all(
    ['kcp-client-ca', 'kcp-requestheader-ca', 'kcp-serving-ca', 'kcp-service-account'].map((name) =>
      issueCertificateAuthority(name),
    ),
  );
  const ca = (name: string, pair: KeyPair) => writePair(join(home, name), pair);
  const files: SharedFiles = {
    clientCa: ca('client-ca', clientCa!).cert,
    requestHeaderCa: ca('requestheader-ca', requestHeaderCa!).cert,
    servingCa: ca('serving-ca', servingCa!).cert,
    serviceAccountCert: ca('service-account', serviceAccount!).cert,
    serviceAccountKey: join(home, 'service-account.key'),
    tokens: join(home, 'tokens.csv'),
    cacheKubeconfig: join(home, 'cache.kubeconfig'),
    rootShardKubeconfig: join(home, 'root-shard.kubeconfig'),
    logicalClusterAdminKubeconfig: join(home, 'logical-cluster-admin.kubeconfig'),
    externalLogicalClusterAdminKubeconfig: join(home, 'external-logical-cluster-admin.kubeconfig'),
  };
  const tokens = writeTokenFile(files.tokens, userNames);
  const client = (name: string, groups: string[]) => issueClientCertificate(clientCa!, name, groups);
  const shardAdmin = await client('shard-admin', ['system:masters']);
  writeKubeconfig(
    files.rootShardKubeconfig,
    'shard-base',
    clientCredentials(rootUrl, servingCa!, shardAdmin),
  );
  writeKubeconfig(
    files.cacheKubeconfig,
    'cache',
    clientCredentials(
      `https://127.0.0.1:${cachePort}`,
      servingCa!,
      await client('cache-client', ['system:masters']),
    ),
  );
  writeKubeconfig(
    files.logicalClusterAdminKubeconfig,
    'base',
    clientCredentials(
      rootUrl,
      servingCa!,
      await client('logical-cluster-admin', ['system:kcp:logical-cluster-admin']),
    ),
  );
  writeKubeconfig(
    files.externalLogicalClusterAdminKubeconfig,
    'base',
    clientCredentials(
      url,
      servingCa!,
      await client('external-logical-cluster-admin', ['system:kcp:external-logical-cluster-admin']),
    ),
  );

  const cacheHome = join(home, 'cache');
  mkdirSync(cacheHome, { recursive: true });
  const cacheTls = writePair(join(cacheHome, 'server'), await issueServerCertificate(servingCa!, loopback));
  const cache = PeerProcess.start(
    'kcp-cache',
    peerBinary('kcp', 'cache-server'),
    cacheServerArgs({
      home: cacheHome,
      port: cachePort,
      etcdClientPort: cacheEtcdClient,
      etcdPeerPort: cacheEtcdPeer,
      clientCa: files.clientCa,
      ...cacheTls,
    }),
    { dir, detach },
  );
  started(cache);
  const cacheClient = new RestClient(
    clientCredentials(`https://127.0.0.1:${cachePort}`, servingCa!, shardAdmin),
  );
  await waitUntil('kcp-cache', 'its /readyz', () => ok(cacheClient, '/readyz'), {
    timeoutMs: 120_000,
    process: cache,
  });

  const shards: KcpShard[] = [];
  for (const plan of plans) {
    mkdirSync(plan.home, { recursive: true });
    writePair(join(plan.home, 'apiserver'), await issueServerCertificate(servingCa!, loopback));
    writePair(join(plan.home, 'shard-client'), await client(`kcp-${plan.name}`, ['system:masters']));
    const args = shardArgs(plan, files, url);
    const start = () => {
      const p = PeerProcess.start(`kcp-${plan.name}`, peerBinary('kcp'), args, { dir, detach });
      started(p);
      return p;
    };
    const admin = new RestClient(clientCredentials(shardUrl(plan), servingCa!, shardAdmin));
    shards.push({ name: plan.name, url: shardUrl(plan), process: start(), start, admin });
  }
  for (const shard of shards) await shardReady(shard);

  const proxyHome = join(home, 'front-proxy');
  mkdirSync(proxyHome, { recursive: true });
  writePair(join(proxyHome, 'apiserver'), await issueServerCertificate(servingCa!, loopback));
  const requestHeader = writePair(
    join(proxyHome, 'requestheader'),
    await issueClientCertificate(requestHeaderCa!, 'kcp-front-proxy'),
  );
  const own = {
    home: proxyHome,
    mapping: join(proxyHome, 'mapping.json'),
    shardsKubeconfig: join(proxyHome, 'shards.kubeconfig'),
  };
  writeFileSync(
    own.mapping,
    frontProxyMapping(rootUrl, files.servingCa, requestHeader.cert, requestHeader.key),
  );
  writeKubeconfig(own.shardsKubeconfig, 'base', clientCredentials(rootUrl, servingCa!, shardAdmin));
  const proxy = PeerProcess.start(
    'kcp-front-proxy',
    peerBinary('kcp', 'kcp-front-proxy'),
    frontProxyArgs(proxyPort, files, own),
    {
      dir,
      detach,
    },
  );
  started(proxy);

  const kcpAdmin = await client('kcp-admin', ['system:kcp:admin']);
  const admin = clientCredentials(`${url}/clusters/root`, servingCa!, kcpAdmin);
  const adminClient = new RestClient(admin);
  await waitUntil(
    'kcp-front-proxy',
    'the root workspace to serve workspaces through it',
    () => ok(adminClient, '/apis/tenancy.kcp.io/v1alpha1/workspaces'),
    { timeoutMs: 120_000, process: proxy },
  );
  for (const shard of shards)
    await adminClient.mergePatch(`/apis/core.kcp.io/v1alpha1/shards/${shard.name}`, {
      metadata: { labels: { [shardLabel]: shard.name } },
    });
  const kubeconfig = writeKubeconfig(join(dir, 'kcp-admin.kubeconfig'), 'kcp-admin', admin);
  const users = writeUserKubeconfigs(dir, url, tokens, servingCa!.cert);
  return { process: proxy, url, admin, kubeconfig, users, shards };
}

/** shardReady waits until shard answers /readyz (a restarted shard too). */
export function shardReady(shard: KcpShard, timeoutMs = 240_000): Promise<void> {
  return waitUntil(shard.process.name, 'its /readyz', () => ok(shard.admin, '/readyz'), {
    timeoutMs,
    process: shard.process,
  });
}

/** ok reports whether path answers 2xx; /readyz answers plain text, which the JSON client cannot parse. */
async function ok(client: RestClient, path: string): Promise<boolean> {
  try {
    await client.request('GET', path);
    return true;
  } catch (err) {
    return err instanceof SyntaxError;
  }
}
