import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Credentials, credentialsFromKubeconfig } from '../kube/credentials.js';
import { writeKubeconfig } from './kubeconfig.js';
import { peerBinary } from './peers.js';
import { freePorts } from './ports.js';
import { PeerProcess } from './process.js';
import { httpOk, waitUntil } from './ready.js';

export interface Kcp {
  process: PeerProcess;
  /** Base URL of the kcp server (append /clusters/<workspace>). */
  url: string;
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
  const tokens = Object.fromEntries(userNames.map((u) => [u, randomBytes(24).toString('hex')]));
  const tokenFile = join(home, 'tokens.csv');
  writeFileSync(tokenFile, userNames.map((u) => `${tokens[u]},${u},${u},kxp:tenants\n`).join(''), {
    mode: 0o600,
  });

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
  const users: Kcp['users'] = {};
  for (const name of userNames) {
    const credentials: Credentials = { server: `${url}/clusters/root`, token: tokens[name]! };
    if (admin.ca) credentials.ca = admin.ca;
    if (admin.insecure) credentials.insecure = true;
    users[name] = {
      credentials,
      kubeconfig: writeKubeconfig(join(dir, `kcp-${name}.kubeconfig`), name, credentials),
    };
  }
  return { process, url, admin, kubeconfig, users };
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
