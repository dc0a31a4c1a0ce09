import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authKey, type Credentials, credentialsFor, dockerConfigPath } from './auth.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** A temporary DOCKER_CONFIG holding config, and a bin folder for fake credential helpers. */
function dockerConfig(config: unknown): { env: NodeJS.ProcessEnv; bin: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kxp-docker-config-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return { env: { DOCKER_CONFIG: dir, PATH: `${bin}:/usr/bin:/bin` }, bin };
}

/**
 * fakeHelper writes docker-credential-<name>: for `get` it reads the server URL from stdin, logs
 * it, and answers from a table, or says "credentials not found" (exit 1) like the real ones.
 */
function fakeHelper(
  bin: string,
  name: string,
  answers: Record<string, { Username: string; Secret: string }>,
): string {
  const log = join(bin, `${name}.log`);
  const cases = Object.entries(answers)
    .map(([server, a]) => `  '${server}') echo '${JSON.stringify({ ServerURL: server, ...a })}' ;;`)
    .join('\n');
  const script = `#!/bin/sh
[ "$1" = get ] || { echo "unexpected command $1" >&2; exit 2; }
read -r server
echo "$server" >> '${log}'
case "$server" in
${cases}
  *) echo "credentials not found in native keychain"; exit 1 ;;
esac
`;
  const file = join(bin, `docker-credential-${name}`);
  writeFileSync(file, script);
  chmodSync(file, 0o755);
  return log;
}

describe('credentialsFor', () => {
  const cases: { name: string; config: unknown; registry: string; expected: Credentials | undefined }[] = [
    {
      name: 'auth as base64 user:password (a colon in the password kept)',
      config: { auths: { 'localhost:5000': { auth: b64('pusher:se:cret') } } },
      registry: 'localhost:5000',
      expected: { username: 'pusher', password: 'se:cret' },
    },
    {
      name: 'username and password fields',
      config: { auths: { 'ghcr.io': { username: 'u', password: 'p' } } },
      registry: 'ghcr.io',
      expected: { username: 'u', password: 'p' },
    },
    {
      name: 'an identity token',
      config: { auths: { 'registry.example.com': { auth: b64('<token>:'), identitytoken: 'refresh-me' } } },
      registry: 'registry.example.com',
      expected: { identityToken: 'refresh-me' },
    },
    {
      name: 'a registry token',
      config: { auths: { 'registry.example.com': { registrytoken: 'bearer-me' } } },
      registry: 'registry.example.com',
      expected: { registryToken: 'bearer-me' },
    },
    {
      name: "Docker Hub under Docker's URL key",
      config: { auths: { 'https://index.docker.io/v1/': { auth: b64('hub:pw') } } },
      registry: 'docker.io',
      expected: { username: 'hub', password: 'pw' },
    },
    {
      name: 'a key written as a URL with a path',
      config: { auths: { 'https://localhost:5000/v2/': { auth: b64('a:b') } } },
      registry: 'localhost:5000',
      expected: { username: 'a', password: 'b' },
    },
    {
      name: 'nothing for another registry',
      config: { auths: { 'ghcr.io': { auth: b64('u:p') } } },
      registry: 'quay.io',
      expected: undefined,
    },
    {
      name: 'nothing from an empty entry (as Docker Desktop leaves them)',
      config: { auths: { 'ghcr.io': {} } },
      registry: 'ghcr.io',
      expected: undefined,
    },
  ];
  it.each(cases)('reads $name', async ({ config, registry, expected }) => {
    expect(await credentialsFor(registry, dockerConfig(config).env)).toEqual(expected);
  });

  it('returns undefined when there is no Docker config', async () => {
    const env = { DOCKER_CONFIG: join(tmpdir(), 'kxp-no-such-dir') };
    expect(await credentialsFor('ghcr.io', env)).toBeUndefined();
  });

  it('uses ~/.docker/config.json without DOCKER_CONFIG', () => {
    expect(dockerConfigPath({ HOME: '/home/me' })).toBe('/home/me/.docker/config.json');
    expect(dockerConfigPath({ HOME: '/home/me', DOCKER_CONFIG: '/etc/d' })).toBe('/etc/d/config.json');
  });

  it('names the file when the config is not JSON', async () => {
    const { env } = dockerConfig('{ "auths": ');
    await expect(credentialsFor('ghcr.io', env)).rejects.toThrow(
      `cannot parse Docker config ${join(env.DOCKER_CONFIG!, 'config.json')}`,
    );
  });

  it('asks the credHelpers helper for its registry, with the host on stdin', async () => {
    const { env, bin } = dockerConfig({
      credHelpers: { 'ghcr.io': 'fake' },
      auths: { 'ghcr.io': { auth: b64('from:file') } },
    });
    fakeHelper(bin, 'fake', { 'ghcr.io': { Username: 'helped', Secret: 's3cret' } });
    expect(await credentialsFor('ghcr.io', env)).toEqual({ username: 'helped', password: 's3cret' });
  });

  it("asks the credsStore with Docker Hub's key, and reads <token> as an identity token", async () => {
    const { env, bin } = dockerConfig({ credsStore: 'store' });
    const log = fakeHelper(bin, 'store', {
      'https://index.docker.io/v1/': { Username: '<token>', Secret: 'rt' },
    });
    expect(await credentialsFor('docker.io', env)).toEqual({ identityToken: 'rt' });
    expect(readFileSync(log, 'utf8')).toBe('https://index.docker.io/v1/\n');
  });

  it('falls back to auths when the credsStore knows nothing', async () => {
    const { env, bin } = dockerConfig({
      credsStore: 'store',
      auths: { 'localhost:5000': { auth: b64('a:b') } },
    });
    fakeHelper(bin, 'store', {});
    expect(await credentialsFor('localhost:5000', env)).toEqual({ username: 'a', password: 'b' });
    expect(await credentialsFor('quay.io', env)).toBeUndefined();
  });

  it('names a helper that is not on PATH', async () => {
    const { env } = dockerConfig({ credHelpers: { 'ghcr.io': 'missing' } });
    await expect(credentialsFor('ghcr.io', env)).rejects.toThrow(
      'cannot get credentials for ghcr.io from docker-credential-missing: it is not on PATH',
    );
  });

  it("quotes a failing helper's output", async () => {
    const { env, bin } = dockerConfig({ credHelpers: { 'ghcr.io': 'broken' } });
    const file = join(bin, 'docker-credential-broken');
    writeFileSync(file, '#!/bin/sh\necho "keychain locked" >&2\nexit 3\n');
    chmodSync(file, 0o755);
    await expect(credentialsFor('ghcr.io', env)).rejects.toThrow(
      'cannot get credentials for ghcr.io from docker-credential-broken: exit 3: keychain locked',
    );
  });
});

describe('authKey', () => {
  it("is Docker's URL for Docker Hub, the registry itself otherwise", () => {
    expect(authKey('docker.io')).toBe('https://index.docker.io/v1/');
    expect(authKey('registry-1.docker.io')).toBe('https://index.docker.io/v1/');
    expect(authKey('localhost:5000')).toBe('localhost:5000');
  });
});
