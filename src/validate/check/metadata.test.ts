import { checkMetadata, qualifiedNameMessages, subdomainMessages } from './metadata.js';

const subdomainError =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('checkMetadata', () => {
  it.each<{ name: string; metadata: unknown; namespaced?: boolean; errors: string[]; warnings?: string[] }>([
    { name: 'a valid name and namespace', metadata: { name: 'orders.v1', namespace: 'apps' }, errors: [] },
    {
      name: 'a name that is no DNS subdomain',
      metadata: { name: 'Orders_1', namespace: 'apps' },
      errors: [`metadata.name: Invalid value: "Orders_1": ${subdomainError}`],
    },
    {
      name: 'a name too long',
      metadata: { name: 'a'.repeat(254), namespace: 'apps' },
      errors: [`metadata.name: Invalid value: "${'a'.repeat(254)}": must be no more than 253 characters`],
    },
    {
      name: 'no name',
      metadata: { namespace: 'apps' },
      errors: ['metadata.name: Required value: name or generateName is required'],
    },
    {
      name: 'a generateName with its trailing dash',
      metadata: { generateName: 'orders-', namespace: 'apps' },
      errors: [],
    },
    {
      name: 'no metadata',
      metadata: undefined,
      errors: ['metadata.name: Required value: name or generateName is required'],
    },
    {
      name: 'a namespace that is no DNS label',
      metadata: { name: 'a', namespace: 'team.apps' },
      errors: ['metadata.namespace: Invalid value: "team.apps": must not contain dots'],
    },
    {
      name: 'no namespace on a namespaced kind: a warning',
      metadata: { name: 'a' },
      errors: [],
      warnings: [
        'metadata.namespace: Required value: the kind is namespaced: the namespace comes from where the object is applied',
      ],
    },
    {
      name: 'a namespace on a cluster-scoped kind: a warning',
      metadata: { name: 'a', namespace: 'apps' },
      namespaced: false,
      errors: [],
      warnings: [
        'metadata.namespace: Invalid value: "apps": the kind is cluster-scoped: the API server ignores the namespace',
      ],
    },
    {
      name: 'a field ObjectMeta does not have',
      metadata: { name: 'a', namespace: 'apps', labelz: {} },
      errors: ['metadata.labelz: Invalid value: "labelz": unknown field: "metadata.labelz"'],
    },
    {
      name: 'a label value too long and a label key that is no qualified name',
      metadata: { name: 'a', namespace: 'apps', labels: { 'a b': 'x'.repeat(64) } },
      errors: [
        expect.stringMatching(
          /^metadata.labels: Invalid value: "a b": name part must consist of alphanumeric/,
        ),
        `metadata.labels: Invalid value: "${'x'.repeat(64)}": must be no more than 63 characters`,
      ] as unknown as string[],
    },
    {
      name: 'an annotation key with an empty prefix, a label value that is no string',
      metadata: { name: 'a', namespace: 'apps', annotations: { '/x': 'y' }, labels: { a: 1 } },
      errors: [
        'metadata.labels.a: Invalid value: 1: must be a string',
        'metadata.annotations: Invalid value: "/x": prefix part must be non-empty',
      ],
    },
  ])('$name', ({ metadata, namespaced, errors, warnings }) => {
    const found = checkMetadata(metadata === undefined ? {} : { metadata }, namespaced ?? true);
    expect(found.errors.map((p) => p.message)).toEqual(errors);
    expect(found.warnings.map((p) => p.message)).toEqual(warnings ?? []);
  });
});

describe('name rules', () => {
  it.each([
    ['example.com', 0],
    ['a-b', 0],
    ['-a', 1],
    ['A', 1],
  ])('subdomainMessages(%s) has %d messages', (s, n) => {
    expect(subdomainMessages(s)).toHaveLength(n);
  });

  it.each([
    ['app.kubernetes.io/name', 0],
    ['Name_1', 0],
    ['a/b/c', 1],
    ['EXAMPLE.com/x', 1],
    [`${'x'.repeat(64)}`, 1],
  ])('qualifiedNameMessages(%s) has %d messages', (s, n) => {
    expect(qualifiedNameMessages(s)).toHaveLength(n);
  });
});
