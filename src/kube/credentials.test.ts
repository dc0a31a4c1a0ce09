import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { credentialsFromKubeconfig } from './credentials.js';
import { bearerToken, inClusterCredentials } from './in-cluster.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

// A self-signed certificate (CN=kxp-test) and its key, and the key of another certificate.
const tls = (f: string) => readFileSync(join(import.meta.dirname, '../../test/fixtures/tls', f), 'utf8');
const CERT = tls('cert.pem');
const KEY = tls('key.pem');
const OTHER_KEY = tls('other-key.pem');
const dir = mkdtempSync(join(tmpdir(), 'kxp-kubeconfig-'));
writeFileSync(join(dir, 'ca.crt'), CERT);
writeFileSync(join(dir, 'client.crt'), CERT);
writeFileSync(join(dir, 'client.key'), KEY);

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
        'certificate-authority-data': b64(CERT),
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
      user: { 'client-certificate-data': b64(CERT), 'client-key-data': b64(KEY) },
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
      ca: CERT,
      token: 'sekret',
    });
    expect(credentialsFromKubeconfig(twoContexts, 'service')).toMatchObject({
      ca: CERT,
      cert: CERT,
      key: KEY,
    });
    expect(credentialsFromKubeconfig(twoContexts, 'lab')).toMatchObject({
      insecure: true,
      cert: CERT,
    });
  });

  it('keeps a token file, read again as it rotates', () => {
    writeFileSync(join(dir, 'token'), 'from-file\n');
    const file = kubeconfig('token.yaml', {
      'current-context': 'c',
      clusters: [{ name: 'k', cluster: { server: 'https://k' } }],
      users: [{ name: 'u', user: { tokenFile: 'token' } }],
      contexts: [{ name: 'c', context: { cluster: 'k', user: 'u' } }],
    });
    const creds = credentialsFromKubeconfig(file);
    expect(creds).toMatchObject({ tokenFile: join(dir, 'token') });
    expect(creds.token).toBeUndefined();
    expect(bearerToken(creds, 0)).toBe('from-file');
    writeFileSync(join(dir, 'token'), 'rotated\n');
    expect(bearerToken(creds, 30_000)).toBe('from-file');
    expect(bearerToken(creds, 61_000)).toBe('rotated');
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

/** oneContext returns a kubeconfig of one context whose cluster and user are these. */
function oneContext(name: string, cluster: object, user: object): string {
  return kubeconfig(name, {
    'current-context': 'c',
    clusters: [{ name: 'k', cluster }],
    users: [{ name: 'u', user }],
    contexts: [{ name: 'c', context: { cluster: 'k', user: 'u' } }],
  });
}

describe('credentialsFromKubeconfig, malformed', () => {
  const server = 'https://127.0.0.1:6443';
  it.each([
    { name: 'not YAML', file: () => raw('a.yaml', 'clusters: ['), expected: /a\.yaml: Flow sequence/ },
    {
      name: 'a list, not a mapping',
      file: () => raw('b.yaml', '- a\n- b\n'),
      expected: /b\.yaml: not a kubeconfig/,
    },
    { name: 'a missing file', file: () => join(dir, 'nowhere.yaml'), expected: /nowhere\.yaml: ENOENT/ },
    {
      name: 'a server that is no URL',
      file: () => oneContext('c.yaml', { server: '127.0.0.1:6443' }, { token: 't' }),
      expected: /c\.yaml: server "127.0.0.1:6443" is not a URL/,
    },
    {
      name: 'a server without its scheme',
      file: () => oneContext('c2.yaml', { server: 'kcp.example.com:6443' }, { token: 't' }),
      expected: /c2\.yaml: server kcp.example.com:6443 is not an https:\/\/ URL/,
    },
    {
      name: 'a CA that is no certificate (a Secret key holding the wrong data)',
      file: () =>
        oneContext('d.yaml', { server, 'certificate-authority-data': b64('not a pem') }, { token: 't' }),
      expected: /d\.yaml: its certificate authority holds no PEM certificate/,
    },
    {
      name: 'a truncated CA certificate',
      file: () =>
        oneContext(
          'e.yaml',
          { server, 'certificate-authority-data': b64(CERT.replace(/\n[A-Za-z0-9+/]+\n/, '\nAAAA\n')) },
          { token: 't' },
        ),
      expected: /e\.yaml: its certificate authority holds a certificate that does not parse/,
    },
    {
      name: 'a key of another certificate',
      file: () =>
        oneContext(
          'f.yaml',
          { server },
          { 'client-certificate-data': b64(CERT), 'client-key-data': b64(OTHER_KEY) },
        ),
      expected: /f\.yaml: its client certificate and key cannot be used together/,
    },
    {
      name: 'a certificate without its key',
      file: () => oneContext('g.yaml', { server }, { 'client-certificate-data': b64(CERT) }),
      expected: /g\.yaml: user u has a client certificate without its key/,
    },
    {
      name: 'a token file that is not there',
      file: () => oneContext('h.yaml', { server }, { tokenFile: 'no-token' }),
      expected: /h\.yaml: .*no-token/,
    },
    {
      name: 'a CA file that is not there',
      file: () => oneContext('i.yaml', { server, 'certificate-authority': 'no-ca.crt' }, { token: 't' }),
      expected: /i\.yaml: cannot read .*no-ca\.crt/,
    },
  ])('$name: names the file and what is wrong', ({ file, expected }) => {
    expect(() => credentialsFromKubeconfig(file())).toThrow(expected);
  });
});

function raw(name: string, content: string): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe('inClusterCredentials', () => {
  it('reads the API server from the environment and the CA and token a kubelet mounts', () => {
    const sa = mkdtempSync(join(tmpdir(), 'kxp-sa-'));
    writeFileSync(join(sa, 'ca.crt'), CERT);
    writeFileSync(join(sa, 'token'), 'pod-token');
    const env = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' };
    const creds = inClusterCredentials(env, sa);
    expect(creds).toEqual({ server: 'https://10.0.0.1:443', ca: CERT, tokenFile: join(sa, 'token') });
    expect(bearerToken(creds)).toBe('pod-token');
    expect(inClusterCredentials({ ...env, KUBERNETES_SERVICE_HOST: 'fd00::1' }, sa).server).toBe(
      'https://[fd00::1]:443',
    );
  });

  it('says it is not in a Pod when the environment names no API server, and what a token file lacks', () => {
    expect(() => inClusterCredentials({}, '/nonexistent')).toThrow(/not in a Pod\?\); give a kubeconfig/);
    expect(() =>
      inClusterCredentials({ KUBERNETES_SERVICE_HOST: 'h', KUBERNETES_SERVICE_PORT: '1' }, '/nonexistent'),
    ).toThrow(/cannot use in-cluster credentials: .*\/nonexistent\/token/);
  });
});
