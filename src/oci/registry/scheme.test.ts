import { allowsPlainHttp, refusedTls, registryHost } from './scheme.js';

describe('allowsPlainHttp', () => {
  it.each([
    ['localhost:5000', true],
    ['localhost', true],
    ['registry.localhost:5000', true],
    ['127.0.0.1:41234', true],
    ['127.3.2.1', true],
    ['[::1]:5000', true],
    ['10.1.2.3:5000', true],
    ['172.16.0.1', true],
    ['172.31.255.255:443', true],
    ['192.168.1.10:5000', true],
    ['172.32.0.1', false],
    ['11.0.0.1', false],
    ['ghcr.io', false],
    ['localhost.example.com', false],
    ['xpkg.crossplane.io', false],
    ['[2001:db8::1]:5000', false],
  ])('%s: %s', (registry, expected) => {
    expect(allowsPlainHttp(registry)).toBe(expected);
  });
});

describe('registryHost', () => {
  it('sends Docker Hub to registry-1.docker.io and others to themselves', () => {
    expect(registryHost('docker.io')).toBe('registry-1.docker.io');
    expect(registryHost('index.docker.io')).toBe('registry-1.docker.io');
    expect(registryHost('ghcr.io')).toBe('ghcr.io');
  });
});

describe('refusedTls', () => {
  it('falls back when the server does not speak TLS, not when its certificate is untrusted', () => {
    expect(refusedTls(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(
      refusedTls(Object.assign(new Error('ssl3_get_record:wrong version number'), { code: 'EPROTO' })),
    ).toBe(true);
    expect(
      refusedTls(
        Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
      ),
    ).toBe(false);
  });
});
