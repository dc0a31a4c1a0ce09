import { formatReference, type ImageReference, manifestReference, parseReference } from './reference.js';

const sha = `sha256:${'a'.repeat(64)}`;

describe('parseReference', () => {
  const cases: { name: string; input: string; expected: ImageReference }[] = [
    {
      name: 'a local registry with a port and a tag',
      input: 'localhost:5000/fn/x:v1',
      expected: { registry: 'localhost:5000', repository: 'fn/x', tag: 'v1' },
    },
    {
      name: 'a digest',
      input: `ghcr.io/a/b@${sha}`,
      expected: { registry: 'ghcr.io', repository: 'a/b', digest: sha },
    },
    {
      name: 'a tag and a digest',
      input: `ghcr.io/a/b:v2@${sha}`,
      expected: { registry: 'ghcr.io', repository: 'a/b', tag: 'v2', digest: sha },
    },
    {
      name: "Crossplane's registry",
      input: 'xpkg.crossplane.io/crossplane-contrib/function-x:v1',
      expected: { registry: 'xpkg.crossplane.io', repository: 'crossplane-contrib/function-x', tag: 'v1' },
    },
    {
      name: 'an official Docker Hub image without a tag',
      input: 'nginx',
      expected: { registry: 'docker.io', repository: 'library/nginx', tag: 'latest' },
    },
    {
      name: 'a Docker Hub user image',
      input: 'crossplane/crossplane:v2.4.0',
      expected: { registry: 'docker.io', repository: 'crossplane/crossplane', tag: 'v2.4.0' },
    },
    {
      name: 'Docker Hub by its index name',
      input: 'index.docker.io/nginx:1',
      expected: { registry: 'docker.io', repository: 'library/nginx', tag: '1' },
    },
    {
      name: 'localhost without a port',
      input: 'localhost/fn',
      expected: { registry: 'localhost', repository: 'fn', tag: 'latest' },
    },
    {
      name: 'a loopback address and a deep path',
      input: '127.0.0.1:41234/org/team/fn-a_b.c:1.0.0-rc.1',
      expected: { registry: '127.0.0.1:41234', repository: 'org/team/fn-a_b.c', tag: '1.0.0-rc.1' },
    },
    {
      name: 'an IPv6 loopback registry',
      input: '[::1]:5000/fn:v1',
      expected: { registry: '[::1]:5000', repository: 'fn', tag: 'v1' },
    },
    {
      name: 'a single name with a tag that looks like a port',
      input: 'localhost:5000',
      expected: { registry: 'docker.io', repository: 'library/localhost', tag: '5000' },
    },
  ];
  it.each(cases)('reads $name', ({ input, expected }) => {
    expect(parseReference(input)).toEqual(expected);
  });

  const bad: { name: string; input: string; error: RegExp }[] = [
    { name: 'empty', input: '', error: /is empty/ },
    { name: 'a scheme', input: 'https://ghcr.io/a/b', error: /no scheme/ },
    { name: 'uppercase in the repository', input: 'ghcr.io/A/b', error: /invalid repository "A\/b"/ },
    { name: 'a bad tag', input: 'ghcr.io/a/b:-x', error: /invalid tag "-x"/ },
    { name: 'a short digest', input: 'ghcr.io/a/b@sha256:abc', error: /invalid digest/ },
    { name: 'an uppercase sha256', input: `ghcr.io/a/b@sha256:${'A'.repeat(64)}`, error: /lowercase hex/ },
    { name: 'a missing repository', input: 'ghcr.io/', error: /repository is missing/ },
    { name: 'a double slash', input: 'ghcr.io/a//b', error: /invalid repository/ },
    { name: 'spaces', input: ' ghcr.io/a ', error: /surrounding spaces/ },
  ];
  it.each(bad)('refuses $name, quoting the reference', ({ input, error }) => {
    expect(() => parseReference(input)).toThrow(error);
    expect(() => parseReference(input)).toThrow(`cannot parse image reference ${JSON.stringify(input)}`);
  });
});

describe('formatReference', () => {
  it.each([
    'localhost:5000/fn/x:v1',
    `ghcr.io/a/b@${sha}`,
    `ghcr.io/a/b:v2@${sha}`,
    'docker.io/library/nginx:latest',
    'xpkg.crossplane.io/crossplane-contrib/function-x:v1',
  ])('writes %s as parseReference reads it', (text) => {
    expect(formatReference(parseReference(text))).toBe(text);
  });

  it('spells out Docker Hub names', () => {
    expect(formatReference(parseReference('nginx'))).toBe('docker.io/library/nginx:latest');
  });
});

describe('manifestReference', () => {
  it('prefers the digest, then the tag, then latest', () => {
    expect(manifestReference({ registry: 'r', repository: 'a', tag: 'v1', digest: sha })).toBe(sha);
    expect(manifestReference({ registry: 'r', repository: 'a', tag: 'v1' })).toBe('v1');
    expect(manifestReference({ registry: 'r', repository: 'a' })).toBe('latest');
  });
});
