import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { credentialsFromKubeconfig } from './credentials.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const dir = mkdtempSync(join(tmpdir(), 'kxp-kubeconfig-'));
writeFileSync(join(dir, 'ca.crt'), 'CA FILE');
writeFileSync(join(dir, 'client.crt'), 'CERT FILE');
writeFileSync(join(dir, 'client.key'), 'KEY FILE');

function kubeconfig(name: string, config: object): string {
  const file = join(dir, name);
  writeFileSync(file, stringify(config));
  return file;
}

const twoContexts = kubeconfig('two.yaml', {
  apiVersion: 'v1',
  kind: 'Config',
  'current-context': 'admin',
  clusters: [
    {
      name: 'kcp',
      cluster: {
        server: 'https://127.0.0.1:6443/clusters/root',
        'certificate-authority-data': b64('CA DATA'),
      },
    },
    { name: 'service', cluster: { server: 'https://127.0.0.1:7443', 'certificate-authority': 'ca.crt' } },
    { name: 'lab', cluster: { server: 'https://10.0.0.1', 'insecure-skip-tls-verify': true } },
  ],
  users: [
    { name: 'admin', user: { token: 'sekret' } },
    { name: 'files', user: { 'client-certificate': 'client.crt', 'client-key': 'client.key' } },
    {
      name: 'inline',
      user: { 'client-certificate-data': b64('CERT DATA'), 'client-key-data': b64('KEY DATA') },
    },
  ],
  contexts: [
    { name: 'admin', context: { cluster: 'kcp', user: 'admin' } },
    { name: 'service', context: { cluster: 'service', user: 'files' } },
    { name: 'lab', context: { cluster: 'lab', user: 'inline' } },
  ],
});

/** clientNode returns what @kubernetes/client-node's KubeConfig reads from the same file, as Credentials. */
function clientNode(file: string, context?: string) {
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  if (context) kc.setCurrentContext(context);
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  const pem = (data?: string, f?: string) =>
    data ? Buffer.from(data, 'base64').toString() : f ? readFileSync(f, 'utf8') : undefined;
  const creds: Record<string, unknown> = {
    server: cluster?.server,
    insecure: cluster?.skipTLSVerify ?? false,
  };
  const ca = pem(cluster?.caData, cluster?.caFile);
  if (ca) creds.ca = ca;
  if (user?.token) creds.token = user.token;
  const cert = pem(user?.certData, user?.certFile);
  const key = pem(user?.keyData, user?.keyFile);
  if (cert && key) Object.assign(creds, { cert, key });
  return creds;
}

describe('credentialsFromKubeconfig', () => {
  it.each([undefined, 'service', 'lab'])('reads context %s as client-node does', (context) => {
    expect(credentialsFromKubeconfig(twoContexts, context)).toEqual(clientNode(twoContexts, context));
  });

  it('reads the current context, files relative to the kubeconfig and inline data', () => {
    expect(credentialsFromKubeconfig(twoContexts)).toEqual({
      server: 'https://127.0.0.1:6443/clusters/root',
      insecure: false,
      ca: 'CA DATA',
      token: 'sekret',
    });
    expect(credentialsFromKubeconfig(twoContexts, 'service')).toMatchObject({
      ca: 'CA FILE',
      cert: 'CERT FILE',
      key: 'KEY FILE',
    });
    expect(credentialsFromKubeconfig(twoContexts, 'lab')).toMatchObject({
      insecure: true,
      cert: 'CERT DATA',
    });
  });

  it('reads a token file', () => {
    writeFileSync(join(dir, 'token'), 'from-file\n');
    const file = kubeconfig('token.yaml', {
      'current-context': 'c',
      clusters: [{ name: 'k', cluster: { server: 'https://k' } }],
      users: [{ name: 'u', user: { tokenFile: 'token' } }],
      contexts: [{ name: 'c', context: { cluster: 'k', user: 'u' } }],
    });
    expect(credentialsFromKubeconfig(file).token).toBe('from-file');
  });

  it('says what is wrong with a kubeconfig it cannot use', () => {
    const exec = kubeconfig('exec.yaml', {
      'current-context': 'c',
      clusters: [{ name: 'k', cluster: { server: 'https://k' } }],
      users: [{ name: 'u', user: { exec: { command: 'aws' } } }],
      contexts: [{ name: 'c', context: { cluster: 'k', user: 'u' } }],
    });
    expect(() => credentialsFromKubeconfig(exec)).toThrow(/user u uses an exec plugin/);
    expect(() => credentialsFromKubeconfig(twoContexts, 'nope')).toThrow(/has no context nope/);
    expect(() => credentialsFromKubeconfig(kubeconfig('empty.yaml', {}))).toThrow(/has no current context/);
    expect(() => credentialsFromKubeconfig(join(dir, 'missing.yaml'))).toThrow(/cannot load kubeconfig/);
    writeFileSync(join(dir, 'bad.yaml'), 'clusters: [');
    expect(() => credentialsFromKubeconfig(join(dir, 'bad.yaml'))).toThrow(/cannot load kubeconfig/);
  });
});
