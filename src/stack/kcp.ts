import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Credentials, credentialsFromKubeconfig } from '../kube/credentials.js';
import type { RestClient } from '../kube/rest.js';
import { writeKubeconfig } from './kubeconfig.js';
import { peerBinary } from './peers.js';
import { freePorts } from './ports.js';
import { PeerProcess } from './process.js';
import { httpOk, waitUntil } from './ready.js';

/** KcpShard is one shard of a sharded kcp (kcp-sharded.ts). */
export interface KcpShard {
  /** root, shard-1, ...: the name of its Shard object. */
  name: string;
  /** The URL it serves on, and that of its virtual workspaces. */
  url: string;
  process: PeerProcess;
  /** start starts the shard again with the same arguments, over the same data. */
  start: () => PeerProcess;
  /** A system:masters client of the shard itself. */
  admin: RestClient;
}

export interface Kcp {
  /** The kcp server, or with shards the front proxy. */
  process: PeerProcess;
  /** Base URL of kcp, or with shards of its front proxy (append /clusters/<workspace>). */
  url: string;
  /** The shards behind the front proxy; none for a single-shard kcp. */
  shards: KcpShard[];
  /** kcp-admin, pointed at the root workspace. */
  admin: Credentials;
  kubeconfig: string;
  /** Named users (kcp --token-auth-file), without any rights until a test grants them. */
  users: Record<string, { credentials: Credentials; kubeconfig: string }>;
}

/**
 * startKcp starts a single-shard kcp with embedded etcd on free loopback ports. Besides the
 * kcp-admin identity kcp writes itself (its token changes on every start), it authenticates the
 * named users through a token file, so tests can act as different tenants.
 */
export async function startKcp(dir: string, userNames: string[], detach: boolean): Promise<Kcp> {
  const home = join(dir, 'kcp');
  mkdirSync(home, { recursive: true });
  const [port, etcdClient, etcdPeer] = await freePorts(3);
  const tokenFile = join(home, 'tokens.csv');
  const tokens = writeTokenFile(tokenFile, userNames);

  // kcp writes admin.kubeconfig once it serves; one left from an earlier start holds a dead token.
  rmSync(kcpAdminFile(dir), { force: true });
  const process = PeerProcess.start(
    'kcp',
    peerBinary('kcp'),
    [
      'start',
      `--root-directory=${home}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${port}`,
      `--embedded-etcd-client-port=${etcdClient}`,
      `--embedded-etcd-peer-port=${etcdPeer}`,
      `--token-auth-file=${tokenFile}`,
      '--v=1',
    ],
    { dir, detach },
  );
  const url = `https://127.0.0.1:${port}`;
  const admin = await kcpServing(dir, url, process);
  const kubeconfig = kcpAdminKubeconfig(dir);
  const users = writeUserKubeconfigs(dir, url, tokens, admin.ca, admin.insecure);
  return { process, url, admin, kubeconfig, users, shards: [] };
}

/** writeTokenFile writes a kcp --token-auth-file of a fresh token per user (group kxp:tenants) and returns the tokens. */
export function writeTokenFile(file: string, userNames: string[]): Record<string, string> {
  const tokens = Object.fromEntries(userNames.map((u) => [u, randomBytes(24).toString('hex')]));
  writeFileSync(file, userNames.map((u) => `${tokens[u]},${u},${u},kxp:tenants\n`).join(''), { mode: 0o600 });
  return tokens;
}

/** writeUserKubeconfigs writes a kubeconfig per user of tokens, pointed at the root workspace of the kcp at url. */
export function writeUserKubeconfigs(
  dir: string,
  url: string,
  tokens: Record<string, string>,
  ca: string | undefined,
  insecure?: boolean,
): Kcp['users'] {
  const users: Kcp['users'] = {};
  for (const [name, token] of Object.entries(tokens)) {
    const credentials: Credentials = { server: `${url}/clusters/root`, token };
    if (ca) credentials.ca = ca;
    if (insecure) credentials.insecure = true;
    users[name] = {
      credentials,
      kubeconfig: writeKubeconfig(join(dir, `kcp-${name}.kubeconfig`), name, credentials),
    };
  }
  return users;
}

/** kcpAdminFile is where kcp writes its admin kubeconfig (with a new token on every start). */
export function kcpAdminFile(dir: string): string {
  return join(dir, 'kcp', 'admin.kubeconfig');
}

/** kcpAdminKubeconfig is the stack's kubeconfig of kcp-admin, pointed at the root workspace. */
export function kcpAdminKubeconfig(dir: string): string {
  return join(dir, 'kcp-admin.kubeconfig');
}

/**
 * kcpServing waits until the kcp at url, started by process with its state under dir, serves its
 * root workspace's workspaces to the admin kubeconfig it writes, and returns that admin's
 * credentials (pointed at root), also written as the stack's kcp-admin kubeconfig. kcp writes a
 * new kcp-admin token on every start, over the file of an earlier start (whose shard-admin token
 * it reads back, so the file must stay): the file is read again until its token is let in.
 */
export async function kcpServing(dir: string, url: string, process: PeerProcess): Promise<Credentials> {
  const adminFile = kcpAdminFile(dir);
  let admin: Credentials | undefined;
  await waitUntil(
    'kcp',
    `the root workspace to serve workspaces to the admin of ${adminFile}`,
    async () => {
      if (!existsSync(adminFile)) return false;
      const candidate: Credentials = {
        ...credentialsFromKubeconfig(adminFile),
        server: `${url}/clusters/root`,
      };
      const auth = { authorization: `Bearer ${candidate.token}` };
      if (!(await httpOk(`${url}/clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces`, auth)()))
        return false;
      admin = candidate;
      return true;
    },
    { timeoutMs: 180_000, process },
  );
  if (!admin) throw new Error(`kcp: no admin credentials in ${adminFile}`);
  writeKubeconfig(kcpAdminKubeconfig(dir), 'kcp-admin', admin);
  return admin;
}
