import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { Credentials } from '../kube/credentials.js';

/** writeKubeconfig writes a kubeconfig with one context named `name` for these credentials. */
export function writeKubeconfig(file: string, name: string, c: Credentials): string {
  const cluster: Record<string, unknown> = { server: c.server };
  if (c.ca) cluster['certificate-authority-data'] = Buffer.from(c.ca).toString('base64');
  if (c.insecure) cluster['insecure-skip-tls-verify'] = true;
  const user: Record<string, unknown> = {};
  if (c.token) user.token = c.token;
  if (c.cert) user['client-certificate-data'] = Buffer.from(c.cert).toString('base64');
  if (c.key) user['client-key-data'] = Buffer.from(c.key).toString('base64');
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
    users: [{ name, user }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    'current-context': name,
  };
  writeFileSync(file, stringify(doc), { mode: 0o600 });
  return file;
}
