import type { Credentials } from './auth.js';
import { type ConnectionOptions, RegistryConnection } from './connection.js';
import { actualDigest, checkDigest, digestOf, isDigest } from './digest.js';
import { header } from './http.js';

// A client of the OCI distribution API (https://github.com/opencontainers/distribution-spec) for
// one registry: blobs pushed monolithically (POST, then PUT ?digest=), manifests and indexes by
// tag or digest, tags. Every byte read back is checked against its digest.

export interface RegistryClientOptions {
  /** Speak plain HTTP, without trying HTTPS first (any host). */
  insecure?: boolean;
  /** PEM CA certificates trusted beside Node's built-in roots. */
  caCertificates?: string[];
  /**
   * Credentials to answer the registry's challenges with. When absent they are looked up in the
   * Docker config (credentialsFor) the first time the registry asks; `{}` means anonymous.
   */
  credentials?: Credentials;
  userAgent?: string;
  /** Environment for the Docker config lookup (DOCKER_CONFIG, HOME, PATH); process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Per-request inactivity limit in ms (default 60 000). */
  timeoutMs?: number;
  /** Called after every HTTP exchange with the registry: for logs, and for tests. */
  onRequest?: (method: string, url: string, status: number) => void;
}

/** The media types getManifest asks for unless told otherwise: OCI and Docker images and indexes. */
export const defaultManifestAccept = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
];

/** A manifest as the registry stores it: its media type, digest and exact bytes. */
export interface FetchedManifest {
  mediaType: string;
  digest: string;
  bytes: Buffer;
}

/**
 * A RegistryClient speaks the OCI distribution API to one registry (`localhost:5000`, `ghcr.io`,
 * `docker.io`). It finds the scheme on first use (HTTPS; plain HTTP only for loopback, RFC 1918
 * and `*.localhost` registries that refuse HTTPS, or when `insecure`), answers Basic and Bearer
 * challenges, and throws RegistryErrors that name the step, registry and repository.
 */
export class RegistryClient {
  private readonly conn: RegistryConnection;

  constructor(
    readonly registry: string,
    opts: RegistryClientOptions = {},
  ) {
    this.conn = new RegistryConnection(registry, opts satisfies ConnectionOptions);
  }

  /** blobExists returns whether the repository has the blob. */
  async blobExists(repository: string, digest: string): Promise<boolean> {
    const step = `check blob ${digest} in ${this.where(repository)}`;
    this.checkDigest(step, repository, digest);
    return this.exists(step, repository, digest, false);
  }

  /** exists asks for the blob with the token scope the step needs (push: no second token for the upload). */
  private async exists(step: string, repository: string, digest: string, push: boolean): Promise<boolean> {
    const answer = await this.conn.call(step, {
      method: 'HEAD',
      target: `/v2/${repository}/blobs/${digest}`,
      repository,
      push,
      ok: [200, 404],
    });
    return answer.status === 200;
  }

  /**
   * pushBlob uploads data as the blob with this digest, unless the repository has it already. The
   * data must have that digest, and the registry must confirm it.
   */
  async pushBlob(repository: string, digest: string, data: Buffer): Promise<void> {
    const step = `push blob ${digest} to ${this.where(repository)}`;
    this.checkDigest(step, repository, digest);
    const actual = actualDigest(digest, data);
    if (actual !== digest) {
      throw this.conn.error(
        step,
        repository,
        'digest-mismatch',
        `digest mismatch: the data's digest is ${actual}`,
      );
    }
    if (await this.exists(step, repository, digest, true)) return;
    const started = await this.conn.call(step, {
      method: 'POST',
      target: `/v2/${repository}/blobs/uploads/`,
      repository,
      push: true,
      ok: [202],
    });
    const location = header(started.headers, 'location');
    if (!location) {
      throw this.conn.error(step, repository, 'http', 'the registry started an upload without a Location');
    }
    const upload = new URL(location, started.url);
    upload.searchParams.set('digest', digest);
    const done = await this.conn.call(step, {
      method: 'PUT',
      target: upload,
      repository,
      push: true,
      headers: { 'Content-Type': 'application/octet-stream' },
      body: data,
      ok: [201],
    });
    this.confirm(step, repository, digest, header(done.headers, 'docker-content-digest'));
  }

  /**
   * pushManifest uploads a manifest or index under a tag or its digest, and returns its digest
   * (sha256 of the bytes as given). A digest reference must be the bytes' digest.
   */
  async pushManifest(
    repository: string,
    reference: string,
    mediaType: string,
    bytes: Buffer,
  ): Promise<string> {
    const step = `push manifest ${reference} to ${this.where(repository)}`;
    const digest = isDigest(reference) ? this.verified(step, repository, reference, bytes) : digestOf(bytes);
    const answer = await this.conn.call(step, {
      method: 'PUT',
      target: `/v2/${repository}/manifests/${reference}`,
      repository,
      push: true,
      headers: { 'Content-Type': mediaType },
      body: bytes,
      ok: [201],
    });
    this.confirm(step, repository, digest, header(answer.headers, 'docker-content-digest'));
    return digest;
  }

  /**
   * getManifest returns the manifest or index a tag or digest names, with its media type and
   * digest. Content fetched by digest must have that digest.
   */
  async getManifest(
    repository: string,
    reference: string,
    accept = defaultManifestAccept,
  ): Promise<FetchedManifest> {
    const step = `get manifest ${reference} from ${this.where(repository)}`;
    const answer = await this.conn.call(step, {
      method: 'GET',
      target: `/v2/${repository}/manifests/${reference}`,
      repository,
      headers: { Accept: accept.join(', ') },
      ok: [200],
    });
    const bytes = answer.body;
    const digest = isDigest(reference) ? this.verified(step, repository, reference, bytes) : digestOf(bytes);
    this.confirm(step, repository, digest, header(answer.headers, 'docker-content-digest'));
    return { mediaType: mediaTypeOf(header(answer.headers, 'content-type'), bytes), digest, bytes };
  }

  /** getBlob returns the blob with this digest, checked against it. */
  async getBlob(repository: string, digest: string): Promise<Buffer> {
    const step = `get blob ${digest} from ${this.where(repository)}`;
    this.checkDigest(step, repository, digest);
    const answer = await this.conn.call(step, {
      method: 'GET',
      target: `/v2/${repository}/blobs/${digest}`,
      repository,
      ok: [200],
    });
    this.verified(step, repository, digest, answer.body);
    return answer.body;
  }

  /** listTags returns every tag of the repository (all pages), none when the repository does not exist. */
  async listTags(repository: string): Promise<string[]> {
    const step = `list tags of ${this.where(repository)}`;
    const tags: string[] = [];
    let target: string | URL = `/v2/${repository}/tags/list?n=1000`;
    for (let page = 0; page < 1000; page++) {
      const answer = await this.conn.call(step, { method: 'GET', target, repository, ok: [200, 404] });
      if (answer.status === 404) return tags;
      let body: { tags?: string[] | null };
      try {
        body = JSON.parse(answer.body.toString('utf8')) as typeof body;
      } catch (cause) {
        throw this.conn.error(step, repository, 'http', 'the registry answered something else than JSON', {
          cause,
        });
      }
      tags.push(...(body.tags ?? []));
      const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(header(answer.headers, 'link') ?? '')?.[1];
      if (!next) return tags;
      target = new URL(next, answer.url);
    }
    return tags;
  }

  /** close drops kept-alive connections (they do not keep Node running either way). */
  close(): void {
    this.conn.close();
  }

  private where(repository: string): string {
    return `${this.registry}/${repository}`;
  }

  private checkDigest(step: string, repository: string, digest: string): void {
    try {
      checkDigest(digest);
    } catch (cause) {
      throw this.conn.error(step, repository, 'digest-mismatch', (cause as Error).message, { cause });
    }
  }

  /** verified returns digest when bytes have it, and throws a digest mismatch otherwise. */
  private verified(step: string, repository: string, digest: string, bytes: Buffer): string {
    this.checkDigest(step, repository, digest);
    const actual = actualDigest(digest, bytes);
    if (actual !== digest) {
      throw this.conn.error(
        step,
        repository,
        'digest-mismatch',
        `digest mismatch: the content's digest is ${actual}`,
      );
    }
    return digest;
  }

  /** confirm checks the registry's Docker-Content-Digest, when it sent one of the same algorithm. */
  private confirm(step: string, repository: string, digest: string, fromServer: string | undefined): void {
    if (!fromServer || fromServer.split(':')[0] !== digest.split(':')[0] || fromServer === digest) return;
    throw this.conn.error(
      step,
      repository,
      'digest-mismatch',
      `digest mismatch: the registry says ${fromServer}, the content is ${digest}`,
    );
  }
}

/** mediaTypeOf returns a manifest's media type: its Content-Type, else its own mediaType field. */
function mediaTypeOf(contentType: string | undefined, bytes: Buffer): string {
  const type = contentType?.split(';')[0]?.trim();
  if (type && type !== 'application/json' && type !== 'text/plain') return type;
  try {
    const field = (JSON.parse(bytes.toString('utf8')) as { mediaType?: unknown }).mediaType;
    if (typeof field === 'string' && field) return field;
  } catch {
    // not JSON: fall through to whatever the registry said
  }
  return type || 'application/octet-stream';
}
