/**
 * ServiceAccount tokens of the local platform's service cluster, from the TokenRequest API (the
 * stack's kube-apiserver signs them with its service-account key), as a kubelet would mount one.
 */
import type { Credentials } from '../kube/credentials.js';
import type { RestClient } from '../kube/rest.js';
import { writeKubeconfig } from './kubeconfig.js';

interface TokenRequest {
  status?: { token?: string; expirationTimestamp?: string };
}

/** tokenLifetimeSeconds is how long tokens last: a year, since `make up` leaves the platform running. */
export const tokenLifetimeSeconds = 365 * 24 * 3600;

/** serviceAccountToken returns a new token of the ServiceAccount namespace/name, asked for as admin. */
export async function serviceAccountToken(
  admin: RestClient,
  namespace: string,
  name: string,
  seconds = tokenLifetimeSeconds,
): Promise<string> {
  const path = `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`;
  let answer: TokenRequest;
  try {
    answer = await admin.request<TokenRequest>('POST', path, {
      body: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: seconds },
      },
    });
  } catch (cause) {
    throw new Error(`cannot request a token of ServiceAccount ${namespace}/${name}`, { cause });
  }
  const token = answer.status?.token;
  if (!token) throw new Error(`cannot request a token of ServiceAccount ${namespace}/${name}: none returned`);
  return token;
}

/**
 * serviceAccountKubeconfig writes to file a kubeconfig of the service cluster (admin's server and CA)
 * acting as the ServiceAccount namespace/name, and returns file.
 */
export async function serviceAccountKubeconfig(
  admin: RestClient,
  namespace: string,
  name: string,
  file: string,
): Promise<string> {
  const token = await serviceAccountToken(admin, namespace, name);
  const { server, ca, insecure } = admin.credentials;
  const creds: Credentials = { server, token };
  if (ca) creds.ca = ca;
  if (insecure) creds.insecure = true;
  return writeKubeconfig(file, `${namespace}-${name}`, creds);
}
