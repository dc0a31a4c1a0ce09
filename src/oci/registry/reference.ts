// Image references as Docker, Crossplane and go-containerregistry write them:
//   [registry/]repository[:tag][@digest]
// A first path component is a registry when it has a dot or a port, or is `localhost`; otherwise
// the image lives on Docker Hub (`docker.io`, `library/` for single-component names).

/** An image reference split into its parts. */
export interface ImageReference {
  /** The registry host, with its port if any: `ghcr.io`, `localhost:5000`, `docker.io`. */
  registry: string;
  /** The repository path inside the registry: `crossplane-contrib/function-x`, `library/nginx`. */
  repository: string;
  /** The tag; `latest` when the reference names neither a tag nor a digest. */
  tag?: string;
  /** The digest, `sha256:<hex>`. */
  digest?: string;
}

/** Docker Hub's name in references; its API lives at registry-1.docker.io (see registryHost). */
export const dockerHub = 'docker.io';

const component = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const repositoryRe = new RegExp(`^${component}(?:/${component})*$`);
const tagRe = /^[\w][\w.-]{0,127}$/;
const digestRe = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const hostLabel = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const registryRe = new RegExp(`^(?:${hostLabel}(?:\\.${hostLabel})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]{1,5})?$`);
const hexLength: Record<string, number> = { sha256: 64, sha512: 128 };

/**
 * parseReference returns the parts of an image reference such as `localhost:5000/fn/x:v1`,
 * `ghcr.io/a/b@sha256:...` or `nginx` (which is `docker.io/library/nginx:latest`). It throws
 * `cannot parse image reference "...": <why>` for anything a registry would not accept.
 */
export function parseReference(ref: string): ImageReference {
  const fail = (why: string): never => {
    throw new Error(`cannot parse image reference ${JSON.stringify(ref)}: ${why}`);
  };
  if (ref.trim() !== ref || ref === '') fail('it is empty or has surrounding spaces');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) fail('a reference has no scheme (drop the "://" prefix)');

  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    checkDigestPart(digest, fail);
  }

  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!tagRe.test(tag)) fail(`invalid tag ${JSON.stringify(tag)} (letters, digits, _ . -, at most 128)`);
  }

  const { registry, repository } = splitName(rest, fail);
  if (`${registry}/${repository}`.length > 255) fail('the name is longer than 255 characters');
  const parsed: ImageReference = { registry, repository };
  if (tag !== undefined) parsed.tag = tag;
  if (digest !== undefined) parsed.digest = digest;
  if (tag === undefined && digest === undefined) parsed.tag = 'latest';
  return parsed;
}

function checkDigestPart(digest: string, fail: (why: string) => never): void {
  if (!digestRe.test(digest)) fail(`invalid digest ${JSON.stringify(digest)} (want <algorithm>:<hex>)`);
  const [algorithm = '', hex = ''] = digest.split(':');
  const want = hexLength[algorithm];
  if (want !== undefined && (hex.length !== want || hex !== hex.toLowerCase())) {
    fail(`invalid ${algorithm} digest: want ${want} lowercase hex digits`);
  }
}

function splitName(name: string, fail: (why: string) => never): { registry: string; repository: string } {
  if (name === '') fail('the repository is missing');
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const isRegistry =
    slash >= 0 &&
    (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase());
  let registry = isRegistry ? first : dockerHub;
  let repository = isRegistry ? name.slice(slash + 1) : name;
  if (isRegistry && !registryRe.test(registry)) fail(`invalid registry ${JSON.stringify(registry)}`);
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = dockerHub;
  if (registry === dockerHub && !repository.includes('/')) repository = `library/${repository}`;
  if (repository === '') fail('the repository is missing');
  if (!repositoryRe.test(repository)) {
    fail(
      `invalid repository ${JSON.stringify(repository)} (lowercase letters, digits and separators . _ __ - between them, parts joined by /)`,
    );
  }
  return { registry, repository };
}

/**
 * formatReference returns the reference as text, `registry/repository[:tag][@digest]`, the form
 * parseReference reads back. Docker Hub images keep their full `docker.io/library/...` name.
 */
export function formatReference(ref: ImageReference): string {
  const tag = ref.tag ? `:${ref.tag}` : '';
  const digest = ref.digest ? `@${ref.digest}` : '';
  return `${ref.registry}/${ref.repository}${tag}${digest}`;
}

/**
 * manifestReference returns what to ask the registry's manifests endpoint for: the digest when
 * there is one (it pins the content), else the tag, else `latest`.
 */
export function manifestReference(ref: ImageReference): string {
  return ref.digest ?? ref.tag ?? 'latest';
}
