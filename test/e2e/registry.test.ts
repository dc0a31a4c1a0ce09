// The registry client against the real distribution registry (peers/registry), started here on
// its own: plain HTTP on loopback, with htpasswd Basic auth, with TLS from its own CA, and stopped.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient, RegistryError } from '../../src/oci/registry/index.js';
import { issueCertificateAuthority, issueServerCertificate } from '../../src/stack/certs.js';
import { type Registry, startRegistry } from '../../src/stack/registry.js';

const ociManifest = 'application/vnd.oci.image.manifest.v1+json';
const ociIndex = 'application/vnd.oci.image.index.v1+json';
const ociConfig = 'application/vnd.oci.image.config.v1+json';
const ociLayer = 'application/vnd.oci.image.layer.v1.tar+gzip';

// bcrypt (cost 10) of "kxp-e2e-secret", made once with golang.org/x/crypto/bcrypt.
const htpasswd = 'pusher:$2a$10$rYAybxuffCR2ediEGW1XSeOU8mG.uGaw25NGEdJ4Tw/MtvZpsupAq\n';

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

interface Blob {
  mediaType: string;
  digest: string;
  size: number;
  data: Buffer;
}

function blob(mediaType: string, data: Buffer): Blob {
  return { mediaType, digest: sha256(data), size: data.length, data };
}

/** image returns a config and a layer blob, and the manifest naming them. */
function image(architecture: string): { config: Blob; layer: Blob; manifest: Buffer } {
  const config = blob(
    ociConfig,
    Buffer.from(JSON.stringify({ architecture, os: 'linux', rootfs: { type: 'layers' } })),
  );
  const layer = blob(ociLayer, randomBytes(4096));
  const descriptor = ({ mediaType, digest, size }: Blob) => ({ mediaType, digest, size });
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: ociManifest,
      config: descriptor(config),
      layers: [descriptor(layer)],
    }),
  );
  return { config, layer, manifest };
}

const dir = mkdtempSync(join(tmpdir(), 'kxp-registry-e2e-'));
const started: Registry[] = [];
afterAll(async () => {
  await Promise.all(started.map((r) => r.process.stop(2000)));
  rmSync(dir, { recursive: true, force: true });
});

/** emptyDockerConfig returns an environment whose Docker config holds auths (none by default). */
function dockerEnv(name: string, auths?: Record<string, { auth: string }>): NodeJS.ProcessEnv {
  const configDir = join(dir, name);
  mkdirSync(configDir, { recursive: true });
  if (auths) writeFileSync(join(configDir, 'config.json'), JSON.stringify({ auths }));
  return { DOCKER_CONFIG: configDir, PATH: process.env.PATH };
}

describe('the registry client against a plain-HTTP loopback registry', () => {
  let registry: Registry;
  let client: RegistryClient;
  const requests: string[] = [];

  beforeAll(async () => {
    registry = await startRegistry(dir, false);
    started.push(registry);
    client = new RegistryClient(registry.host, {
      env: dockerEnv('anonymous'),
      onRequest: (method, url, status) => requests.push(`${method} ${url} ${status}`),
    });
  });
  afterAll(() => client.close());

  it('pushes blobs and a manifest by tag, and reads them back over HTTP after HTTPS is refused', async () => {
    const { config, layer, manifest } = image('amd64');
    for (const b of [config, layer]) await client.pushBlob('fn/single', b.digest, b.data);
    const digest = await client.pushManifest('fn/single', 'v1', ociManifest, manifest);
    expect(digest).toBe(sha256(manifest));

    const byTag = await client.getManifest('fn/single', 'v1');
    expect(byTag).toEqual({ mediaType: ociManifest, digest, bytes: manifest });
    expect((await client.getManifest('fn/single', digest)).bytes).toEqual(manifest);
    expect(await client.getBlob('fn/single', layer.digest)).toEqual(layer.data);
    expect(await client.getBlob('fn/single', config.digest)).toEqual(config.data);
    expect(await client.blobExists('fn/single', layer.digest)).toBe(true);
    expect(await client.listTags('fn/single')).toEqual(['v1']);
    expect(requests[0]).toBe(`GET ${registry.url}/v2/ 200`);
    expect(requests.filter((r) => !r.split(' ')[1]!.startsWith(`${registry.url}/v2/`))).toEqual([]);
  });

  it('pushes an index of two images and reads it back by tag', async () => {
    const platforms = ['amd64', 'arm64'].map((architecture) => ({ architecture, ...image(architecture) }));
    const manifests = [];
    for (const p of platforms) {
      for (const b of [p.config, p.layer]) await client.pushBlob('fn/multi', b.digest, b.data);
      const digest = await client.pushManifest('fn/multi', sha256(p.manifest), ociManifest, p.manifest);
      manifests.push({
        mediaType: ociManifest,
        digest,
        size: p.manifest.length,
        platform: { architecture: p.architecture, os: 'linux' },
      });
    }
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: ociIndex, manifests }));
    const digest = await client.pushManifest('fn/multi', 'v2', ociIndex, index);

    const got = await client.getManifest('fn/multi', 'v2');
    expect(got).toEqual({ mediaType: ociIndex, digest, bytes: index });
    const amd64 = await client.getManifest('fn/multi', manifests[0]!.digest, [ociManifest]);
    expect(amd64.bytes).toEqual(platforms[0]!.manifest);
    expect(await client.listTags('fn/multi')).toEqual(['v2']);
    expect(await client.listTags('fn/none')).toEqual([]);
  });

  it('skips a blob the repository already has', async () => {
    const layer = blob(ociLayer, randomBytes(1024));
    await client.pushBlob('fn/twice', layer.digest, layer.data);
    requests.length = 0;
    await client.pushBlob('fn/twice', layer.digest, layer.data);
    expect(requests).toEqual([`HEAD ${registry.url}/v2/fn/twice/blobs/${layer.digest} 200`]);
  });

  it('refuses data that does not match its digest, naming the step', async () => {
    const data = Buffer.from('the real content');
    const claimed = sha256(Buffer.from('something else'));
    const err = await client.pushBlob('fn/bad', claimed, data).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).toMatchObject({ reason: 'digest-mismatch', registry: registry.host, repository: 'fn/bad' });
    expect((err as Error).message).toBe(
      `cannot push blob ${claimed} to ${registry.host}/fn/bad: digest mismatch: the data's digest is ${sha256(data)}`,
    );
    await expect(client.pushManifest('fn/bad', claimed, ociManifest, data)).rejects.toThrow(
      /digest mismatch/,
    );
  });

  it("quotes the registry's own errors", async () => {
    const { manifest } = image('s390x'); // its blobs were never pushed
    await expect(client.pushManifest('fn/bad', 'v1', ociManifest, manifest)).rejects.toThrow(
      new RegExp(
        `^cannot push manifest v1 to ${registry.host}/fn/bad: MANIFEST_BLOB_UNKNOWN: .*\\(HTTP 400\\)$`,
      ),
    );
    const missing = sha256(Buffer.from('missing'));
    const err = await client.getManifest('fn/single', missing).catch((e: unknown) => e);
    expect(err).toMatchObject({ reason: 'not-found', status: 404, codes: ['MANIFEST_UNKNOWN'] });
    await expect(client.getBlob('fn/single', missing)).rejects.toThrow(
      `cannot get blob ${missing} from ${registry.host}/fn/single: BLOB_UNKNOWN: blob unknown to registry`,
    );
  });

  it('speaks HTTP at once when told the registry is insecure', async () => {
    const seen: string[] = [];
    const insecure = new RegistryClient(registry.host, {
      insecure: true,
      credentials: {},
      onRequest: (m, u) => seen.push(`${m} ${u}`),
    });
    expect(await insecure.listTags('fn/single')).toEqual(['v1']);
    expect(seen[0]).toBe(`GET ${registry.url}/v2/`);
    insecure.close();
  });
});

describe('the registry client against a registry with htpasswd Basic auth', () => {
  let registry: Registry;
  const { config, layer, manifest } = image('amd64');

  beforeAll(async () => {
    const file = join(dir, 'htpasswd');
    writeFileSync(file, htpasswd);
    registry = await startRegistry(dir, false, { name: 'registry-auth', htpasswd: file });
    started.push(registry);
  });

  it('refuses anonymous pushes, saying there are no credentials', async () => {
    const env = dockerEnv('nobody');
    const client = new RegistryClient(registry.host, { env });
    const err = await client.pushBlob('fn/private', layer.digest, layer.data).catch((e: unknown) => e);
    client.close();
    expect(err).toMatchObject({ reason: 'unauthorized', status: 401, repository: 'fn/private' });
    expect((err as Error).message).toBe(
      `cannot push blob ${layer.digest} to ${registry.host}/fn/private: denied: authentication required (HTTP 401); ` +
        `no credentials for ${registry.host} are in ${join(env.DOCKER_CONFIG!, 'config.json')} (log in with \`docker login ${registry.host}\`)`,
    );
  });

  it('refuses a wrong password, saying the credentials were refused', async () => {
    const auth = Buffer.from('pusher:wrong').toString('base64');
    const client = new RegistryClient(registry.host, {
      env: dockerEnv('wrong', { [registry.host]: { auth } }),
    });
    await expect(client.listTags('fn/private')).rejects.toThrow(
      `cannot list tags of ${registry.host}/fn/private: denied: UNAUTHORIZED: authentication required (HTTP 401); the credentials for ${registry.host} were refused`,
    );
    client.close();
  });

  it('pushes and pulls with credentials from a Docker config', async () => {
    const auth = Buffer.from('pusher:kxp-e2e-secret').toString('base64');
    const client = new RegistryClient(registry.host, {
      env: dockerEnv('pusher', { [registry.host]: { auth } }),
    });
    for (const b of [config, layer]) await client.pushBlob('fn/private', b.digest, b.data);
    const digest = await client.pushManifest('fn/private', 'v1', ociManifest, manifest);
    expect(await client.getManifest('fn/private', 'v1')).toMatchObject({ digest, bytes: manifest });
    expect(await client.getBlob('fn/private', layer.digest)).toEqual(layer.data);
    client.close();
  });
});

describe('the registry client against a registry serving HTTPS with its own CA', () => {
  let registry: Registry;
  let ca: string;

  beforeAll(async () => {
    const authority = await issueCertificateAuthority('kxp-registry-e2e');
    const server = await issueServerCertificate(authority, ['127.0.0.1']);
    const cert = join(dir, 'registry-tls.crt');
    const key = join(dir, 'registry-tls.key');
    writeFileSync(cert, server.cert);
    writeFileSync(key, server.key, { mode: 0o600 });
    registry = await startRegistry(dir, false, { name: 'registry-tls', tls: { cert, key } });
    started.push(registry);
    ca = authority.cert;
  });

  it('does not fall back to HTTP when the certificate is not trusted', async () => {
    const client = new RegistryClient(registry.host, { credentials: {} });
    const err = await client.listTags('fn/tls').catch((e: unknown) => e);
    client.close();
    expect(err).toMatchObject({ reason: 'tls', registry: registry.host });
    expect((err as Error).message).toMatch(
      new RegExp(
        `^cannot list tags of ${registry.host}/fn/tls: the TLS certificate of registry ${registry.host} is not trusted: https://${registry.host}/v2/: .*\\(trust its CA with caCertificates\\)$`,
      ),
    );
  });

  it('pushes and pulls over HTTPS with the CA given', async () => {
    const seen: string[] = [];
    const client = new RegistryClient(registry.host, {
      caCertificates: [ca],
      credentials: {},
      onRequest: (m, u) => seen.push(`${m} ${u}`),
    });
    const { config, layer, manifest } = image('amd64');
    for (const b of [config, layer]) await client.pushBlob('fn/tls', b.digest, b.data);
    const digest = await client.pushManifest('fn/tls', 'v1', ociManifest, manifest);
    expect(await client.getManifest('fn/tls', 'v1')).toMatchObject({ digest, bytes: manifest });
    expect(seen.every((r) => r.split(' ')[1]!.startsWith(`https://${registry.host}/v2/`))).toBe(true);
    client.close();
  });
});

describe('the registry client against a stopped registry', () => {
  it('says the registry is unreachable, naming it and the step', async () => {
    const registry = await startRegistry(dir, false, { name: 'registry-stopped' });
    const client = new RegistryClient(registry.host, { credentials: {} });
    expect(await client.listTags('fn/gone')).toEqual([]);
    await registry.process.stop();

    const connected = await client.blobExists('fn/gone', sha256(Buffer.from('x'))).catch((e: unknown) => e);
    expect(connected).toMatchObject({ reason: 'unreachable', registry: registry.host });
    expect((connected as Error).message).toMatch(
      new RegExp(
        `^cannot check blob sha256:\\w+ in ${registry.host}/fn/gone: registry ${registry.host} is unreachable: .*ECONNREFUSED`,
      ),
    );
    const fresh = new RegistryClient(registry.host, { credentials: {} });
    await expect(fresh.getManifest('fn/gone', 'v1')).rejects.toThrow(
      new RegExp(
        `^cannot get manifest v1 from ${registry.host}/fn/gone: registry ${registry.host} is unreachable: https://${registry.host}/v2/: .*ECONNREFUSED.*; http://${registry.host}/v2/: .*ECONNREFUSED`,
      ),
    );
    client.close();
    fresh.close();
  });
});
