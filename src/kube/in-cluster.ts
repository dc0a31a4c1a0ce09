/**
 * Credentials of a process running in a Pod: the API server the kubelet names in the environment,
 * the cluster's CA and the Pod's ServiceAccount token, mounted where a kubelet mounts them. The token
 * is a file and not a string: kubelets rotate bound tokens (about hourly), so it is read again as it
 * changes (see bearerToken).
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Credentials } from './credentials.js';

/** Where a kubelet mounts a Pod's ServiceAccount token, CA and namespace. */
export const serviceAccountDir = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * inClusterCredentials returns the credentials of the Pod this process runs in, or throws saying
 * what is missing (outside a cluster: give a kubeconfig instead).
 */
export function inClusterCredentials(
  env: NodeJS.ProcessEnv = process.env,
  dir = serviceAccountDir,
): Credentials {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) {
    throw new Error(
      'cannot use in-cluster credentials: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set (not in a Pod?); give a kubeconfig',
    );
  }
  const tokenFile = join(dir, 'token');
  let ca: string;
  try {
    statSync(tokenFile);
    ca = readFileSync(join(dir, 'ca.crt'), 'utf8');
  } catch (cause) {
    throw new Error(`cannot use in-cluster credentials: ${(cause as Error).message}`, { cause });
  }
  const server = host.includes(':') ? `https://[${host}]:${port}` : `https://${host}:${port}`;
  return { server, ca, tokenFile };
}

/** inClusterNamespace returns the namespace of the Pod this process runs in, when it runs in one. */
export function inClusterNamespace(dir = serviceAccountDir): string | undefined {
  try {
    return readFileSync(join(dir, 'namespace'), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** How long a token read from a file is used before the file is read again. */
const tokenTtlMs = 60_000;
const tokens = new Map<string, { token: string; read: number }>();

/**
 * bearerToken returns the token credentials authenticate with: their token, or their token file's
 * content, read again at most a minute after the last read (a rotated token is picked up in time:
 * kubelets refresh a token well before it expires).
 */
export function bearerToken(c: Credentials, now = Date.now()): string | undefined {
  if (c.token) return c.token;
  if (!c.tokenFile) return undefined;
  const cached = tokens.get(c.tokenFile);
  if (cached && now - cached.read < tokenTtlMs) return cached.token;
  try {
    const token = readFileSync(c.tokenFile, 'utf8').trim();
    tokens.set(c.tokenFile, { token, read: now });
    return token;
  } catch (cause) {
    if (cached) return cached.token; // a rotation in progress: keep the last one
    throw new Error(`cannot read the token file ${c.tokenFile}: ${(cause as Error).message}`, { cause });
  }
}
