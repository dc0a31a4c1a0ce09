import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Credentials } from '../kube/credentials.js';
import { writeKubeconfig } from './kubeconfig.js';
import { peerBinary } from './peers.js';
import { freePorts } from './ports.js';
import { PeerProcess } from './process.js';
import { httpOk, waitUntil } from './ready.js';

/** The Kubernetes cluster that Crossplane runs against: kube-apiserver and kube-controller-manager. */
export interface ServiceCluster {
  apiserver: PeerProcess;
  controllerManager?: PeerProcess;
  url: string;
  credentials: Credentials;
  /** Admin kubeconfig (system:masters). */
  kubeconfig: string;
}

/** startServiceApiserver starts kube-apiserver on a free loopback port against etcd. */
export async function startServiceApiserver(
  dir: string,
  etcdUrl: string,
  detach: boolean,
): Promise<ServiceCluster> {
  const home = join(dir, 'service');
  mkdirSync(join(home, 'certs'), { recursive: true });
  const [port] = await freePorts(1);
  const token = randomBytes(24).toString('hex');
  writeFileSync(join(home, 'tokens.csv'), `${token},admin,admin,system:masters\n`, { mode: 0o600 });
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(join(home, 'sa.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(join(home, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));

  const apiserver = PeerProcess.start(
    'kube-apiserver',
    peerBinary('kubernetes', 'kube-apiserver'),
    [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${port}`,
      `--cert-dir=${join(home, 'certs')}`,
      '--endpoint-reconciler-type=none',
      '--service-cluster-ip-range=10.0.0.0/24',
      '--service-account-issuer=https://kubernetes.default.svc',
      `--service-account-key-file=${join(home, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(home, 'sa.key')}`,
      `--token-auth-file=${join(home, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      '--disable-admission-plugins=ServiceAccount',
      '--allow-privileged=true',
      '--profiling=false',
      '--v=1',
    ],
    { dir, detach },
  );
  const url = `https://127.0.0.1:${port}`;
  await waitUntil(
    'kube-apiserver',
    `${url}/readyz`,
    httpOk(`${url}/readyz`, { authorization: `Bearer ${token}` }),
    {
      timeoutMs: 90_000,
      process: apiserver,
    },
  );
  // kube-apiserver generated a self-signed serving certificate and its CA into cert-dir.
  const credentials: Credentials = {
    server: url,
    token,
    ca: readFileSync(join(home, 'certs', 'apiserver.crt'), 'utf8'),
  };
  const kubeconfig = writeKubeconfig(join(dir, 'service.kubeconfig'), 'service', credentials);
  return { apiserver, url, credentials, kubeconfig };
}

/**
 * startControllerManager runs only the controllers Crossplane's deletions rely on: garbage
 * collection (foreground deletion of composed resources), namespace deletion, service accounts.
 */
export async function startControllerManager(
  dir: string,
  cluster: ServiceCluster,
  detach: boolean,
): Promise<PeerProcess> {
  const [port] = await freePorts(1);
  const kcm = PeerProcess.start(
    'kube-controller-manager',
    peerBinary('kubernetes', 'kube-controller-manager'),
    [
      `--kubeconfig=${cluster.kubeconfig}`,
      `--authentication-kubeconfig=${cluster.kubeconfig}`,
      `--authorization-kubeconfig=${cluster.kubeconfig}`,
      '--controllers=garbage-collector-controller,namespace-controller,serviceaccount-controller',
      '--leader-elect=false',
      '--bind-address=127.0.0.1',
      `--secure-port=${port}`,
      '--use-service-account-credentials=false',
      '--v=1',
    ],
    { dir, detach },
  );
  await waitUntil('kube-controller-manager', 'its /healthz', httpOk(`https://127.0.0.1:${port}/healthz`), {
    timeoutMs: 60_000,
    process: kcm,
  });
  return kcm;
}
