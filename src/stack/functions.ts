import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resourcePath, secrets } from '../kube/paths.js';
import type { KubeObject, RestClient } from '../kube/rest.js';
import { issueServerCertificate } from './certs.js';
import { crossplaneNamespace, rootCaSecret } from './crossplane.js';

export const functionsRef = { group: 'pkg.crossplane.io', version: 'v1', resource: 'functions' };
export const functionRevisionsRef = {
  group: 'pkg.crossplane.io',
  version: 'v1',
  resource: 'functionrevisions',
};

/**
 * functionServerCerts writes tls.crt, tls.key and ca.crt into dir for a function server that
 * Crossplane will dial: a certificate for localhost and 127.0.0.1 signed by Crossplane's root CA,
 * which also signed the client certificate Crossplane presents (so ca.crt verifies it).
 */
export async function functionServerCerts(service: RestClient, dir: string): Promise<string> {
  const secret = await service.get<{ data: Record<string, string> }>(
    resourcePath(secrets, crossplaneNamespace, rootCaSecret),
  );
  const pem = (k: string) => Buffer.from(secret.data[k] ?? '', 'base64').toString('utf8');
  const ca = { cert: pem('tls.crt'), key: pem('tls.key') };
  if (!ca.cert || !ca.key)
    throw new Error(`secret ${crossplaneNamespace}/${rootCaSecret} has no tls.crt and tls.key`);
  const server = await issueServerCertificate(ca, ['localhost', '127.0.0.1']);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'tls.crt'), server.cert);
  writeFileSync(join(dir, 'tls.key'), server.key, { mode: 0o600 });
  writeFileSync(join(dir, 'ca.crt'), ca.cert);
  return dir;
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
