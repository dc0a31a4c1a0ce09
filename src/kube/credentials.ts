/**
 * Credentials from kubeconfig files. kxp reads the few fields it uses itself (server, CA, token,
 * client certificate) rather than through @kubernetes/client-node's KubeConfig: importing that
 * package costs a long-running process such as the bridge about 70 MiB of memory.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import { parse } from 'yaml';

/** How to reach and authenticate to one API server. */
export interface Credentials {
  /** Base URL, e.g. https://127.0.0.1:6443 or, for kcp, https://127.0.0.1:6443/clusters/root. */
  server: string;
  /** PEM bundle of the CA that signed the server's certificate; absent with insecure. */
  ca?: string;
  insecure?: boolean;
  token?: string;
  /** tokenFile holds the token, read again as it rotates (a Pod's ServiceAccount token); token wins. */
  tokenFile?: string;
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
  if (!path) return undefined;
  try {
    return readFileSync(resolve(dir, path), 'utf8');
  } catch (cause) {
    throw new Error(`cannot read ${resolve(dir, path)}: ${(cause as Error).message}`, { cause });
  }
}

/** readConfig returns the kubeconfig file parsed, or throws naming the file and what is wrong. */
function readConfig(file: string): Fields {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new Error(`cannot load kubeconfig ${file}: ${(cause as Error).message}`, { cause });
  }
  return parseConfig(text, file);
}

/** parseConfig returns a kubeconfig's text parsed, or throws naming file (where it came from). */
function parseConfig(text: string, file: string): Fields {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (cause) {
    throw new Error(`cannot load kubeconfig ${file}: ${(cause as Error).message}`, { cause });
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new Error(
      `cannot load kubeconfig ${file}: not a kubeconfig (a YAML mapping of clusters, users and contexts)`,
    );
  return doc as Fields;
}

const certificates = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** caProblem returns what is wrong with a CA bundle, or undefined when each certificate in it parses. */
function caProblem(ca: string): string | undefined {
  const blocks = ca.match(certificates) ?? [];
  if (blocks.length === 0) return 'its certificate authority holds no PEM certificate';
  for (const b of blocks) {
    try {
      new X509Certificate(b);
    } catch (cause) {
      return `its certificate authority holds a certificate that does not parse: ${(cause as Error).message}`;
    }
  }
  return undefined;
}

/** serverProblem returns what is wrong with a server URL, or undefined when it is an http(s) URL. */
function serverProblem(server: string): string | undefined {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return `server ${JSON.stringify(server)} is not a URL`;
  }
  return url.protocol === 'https:' || url.protocol === 'http:'
    ? undefined
    : `server ${server} is not an https:// URL`;
}

/**
 * checkCredentials throws, naming the kubeconfig, when credentials cannot work: a server that is no
 * http(s) URL, a CA bundle without a readable certificate, a client certificate or key that does not
 * parse or that do not belong together. Found at start, not as a failure of every request after.
 */
export function checkCredentials(file: string, c: Credentials): void {
  const problem = serverProblem(c.server) ?? (c.ca === undefined ? undefined : caProblem(c.ca));
  if (problem) throw new Error(`kubeconfig ${file}: ${problem}`);
  if (c.cert === undefined && c.key === undefined) return;
  try {
    createSecureContext({ cert: c.cert, key: c.key });
  } catch (cause) {
    throw new Error(
      `kubeconfig ${file}: its client certificate and key cannot be used together: ${(cause as Error).message}`,
      { cause },
    );
  }
}

/**
 * credentialsFromKubeconfig returns the credentials of a kubeconfig file's current (or named) context,
 * checked (see checkCredentials); anything missing or malformed throws an error naming the file.
 */
export function credentialsFromKubeconfig(file: string, context?: string): Credentials {
  return credentialsFromConfig(readConfig(file), file, dirname(resolve(file)), context);
}

/**
 * credentialsFromKubeconfigText returns the credentials of a kubeconfig given as text (pasted into a
 * form), named source in errors. Relative file references resolve against dir; a caller that must
 * not read local files (the catalog) refuses them first (see kubeconfigFileReferences).
 */
export function credentialsFromKubeconfigText(text: string, source: string, dir: string): Credentials {
  return credentialsFromConfig(parseConfig(text, source), source, dir);
}

/** kubeconfigFileReferences returns the fields of a kubeconfig's text that name local files or programs. */
export function kubeconfigFileReferences(text: string): string[] {
  const config = parseConfig(text, 'kubeconfig');
  const sections = [config.clusters, config.users]
    .filter(Array.isArray)
    .flatMap((list) => (list as Named[]).flatMap((item) => [item?.cluster, item?.user]))
    .filter((s): s is Fields => typeof s === 'object' && s !== null);
  const fileFields = [
    'certificate-authority',
    'client-certificate',
    'client-key',
    'tokenFile',
    'exec',
    'auth-provider',
  ];
  return fileFields.filter((f) => sections.some((s) => s[f] !== undefined));
}

function credentialsFromConfig(config: Fields, file: string, dir: string, context?: string): Credentials {
  const contextName = context ?? text(config['current-context']);
  if (!contextName) throw new Error(`kubeconfig ${file} has no current context`);
  const ctx = entry(config.contexts, contextName, 'context');
  if (!ctx) throw new Error(`kubeconfig ${file} has no context ${contextName}`);
  const cluster = entry(config.clusters, text(ctx.cluster) ?? '', 'cluster');
  const server = text(cluster?.server);
  if (!cluster || !server) throw new Error(`kubeconfig ${file} has no current cluster`);
  const creds: Credentials = { server, insecure: cluster['insecure-skip-tls-verify'] === true };
  try {
    const ca = pem(dir, cluster['certificate-authority-data'], cluster['certificate-authority']);
    if (ca) creds.ca = ca;
  } catch (cause) {
    throw new Error(`kubeconfig ${file}: ${(cause as Error).message}`, { cause });
  }
  const out = { ...creds, ...userCredentials(file, dir, config, text(ctx.user) ?? '') };
  checkCredentials(file, out);
  return out;
}

/** userCredentials returns the token or client certificate of a kubeconfig's user. */
function userCredentials(file: string, dir: string, config: Fields, name: string): Partial<Credentials> {
  const user = entry(config.users, name, 'user') ?? {};
  if (user.exec || user['auth-provider'])
    throw new Error(
      `kubeconfig ${file}: user ${name} uses an exec plugin or auth provider, which kxp does not support; use a token or a client certificate`,
    );
  const creds: Partial<Credentials> = {};
  try {
    const tokenFile = text(user.tokenFile);
    const token = text(user.token);
    if (token) creds.token = token;
    else if (tokenFile) {
      // Kept as a file, read again as it rotates; read once now so a missing one fails at start.
      creds.tokenFile = resolve(dir, tokenFile);
      readFileSync(creds.tokenFile, 'utf8');
    }
    const cert = pem(dir, user['client-certificate-data'], user['client-certificate']);
    const key = pem(dir, user['client-key-data'], user['client-key']);
    if (cert && key) Object.assign(creds, { cert, key });
    else if (cert || key)
      throw new Error(
        `user ${name} has a client ${cert ? 'certificate without its key' : 'key without its certificate'}`,
      );
  } catch (cause) {
    throw new Error(`kubeconfig ${file}: ${(cause as Error).message}`, { cause });
  }
  return creds;
}

/**
 * defaultKubeconfig returns the kubeconfig kubectl would use: the first file in KUBECONFIG, else
 * ~/.kube/config when it exists, else undefined.
 */
export function defaultKubeconfig(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const first = env.KUBECONFIG?.split(':').find((f) => f !== '');
  if (first) return first;
  const home = join(env.HOME || homedir(), '.kube', 'config');
  return existsSync(home) ? home : undefined;
}
