import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentialsFromKubeconfig } from '../kube/credentials.js';
import { writeKubeconfig } from './kubeconfig.js';

describe('writeKubeconfig', () => {
  it('writes a private kubeconfig that reads back as the same credentials', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kxp-test-')), 'x.kubeconfig');
    const creds = {
      server: 'https://127.0.0.1:1234/clusters/root',
      token: 'secret',
      ca: readFileSync(join(import.meta.dirname, '../../test/fixtures/tls/cert.pem'), 'utf8'),
    };
    writeKubeconfig(file, 'x', creds);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(credentialsFromKubeconfig(file)).toEqual({ ...creds, insecure: false });
  });

  it('names the file it cannot load', () => {
    expect(() => credentialsFromKubeconfig('/nonexistent/kubeconfig')).toThrow('/nonexistent/kubeconfig');
  });
});
