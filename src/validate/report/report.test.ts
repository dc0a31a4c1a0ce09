import type { Report } from '../types.js';
import { jsonReport } from './json.js';
import { summary, textReport } from './text.js';

const report: Report = {
  summary: { total: 3, valid: 1, invalid: 1, missingSchemas: 1, skipped: 2, malformed: 1 },
  resources: [
    {
      apiVersion: 'example.org/v1',
      kind: 'Thing',
      name: 'a',
      namespace: 'apps',
      status: 'valid',
      file: 't.yaml',
      line: 1,
    },
    {
      apiVersion: 'example.org/v1',
      kind: 'Thing',
      name: 'b',
      namespace: 'apps',
      status: 'invalid',
      errors: [
        {
          type: 'cel',
          field: '',
          message: '<nil>: Invalid value: no',
          value: {},
          file: 't.yaml',
          line: 8,
          column: 1,
        },
        {
          type: 'schema',
          field: 'spec.size',
          message: 'spec.size: Required value',
          value: '',
          file: 't.yaml',
          line: 12,
          column: 1,
        },
      ],
      file: 't.yaml',
      line: 8,
    },
    {
      apiVersion: 'example.org/v2',
      kind: 'Thing',
      name: 'c',
      status: 'missingSchema',
      errors: [
        {
          type: 'schema',
          field: 'kind',
          message: 'kind: example.org serves Thing in version v1, not v2',
          file: 't.yaml',
          line: 15,
          column: 1,
        },
      ],
      file: 't.yaml',
      line: 15,
    },
  ],
  skipped: [
    { apiVersion: 'v1', kind: 'ConfigMap', name: 'd', file: 't.yaml', line: 20 },
    { apiVersion: 'v1', kind: 'ConfigMap', name: 'e', file: 't.yaml', line: 25 },
  ],
  malformed: [{ file: 'bad.yaml', line: 3, column: 2, message: 'cannot parse YAML: oops' }],
  notes: [{ file: 'kustomization.yaml', message: 'patches not applied' }],
};

describe('textReport', () => {
  it('writes file:line:column lines, notes and a summary', () => {
    expect(textReport(report)).toBe(
      [
        'bad.yaml:3:2: error: cannot parse YAML: oops',
        't.yaml:8:1: error: Thing apps/b: <nil>: Invalid value: no',
        't.yaml:12:1: error: Thing apps/b: spec.size: Required value',
        't.yaml:15:1: error: Thing c: no schema for example.org/v2, Kind=Thing: example.org serves Thing in version v1, not v2',
        'kustomization.yaml: note: patches not applied',
        '3 resources: 1 valid, 1 invalid, 1 without a schema; 2 skipped, not claims or XRs of the schemas (ConfigMap 2); 1 malformed',
        '',
      ].join('\n'),
    );
  });

  it('lists valid resources and skipped documents when verbose', () => {
    const text = textReport(report, { verbose: true });
    expect(text).toContain('t.yaml:1:1: ok: Thing apps/a\n');
    expect(text).toContain('t.yaml:20:1: skipped: ConfigMap d\n');
  });

  it('counts one resource in the singular', () => {
    expect(
      summary({
        ...report,
        summary: { ...report.summary, total: 1, missingSchemas: 0, skipped: 0, malformed: 0 },
      }),
    ).toBe('1 resource: 1 valid, 1 invalid');
  });
});

describe('jsonReport', () => {
  it("prints crossplane resource validate's shape, with positions, leaving empty fields out", () => {
    const json = JSON.parse(jsonReport(report));
    expect(json.summary).toEqual(report.summary);
    expect(json.resources[0]).toEqual({
      apiVersion: 'example.org/v1',
      kind: 'Thing',
      name: 'a',
      namespace: 'apps',
      status: 'valid',
      file: 't.yaml',
      line: 1,
    });
    expect(json.resources[1].errors[0]).toEqual({
      type: 'cel',
      message: '<nil>: Invalid value: no',
      value: {},
      file: 't.yaml',
      line: 8,
      column: 1,
    });
    expect(json.resources[1].errors[1]).toMatchObject({ type: 'schema', field: 'spec.size' });
    expect(Object.keys(json)).toEqual(['summary', 'resources', 'skipped', 'malformed', 'notes']);
  });
});
