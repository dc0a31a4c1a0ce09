import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

// Credentials for a registry, found the way `docker login` stores them: in the Docker config
// file's `auths`, or through a credential helper (`credHelpers` per registry, `credsStore` for all).

/** What a registry may be authenticated with; which one is used depends on its challenge. */
export interface Credentials {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token, exchanged at a Bearer realm for access tokens (`identitytoken`). */
  identityToken?: string;
  /** A bearer token sent to the registry as is (`registrytoken`). */
  registryToken?: string;
}

/** The key Docker uses for Docker Hub in config files and credential helpers. */
export const dockerHubAuthKey = 'https://index.docker.io/v1/';

interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
  registrytoken?: string;
}

interface DockerConfig {
  auths?: Record<string, AuthEntry>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** dockerConfigPath returns the Docker config file: `$DOCKER_CONFIG/config.json` or `~/.docker/config.json`. */
export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
  return join(dir, 'config.json');
}

/**
 * credentialsFor returns the credentials the Docker config holds for a registry (`localhost:5000`,
 * `ghcr.io`, `docker.io`), asking a credential helper when the config names one, or undefined
 * when there is no config or nothing for this registry. It throws when the config cannot be
 * parsed or a helper fails for another reason than not knowing the registry.
 */
export async function credentialsFor(
  registry: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Credentials | undefined> {
  const file = dockerConfigPath(env);
  const config = await readConfig(file);
  if (!config) return undefined;
  const key = authKey(registry);
  const helpers = config.credHelpers ?? {};
  const helper = helpers[key] ?? helpers[hostOfKey(key)] ?? helpers[registry] ?? config.credsStore;
  if (helper) {
    const fromHelper = await askHelper(helper, key, env);
    if (fromHelper) return fromHelper;
  }
  return fromEntry(findEntry(config.auths ?? {}, key), registry, file);
}

async function readConfig(file: string): Promise<DockerConfig | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read Docker config ${file}: ${(err as Error).message}`, { cause: err });
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as DockerConfig;
  } catch (err) {
    throw new Error(`cannot parse Docker config ${file}: ${(err as Error).message}`, { cause: err });
  }
}

/** authKey returns the key a registry has in Docker's config and helpers (Docker Hub's is a URL). */
export function authKey(registry: string): string {
  return ['docker.io', 'index.docker.io', 'registry-1.docker.io'].includes(registry)
    ? dockerHubAuthKey
    : registry;
}

/** hostOfKey returns the registry host of a config key: `https://host/v1/` and `host` both give `host`. */
function hostOfKey(key: string): string {
  return key.replace(/^https?:\/\//, '').split('/')[0] ?? key;
}

function findEntry(auths: Record<string, AuthEntry>, key: string): AuthEntry | undefined {
  if (auths[key]) return auths[key];
  const host = hostOfKey(key);
  const match = Object.keys(auths).find((k) => hostOfKey(k) === host);
  return match === undefined ? undefined : auths[match];
}

function fromEntry(entry: AuthEntry | undefined, registry: string, file: string): Credentials | undefined {
  if (!entry) return undefined;
  const creds: Credentials = {};
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new Error(
        `cannot read credentials for ${registry} in ${file}: "auth" is not base64 of user:password`,
      );
    }
    creds.username = decoded.slice(0, colon);
    creds.password = decoded.slice(colon + 1);
  }
  if (entry.username) creds.username = entry.username;
  if (entry.password) creds.password = entry.password;
  if (entry.identitytoken) creds.identityToken = entry.identitytoken;
  if (entry.registrytoken) creds.registryToken = entry.registrytoken;
  if (creds.username === '<token>') {
    // Docker's marker for "the secret is an identity token", not a user.
    delete creds.username;
    delete creds.password;
  }
  return Object.keys(creds).length ? creds : undefined;
}

/**
 * askHelper runs `docker-credential-<helper> get` with the registry key on stdin, and returns its
 * credentials (a `<token>` user means an identity token), or undefined when it knows none.
 */
async function askHelper(
  helper: string,
  key: string,
  env: NodeJS.ProcessEnv,
): Promise<Credentials | undefined> {
  const command = `docker-credential-${helper}`;
  const { code, stdout, stderr } = await run(command, ['get'], key, env).catch((err: unknown) => {
    const why =
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'it is not on PATH' : (err as Error).message;
    throw new Error(`cannot get credentials for ${key} from ${command}: ${why}`, { cause: err });
  });
  const output = `${stdout}${stderr}`.trim();
  if (code !== 0) {
    if (/credentials not found/i.test(output)) return undefined;
    throw new Error(
      `cannot get credentials for ${key} from ${command}: exit ${code}: ${output.slice(0, 300)}`,
    );
  }
  let answer: { Username?: string; Secret?: string };
  try {
    answer = JSON.parse(stdout) as typeof answer;
  } catch (err) {
    throw new Error(`cannot get credentials for ${key} from ${command}: its answer is not JSON`, {
      cause: err,
    });
  }
  if (!answer.Secret) return undefined;
  if (answer.Username === '<token>') return { identityToken: answer.Secret };
  return { username: answer.Username ?? '', password: answer.Secret };
}

function run(
  command: string,
  args: string[],
  input: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    // A helper waiting for a locked keychain's password must not hang kxp.
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000).unref();
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/** basicAuthorization returns the `Authorization: Basic ...` value for a username and password. */
export function basicAuthorization(creds: Credentials): string | undefined {
  if (!creds.username && !creds.password) return undefined;
  return `Basic ${Buffer.from(`${creds.username ?? ''}:${creds.password ?? ''}`).toString('base64')}`;
}
