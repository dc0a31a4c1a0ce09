import { parseAllDocuments } from 'yaml';
import { mergeOverride, renderYaml } from './output.js';

describe('renderYaml', () => {
  const out = {
    xr: {
      kind: 'X',
      apiVersion: 'a/v1',
      status: { conditions: [{ type: 'Ready', lastTransitionTime: '2024-01-01T00:00:00Z' }] },
    },
    composed: [{ kind: 'ConfigMap', apiVersion: 'v1', data: { on: 'true', answer: 'yes' } }],
    events: [{ type: 'Normal' as const, reason: 'R', message: 'm: n' }],
    context: { k: 1 },
    input: { kind: 'X', apiVersion: 'a/v1', spec: { keep: 1 } },
  };

  it('prints each document after ---, keys sorted, strings that YAML 1.1 would read otherwise quoted', () => {
    expect(renderYaml(out)).toBe(
      [
        '---',
        'apiVersion: a/v1',
        'kind: X',
        'status:',
        '  conditions:',
        '  - lastTransitionTime: "2024-01-01T00:00:00Z"',
        '    type: Ready',
        '---',
        'apiVersion: v1',
        'data:',
        '  answer: "yes"',
        '  "on": "true"',
        'kind: ConfigMap',
        '',
      ].join('\n'),
    );
  });

  it('adds Results, the Context and the full XR when asked', () => {
    const docs = parseAllDocuments(
      renderYaml(out, { includeFunctionResults: true, includeContext: true, includeFullXr: true }),
    ).map((d) => d.toJS());
    expect(docs[0]).toMatchObject({ spec: { keep: 1 }, status: { conditions: [{ type: 'Ready' }] } });
    expect(docs.slice(2)).toEqual([
      {
        apiVersion: 'render.crossplane.io/v1beta1',
        kind: 'Result',
        message: 'm: n',
        reason: 'R',
        severity: 'Normal',
      },
      { apiVersion: 'render.crossplane.io/v1beta1', kind: 'Context', fields: { k: 1 } },
    ]);
  });
});

describe('mergeOverride', () => {
  it('merges objects and replaces other values unless they are empty', () => {
    expect(mergeOverride({ a: { b: 1, c: 2 }, d: [1], e: 'x' }, { a: { b: 3 }, d: [], e: '', f: 0 })).toEqual(
      {
        a: { b: 3, c: 2 },
        d: [1],
        e: 'x',
      },
    );
  });
});
