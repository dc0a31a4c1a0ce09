/**
 * Credentials from kubeconfig files. kxp reads the few fields it uses itself (server, CA, token,
 * client certificate) rather than through @kubernetes/client-node's KubeConfig: importing that
 * package costs a long-running process such as the bridge about 70 MiB of memory.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';

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

type Fields = Record<string, unknown>;
interface Named {
  name?: string;
  [entry: string]: unknown;
}

/** entry returns the field of the named item of a kubeconfig list (clusters, users, contexts). */
function entry(list: unknown, name: string, field: string): Fields | undefined {
  if (!Array.isArray(list)) return undefined;
  const item = (list as Named[]).find((i) => i?.name === name)?.[field];
  return item && typeof item === 'object' ? (item as Fields) : undefined;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** pem returns inline base64 data decoded, or a file's contents (relative to the kubeconfig's folder). */
function pem(dir: string, data: unknown, file: unknown): string | undefined {
  const inline = text(data);
  if (inline) return Buffer.from(inline, 'base64').toString('utf8');
  const path = text(file);
  return path ? readFileSync(resolve(dir, path), 'utf8') : undefined;
}

/** credentialsFromKubeconfig returns the credentials of a kubeconfig file's current (or named) context. */
export function credentialsFromKubeconfig(file: string, context?: string): Credentials {
  let config: Fields;
  try {
    config = (parse(readFileSync(file, 'utf8')) ?? {}) as Fields;
  } catch (cause) {
    throw new Error(`cannot load kubeconfig ${file}`, { cause });
  }
  const contextName = context ?? text(config['current-context']);
  if (!contextName) throw new Error(`kubeconfig ${file} has no current context`);
  const ctx = entry(config.contexts, contextName, 'context');
  if (!ctx) throw new Error(`kubeconfig ${file} has no context ${contextName}`);
  const cluster = entry(config.clusters, text(ctx.cluster) ?? '', 'cluster');
  const server = text(cluster?.server);
  if (!cluster || !server) throw new Error(`kubeconfig ${file} has no current cluster`);
  const creds: Credentials = { server, insecure: cluster['insecure-skip-tls-verify'] === true };
  const dir = dirname(resolve(file));
  const ca = pem(dir, cluster['certificate-authority-data'], cluster['certificate-authority']);
  if (ca) creds.ca = ca;
  return { ...creds, ...userCredentials(file, dir, config, text(ctx.user) ?? '') };
}

/** userCredentials returns the token or client certificate of a kubeconfig's user. */
function userCredentials(file: string, dir: string, config: Fields, name: string): Partial<Credentials> {
  const user = entry(config.users, name, 'user') ?? {};
  if (user.exec || user['auth-provider'])
    throw new Error(
      `kubeconfig ${file}: user ${name} uses an exec plugin or auth provider, which kxp does not support; use a token or a client certificate`,
    );
  const creds: Partial<Credentials> = {};
  const tokenFile = text(user.tokenFile);
  const token =
    text(user.token) ?? (tokenFile ? readFileSync(resolve(dir, tokenFile), 'utf8').trim() : undefined);
  if (token) creds.token = token;
  const cert = pem(dir, user['client-certificate-data'], user['client-certificate']);
  const key = pem(dir, user['client-key-data'], user['client-key']);
  if (cert && key) Object.assign(creds, { cert, key });
  return creds;
}
