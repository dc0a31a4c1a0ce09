import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';

/** How to reach and authenticate to one API server. */
export interface Credentials {
  /** Base URL, e.g. https://127.0.0.1:6443 or, for kcp, https://127.0.0.1:6443/clusters/root. */
  server: string;
  /** PEM bundle of the CA that signed the server's certificate; absent with insecure. */
  ca?: string;
  insecure?: boolean;
  token?: string;
  /** PEM client certificate and key, for mutual TLS. */
  cert?: string;
  key?: string;
}

function pem(data?: string, file?: string): string | undefined {
  if (data) return Buffer.from(data, 'base64').toString('utf8');
  if (file) return readFileSync(file, 'utf8');
  return undefined;
}

/** credentialsFromKubeconfig returns the credentials of a kubeconfig file's current (or named) context. */
export function credentialsFromKubeconfig(file: string, context?: string): Credentials {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(file);
  } catch (cause) {
    throw new Error(`cannot load kubeconfig ${file}`, { cause });
  }
  if (context) kc.setCurrentContext(context);
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  if (!cluster) throw new Error(`kubeconfig ${file} has no current cluster`);
  const creds: Credentials = { server: cluster.server, insecure: cluster.skipTLSVerify };
  const ca = pem(cluster.caData, cluster.caFile);
  if (ca) creds.ca = ca;
  if (user?.token) creds.token = user.token;
  const cert = pem(user?.certData, user?.certFile);
  const key = pem(user?.keyData, user?.keyFile);
  if (cert && key) Object.assign(creds, { cert, key });
  return creds;
}
