import { fixture } from '../../../test/fixtures/bridge/load.js';
import { formatProblem, type SchemaProblem, schemaProblems } from './problems.js';
import type { SchemaNode } from './types.js';

type Version = {
  name: string;
  storage: boolean;
  served: boolean;
  schema: SchemaNode;
  subresources?: unknown;
};
type ARS = { spec: { scope: string; versions: Version[] } };

/** changed returns the PostgreSQLInstance APIResourceSchema after change, given its spec and first version's schema. */
function changed(change: (s: ARS['spec'], root: SchemaNode) => void): unknown {
  const ars = fixture('postgresqlinstance.apiresourceschema.yaml') as ARS;
  change(ars.spec, ars.spec.versions[0]!.schema);
  return ars;
}

const status = (root: SchemaNode) => root.properties!.status!;
const spec = (root: SchemaNode) => root.properties!.spec!;
const v = (path: string, message: RegExp) => ({
  version: 'v1alpha1',
  path,
  message: expect.stringMatching(message),
});

describe('schemaProblems', () => {
  it.each<{ name: string; input: unknown; claims?: boolean; expected: SchemaProblem[] }>([
    { name: 'the PostgreSQLInstance API as a namespaced XR', input: changed(() => {}), expected: [] },
    { name: 'the PostgreSQLInstance API as a claim', input: changed(() => {}), claims: true, expected: [] },
    {
      name: 'no status subresource',
      input: changed((s) => {
        delete s.versions[0]!.subresources;
      }),
      expected: [v('status', /no status subresource/)],
    },
    {
      name: 'a status that would prune conditions',
      input: changed((_, root) => {
        delete status(root).properties!.conditions;
      }),
      expected: [v('status.conditions', /is not defined: kcp would prune the conditions/)],
    },
    {
      name: 'a status that keeps unknown fields (in kcp only)',
      input: changed((_, root) => {
        delete status(root).properties!.conditions;
        status(root)['x-kubernetes-preserve-unknown-fields'] = true;
      }),
      expected: [v('status', /preserve-unknown-fields is dropped by Crossplane/)],
    },
    {
      name: 'no status at all',
      input: changed((_, root) => {
        delete root.properties!.status;
      }),
      expected: [v('status', /is not defined/)],
    },
    {
      name: 'conditions of another shape',
      input: changed((_, root) => {
        status(root).properties!.conditions = { type: 'object', additionalProperties: { type: 'string' } };
      }),
      expected: [v('status.conditions', /must be a list of objects with type and status/)],
    },
    {
      name: 'a user-defined spec.crossplane',
      input: changed((_, root) => {
        spec(root).properties!.crossplane = { type: 'object' };
      }),
      expected: [v('spec.crossplane', /is Crossplane’s own/)],
    },
    {
      name: 'spec.crossplane is the user’s own in a claim',
      input: changed((_, root) => {
        spec(root).properties!.crossplane = { type: 'object' };
      }),
      claims: true,
      expected: [],
    },
    {
      name: 'a claim defining compositionRef and a string writeConnectionSecretToRef',
      input: changed((_, root) => {
        spec(root).properties!.compositionRef = { type: 'object' };
        spec(root).properties!.writeConnectionSecretToRef = { type: 'string' };
      }),
      claims: true,
      expected: [
        v('spec.compositionRef', /is Crossplane’s own/),
        v('spec.writeConnectionSecretToRef', /must be an object/),
      ],
    },
    {
      name: 'what Crossplane drops from an XRD’s schema',
      input: changed((_, root) => {
        root.properties!.data = { type: 'string' };
        root.required = ['spec', 'data'];
        spec(root).anyOf = [{ required: ['parameters'] }];
      }),
      expected: [
        v('data', /only spec and status/),
        v('(root)', /requires data, which Crossplane drops/),
        v('spec', /anyOf is dropped by Crossplane/),
      ],
    },
    {
      name: 'a spec that is not an object',
      input: changed((_, root) => {
        root.properties!.spec = { type: 'string' };
      }),
      expected: [v('spec', /must be defined as an object/)],
    },
    {
      name: 'a cluster-scoped API with two storage versions',
      input: changed((s) => {
        s.scope = 'Cluster';
        s.versions.push({ ...s.versions[0]!, name: 'v1beta1' });
      }),
      expected: [
        { path: 'spec.scope', message: expect.stringMatching(/is Cluster/) },
        { path: 'spec.versions', message: expect.stringMatching(/exactly one storage version/) },
      ],
    },
    {
      name: 'no APIResourceSchema at all',
      input: { spec: {} },
      expected: [
        { path: '(root)', message: expect.stringMatching(/^cannot read APIResourceSchema: metadata/) },
      ],
    },
  ])('$name', ({ input, claims, expected }) => {
    expect(schemaProblems(input, { claims })).toEqual(expected);
  });
});

describe('formatProblem', () => {
  it.each([
    {
      name: 'with a version',
      input: { version: 'v1', path: 'status', message: 'm' },
      expected: 'v1: status: m',
    },
    { name: 'without', input: { path: 'spec.scope', message: 'm' }, expected: 'spec.scope: m' },
  ])('$name', ({ input, expected }) => {
    expect(formatProblem(input)).toBe(expected);
  });
});
