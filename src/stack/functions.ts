import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { resourcePath, secrets } from '../kube/paths.js';
import type { KubeObject, RestClient } from '../kube/rest.js';
import { hostArchitecture } from '../runtime/image.js';
import { issueServerCertificate } from './certs.js';
import { crossplaneNamespace, rootCaSecret } from './crossplane.js';
import { kxpCommand } from './kxp.js';

const run = promisify(execFile);

export const functionsRef = { group: 'pkg.crossplane.io', version: 'v1', resource: 'functions' };
export const functionRevisionsRef = {
  group: 'pkg.crossplane.io',
  version: 'v1',
  resource: 'functionrevisions',
};

/** A function server's certificate and key, and the CA that signed it (ca.crt), as PEM. */
export interface FunctionServerCertificate {
  cert: string;
  key: string;
  ca: string;
}

/**
 * functionServerCertificate returns a certificate for localhost and 127.0.0.1 signed by
 * Crossplane's root CA, which also signed the client certificate Crossplane presents (so the CA
 * verifies it): what Crossplane's Deployment runtime puts in a function's TLS server Secret.
 */
export async function functionServerCertificate(service: RestClient): Promise<FunctionServerCertificate> {
  const secret = await service.get<{ data: Record<string, string> }>(
    resourcePath(secrets, crossplaneNamespace, rootCaSecret),
  );
  const pem = (k: string) => Buffer.from(secret.data[k] ?? '', 'base64').toString('utf8');
  const ca = { cert: pem('tls.crt'), key: pem('tls.key') };
  if (!ca.cert || !ca.key)
    throw new Error(`secret ${crossplaneNamespace}/${rootCaSecret} has no tls.crt and tls.key`);
  const server = await issueServerCertificate(ca, ['localhost', '127.0.0.1']);
  return { cert: server.cert, key: server.key, ca: ca.cert };
}

/** writeServerCertificate writes tls.crt, tls.key and ca.crt into dir, as a Secret volume holds them. */
export function writeServerCertificate(dir: string, c: FunctionServerCertificate): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'tls.crt'), c.cert);
  writeFileSync(join(dir, 'tls.key'), c.key, { mode: 0o600 });
  writeFileSync(join(dir, 'ca.crt'), c.ca);
  return dir;
}

/** functionServerCerts writes a function server's certificate files (functionServerCertificate) into dir. */
export async function functionServerCerts(service: RestClient, dir: string): Promise<string> {
  return writeServerCertificate(dir, await functionServerCertificate(service));
}

/**
 * registerLocalFunction makes Crossplane call a function served by the local platform. With the
 * External package runtime nothing deploys functions, and without a registry nothing can pull a
 * package, so the platform plays the package manager's part: a Function and its active
 * FunctionRevision, both paused (the package manager leaves them alone), whose status carries the
 * endpoint Crossplane dials with mutual TLS and the `composition` capability it checks.
 */
export async function registerLocalFunction(
  service: RestClient,
  name: string,
  endpoint: string,
): Promise<void> {
  const paused = { 'crossplane.io/paused': 'true' };
  const fn: KubeObject = await service.ensure(resourcePath(functionsRef), {
    apiVersion: 'pkg.crossplane.io/v1',
    kind: 'Function',
    metadata: { name, annotations: paused },
    spec: { package: `kxp.local/functions/${name}:local` },
  });
  const revision = `${name}-local`;
  await service.ensure(resourcePath(functionRevisionsRef), {
    apiVersion: 'pkg.crossplane.io/v1',
    kind: 'FunctionRevision',
    metadata: {
      name: revision,
      annotations: paused,
      labels: { 'pkg.crossplane.io/package': name },
      ownerReferences: [
        {
          apiVersion: 'pkg.crossplane.io/v1',
          kind: 'Function',
          name,
          uid: fn.metadata?.uid,
          controller: true,
        },
      ],
    },
    spec: { desiredState: 'Active', image: `kxp.local/functions/${name}:local`, revision: 1 },
  });
  await service.mergePatch(`${resourcePath(functionRevisionsRef, undefined, revision)}/status`, {
    status: { endpoint, capabilities: ['composition', 'operation'] },
  });
}

/** A Function's conditions, as far as installing it needs them. */
interface FunctionStatus extends KubeObject {
  status?: {
    currentRevision?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}

/**
 * installFunction creates the Function `name` that installs the package image (or points it at a
 * new one), as a user installs a function: Crossplane's package manager fetches and revisions it.
 */
export async function installFunction(service: RestClient, name: string, image: string): Promise<void> {
  const fn = await service.ensure(resourcePath(functionsRef), {
    apiVersion: 'pkg.crossplane.io/v1',
    kind: 'Function',
    metadata: { name },
    spec: { package: image },
  });
  if ((fn as { spec?: { package?: string } }).spec?.package !== image) {
    await service.mergePatch(resourcePath(functionsRef, undefined, name), { spec: { package: image } });
  }
}

/**
 * functionHealthy waits until the Function `name` is Installed and Healthy on a revision of image,
 * and returns its current revision's name; it fails with the Function's conditions.
 */
export async function functionHealthy(
  service: RestClient,
  name: string,
  image: string,
  timeoutMs = 120_000,
): Promise<string> {
  let fn: FunctionStatus | undefined;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    fn = await service.get<FunctionStatus>(resourcePath(functionsRef, undefined, name));
    const is = (type: string) => fn?.status?.conditions?.some((c) => c.type === type && c.status === 'True');
    const revision = fn.status?.currentRevision;
    if (is('Installed') && is('Healthy') && revision) {
      const rev = await service.get<KubeObject & { spec?: { image?: string } }>(
        resourcePath(functionRevisionsRef, undefined, revision),
      );
      if (rev.spec?.image === image) return revision;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const conditions = (fn?.status?.conditions ?? [])
    .map((c) => `${c.type}=${c.status} ${c.reason ?? ''} ${c.message ?? ''}`.trim())
    .join('; ');
  throw new Error(
    `function ${name} did not become Installed and Healthy on ${image}: ${conditions || 'no conditions'}`,
  );
}

/**
 * publishFunction builds the function project in dir for this machine's architecture and pushes it
 * to registry as repository:tag, with the kxp CLI as a user would (`kxp package build`, `kxp
 * package push`), and returns the image reference.
 */
export async function publishFunction(
  dir: string,
  registry: string,
  repository: string,
  tag: string,
  workDir: string,
): Promise<string> {
  const out = mkdtempSync(join(workDir, 'package-'));
  const image = `${registry}/${repository}:${tag}`;
  await kxp(['package', 'build', dir, '--arch', hostArchitecture(), '--output', out]);
  await kxp(['package', 'push', out, image]);
  return image;
}

/** kxp runs the kxp CLI with args, and throws with its output when it fails. */
async function kxp(args: string[]): Promise<void> {
  try {
    await run(process.execPath, [...kxpCommand(), ...args], { timeout: 600_000, maxBuffer: 16 << 20 });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`kxp ${args.join(' ')} failed: ${e.stderr || e.stdout || e.message}`.trim(), {
      cause: err,
    });
  }
}
