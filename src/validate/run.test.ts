import { validateSources } from './run.js';
import { Catalog } from './schemas/catalog.js';
import type { Collected } from './sources/walk.js';

const catalog = new Catalog();
catalog.add({
  group: 'example.org',
  version: 'v1',
  kind: 'Thing',
  plural: 'things',
  namespaced: true,
  source: 'test',
  schema: {
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec: {
        type: 'object',
        required: ['size'],
        properties: { size: { type: 'string', enum: ['s', 'm'] } },
      },
    },
  },
});

function run(text: string, namespace?: string) {
  const collected: Collected = {
    sources: [{ file: 'things.yaml', text, ...(namespace ? { namespace } : {}) }],
    notes: [],
  };
  return validateSources(collected, catalog);
}

const thing = (name: string, spec: string, ns = 'apps') =>
  `apiVersion: example.org/v1\nkind: Thing\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec: ${spec}\n`;

describe('validateSources', () => {
  it('validates claims and XRs, skips other documents, and counts each', () => {
    const report = run(
      [
        thing('a', '{size: s}'),
        thing('b', '{size: xl}'),
        'apiVersion: example.org/v2\nkind: Thing\nmetadata: {name: c}\n',
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\n',
        '- not\n- an object\n',
      ].join('---\n'),
    );
    expect(report.summary).toEqual({
      total: 3,
      valid: 1,
      invalid: 1,
      missingSchemas: 1,
      skipped: 2,
      malformed: 0,
    });
    expect(report.resources.map((r) => [r.name, r.status, r.line])).toEqual([
      ['a', 'valid', 1],
      ['b', 'invalid', 8],
      ['c', 'missingSchema', 15],
    ]);
    expect(report.skipped.map((s) => [s.kind, s.name])).toEqual([
      ['ConfigMap', 'd'],
      ['', ''],
    ]);
  });

  it('places each error at its field', () => {
    const [b] = run(thing('b', '\n  size: xl')).resources;
    expect(b?.errors).toEqual([
      {
        type: 'schema',
        field: 'spec.size',
        message: 'spec.size: Unsupported value: "xl": supported values: "s", "m"',
        value: 'xl',
        file: 'things.yaml',
        line: 7,
        column: 3,
      },
    ]);
  });

  it("sets a kustomization's namespace on what it validates", () => {
    const report = run(thing('a', '{size: s}', 'other'), 'team');
    expect(report.resources[0]).toMatchObject({ namespace: 'team', status: 'valid' });
  });

  it('warns about a namespaced object without a namespace, without failing it', () => {
    const [r] = run(
      'apiVersion: example.org/v1\nkind: Thing\nmetadata: {name: a}\nspec: {size: s}\n',
    ).resources;
    expect(r).toMatchObject({ status: 'valid', warnings: [{ field: 'metadata.namespace', line: 3 }] });
  });

  it('reports malformed YAML and still validates the rest', () => {
    const report = run(`${thing('a', '{size: s}')}---\nspec: [\n`);
    expect(report.summary).toMatchObject({ valid: 1, malformed: 1 });
    expect(report.malformed[0]).toMatchObject({ file: 'things.yaml', line: 9 });
  });
});

describe('validateSources with a List', () => {
  it('classifies the items of a kubectl List one by one, placing errors inside it', () => {
    const report = run(
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: example.org/v1\n    kind: Thing\n    metadata: {name: a, namespace: x}\n    spec: {size: xl}\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: b}\n',
    );
    expect(report.resources.map((r) => [r.name, r.status, r.line])).toEqual([['a', 'invalid', 4]]);
    expect(report.resources[0]?.errors?.[0]).toMatchObject({ field: 'spec.size', line: 7, column: 12 });
    expect(report.skipped.map((s) => [s.kind, s.line])).toEqual([['ConfigMap', 8]]);
  });
});
