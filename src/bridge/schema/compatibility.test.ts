import { fixture } from '../../../test/fixtures/bridge/load.js';
import {
  apiChanges,
  type ComparableAPI,
  type ComparableVersion,
  isCompatible,
  type SchemaChange,
  schemaChanges,
  versionChanges,
} from './compatibility.js';
import type { SchemaNode } from './types.js';

/** base returns the PostgreSQLInstance schema with a list and a map added, to change in each case. */
function base(): SchemaNode {
  const ars = fixture('postgresqlinstance.apiresourceschema.yaml') as {
    spec: { versions: { schema: SchemaNode }[] };
  };
  const root = ars.spec.versions[0]!.schema;
  const params = root.properties!.spec!.properties!.parameters!;
  params.properties!.tags = { type: 'array', maxItems: 10, items: { type: 'string' } };
  params.properties!.labels = { type: 'object', additionalProperties: { type: 'string', maxLength: 63 } };
  return root;
}

const at = (root: SchemaNode, path: string): SchemaNode =>
  path.split('.').reduce((node, name) => node.properties![name]!, root);
const params = (root: SchemaNode) => at(root, 'spec.parameters');
const field = (root: SchemaNode, name: string) => at(root, `spec.parameters.${name}`);
const change = (path: string, compatible: boolean, reason: RegExp) => ({
  path,
  compatible,
  reason: expect.stringMatching(reason),
});
const p = (name: string) => `spec.parameters.${name}`;

describe('schemaChanges', () => {
  it.each<{ name: string; edit: (root: SchemaNode) => void; expected: SchemaChange[] }>([
    { name: 'nothing changed', edit: () => {}, expected: [] },
    {
      name: 'an optional field added',
      edit: (r) => {
        params(r).properties!.size = { type: 'string' };
      },
      expected: [change(p('size'), true, /optional field added/)],
    },
    {
      name: 'a required field added',
      edit: (r) => {
        params(r).properties!.size = { type: 'string' };
        params(r).required!.push('size');
      },
      expected: [change(p('size'), false, /required field added/)],
    },
    {
      name: 'a field removed',
      edit: (r) => {
        delete params(r).properties!.version;
      },
      expected: [change(p('version'), false, /field removed/)],
    },
    {
      name: 'a field newly required',
      edit: (r) => {
        params(r).required!.push('version');
      },
      expected: [change(p('version'), false, /newly required/)],
    },
    {
      name: 'a field no longer required',
      edit: (r) => {
        params(r).required = ['storageGB'];
      },
      expected: [change(p('databaseName'), true, /no longer required/)],
    },
    {
      name: 'a type changed',
      edit: (r) => {
        field(r, 'storageGB').type = 'string';
      },
      expected: [change(p('storageGB'), false, /type changed from integer to string/)],
    },
    {
      name: 'integer widened to number',
      edit: (r) => {
        field(r, 'storageGB').type = 'number';
      },
      expected: [change(p('storageGB'), true, /widened/)],
    },
    {
      name: 'an enum value added',
      edit: (r) => {
        field(r, 'version').enum = ['15', '16', '17'];
      },
      expected: [change(p('version'), true, /enum values added: "17"/)],
    },
    {
      name: 'an enum value removed',
      edit: (r) => {
        field(r, 'version').enum = ['16'];
      },
      expected: [change(p('version'), false, /enum values removed: "15"/)],
    },
    {
      name: 'an enum where there was none',
      edit: (r) => {
        field(r, 'databaseName').enum = ['app'];
      },
      expected: [change(p('databaseName'), false, /values restricted/)],
    },
    {
      name: 'description and default changed',
      edit: (r) => {
        field(r, 'version').description = 'Which PostgreSQL.';
        field(r, 'version').default = '15';
      },
      expected: [
        change(p('version'), true, /description changed/),
        change(p('version'), true, /default changed/),
      ],
    },
    {
      name: 'a smaller maxLength',
      edit: (r) => {
        field(r, 'databaseName').maxLength = 32;
      },
      expected: [change(p('databaseName'), false, /maxLength changed from 63 to 32/)],
    },
    {
      name: 'a larger maxLength',
      edit: (r) => {
        field(r, 'databaseName').maxLength = 128;
      },
      expected: [change(p('databaseName'), true, /maxLength changed from 63 to 128/)],
    },
    {
      name: 'a maximum where there was none',
      edit: (r) => {
        field(r, 'storageGB').maximum = 1000;
      },
      expected: [change(p('storageGB'), false, /maximum set to 1000/)],
    },
    {
      name: 'a higher minimum',
      edit: (r) => {
        field(r, 'storageGB').minimum = 10;
      },
      expected: [change(p('storageGB'), false, /minimum changed from 1 to 10/)],
    },
    {
      name: 'a minimum removed',
      edit: (r) => {
        delete field(r, 'storageGB').minimum;
      },
      expected: [change(p('storageGB'), true, /minimum removed/)],
    },
    {
      name: 'a new pattern',
      edit: (r) => {
        field(r, 'databaseName').pattern = '^[a-z_]+$';
      },
      expected: [change(p('databaseName'), false, /pattern set/)],
    },
    {
      name: 'a validation rule added',
      edit: (r) => {
        params(r)['x-kubernetes-validations'] = [{ rule: 'self.storageGB <= 500' }];
      },
      expected: [change('spec.parameters', false, /validation rule added: self.storageGB <= 500/)],
    },
    {
      name: 'fewer items allowed',
      edit: (r) => {
        field(r, 'tags').maxItems = 5;
      },
      expected: [change(p('tags'), false, /maxItems changed from 10 to 5/)],
    },
    {
      name: 'an item type changed',
      edit: (r) => {
        field(r, 'tags').items = { type: 'integer' };
      },
      expected: [change(`${p('tags')}[*]`, false, /type changed from string to integer/)],
    },
    {
      name: 'map values narrowed',
      edit: (r) => {
        (field(r, 'labels').additionalProperties as SchemaNode).maxLength = 8;
      },
      expected: [change(`${p('labels')}.*`, false, /maxLength changed from 63 to 8/)],
    },
    {
      name: 'a list turned from map into atomic',
      edit: (r) => {
        at(r, 'status.conditions')['x-kubernetes-list-type'] = 'atomic';
      },
      expected: [change('status.conditions', false, /x-kubernetes-list-type changed/)],
    },
  ])('$name', ({ edit, expected }) => {
    const after = base();
    edit(after);
    expect(schemaChanges(base(), after)).toEqual(expected);
  });

  it.each<{ name: string; before: SchemaNode; after: SchemaNode; expected: SchemaChange[] }>([
    {
      name: 'unknown fields now pruned',
      before: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      after: { type: 'object' },
      expected: [change('(root)', false, /now pruned/)],
    },
    {
      name: 'null no longer allowed',
      before: { type: 'string', nullable: true },
      after: { type: 'string' },
      expected: [change('(root)', false, /null no longer allowed/)],
    },
    {
      name: 'a validation rule removed',
      before: { type: 'object', 'x-kubernetes-validations': [{ rule: 'has(self.a)' }] },
      after: { type: 'object' },
      expected: [change('(root)', true, /validation rule removed: has\(self.a\)/)],
    },
    {
      name: 'a field dropped from a node that keeps unknown fields',
      before: {
        type: 'object',
        properties: { a: { type: 'string' } },
        'x-kubernetes-preserve-unknown-fields': true,
      },
      after: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      expected: [change('a', true, /still kept/)],
    },
    {
      name: 'map entries no longer allowed',
      before: { type: 'object', additionalProperties: { type: 'string' } },
      after: { type: 'object' },
      expected: [change('(root)', false, /now restricted/)],
    },
  ])('$name', ({ before, after, expected }) => {
    expect(schemaChanges(before, after)).toEqual(expected);
  });
});

describe('versionChanges', () => {
  const schema: SchemaNode = { type: 'object', properties: { spec: { type: 'object' } } };
  const v = (name: string, more: Partial<ComparableVersion> = {}): ComparableVersion => ({
    name,
    served: true,
    storage: name === 'v1',
    schema,
    ...more,
  });
  it.each<{
    name: string;
    before: ComparableVersion[];
    after: ComparableVersion[];
    expected: SchemaChange[];
  }>([
    { name: 'the same versions', before: [v('v1')], after: [v('v1')], expected: [] },
    {
      name: 'a served version removed',
      before: [v('v1'), v('v2')],
      after: [v('v1')],
      expected: [{ version: 'v2', path: '(version)', compatible: false, reason: 'served version removed' }],
    },
    {
      name: 'a version no longer served',
      before: [v('v1'), v('v2')],
      after: [v('v1'), v('v2', { served: false })],
      expected: [{ version: 'v2', path: '(version)', compatible: false, reason: 'no longer served' }],
    },
    {
      name: 'a version added, and made the storage version',
      before: [v('v1')],
      after: [v('v1', { storage: false }), v('v2', { storage: true })],
      expected: [
        { version: 'v2', path: '(version)', compatible: true, reason: 'served version added' },
        { path: '(versions)', compatible: true, reason: 'storage version changed from v1 to v2' },
      ],
    },
    {
      name: 'a schema change within a version',
      before: [v('v1')],
      after: [v('v1', { schema: { type: 'object' } })],
      expected: [{ version: 'v1', path: 'spec', compatible: false, reason: 'field removed' }],
    },
  ])('$name', ({ before, after, expected }) => {
    expect(versionChanges(before, after)).toEqual(expected);
  });
});

describe('apiChanges', () => {
  const api: ComparableAPI = {
    group: 'db.kxp.dev',
    names: { kind: 'PostgreSQLInstance', plural: 'postgresqlinstances' },
    scope: 'Namespaced',
    versions: [{ name: 'v1', served: true, storage: true, schema: { type: 'object' } }],
  };
  it.each<{ name: string; after: ComparableAPI; expected: SchemaChange[] }>([
    { name: 'the same API', after: api, expected: [] },
    {
      name: 'another kind and scope',
      after: { ...api, names: { ...api.names, kind: 'Database' }, scope: 'Cluster' },
      expected: [
        change('spec.names.kind', false, /changed from PostgreSQLInstance to Database/),
        change('spec.scope', false, /another API altogether/),
      ],
    },
  ])('$name', ({ after, expected }) => {
    expect(apiChanges(api, after)).toEqual(expected);
  });
});

describe('isCompatible', () => {
  it.each([
    { name: 'no changes', input: [], expected: true },
    { name: 'only compatible ones', input: [{ path: 'a', compatible: true, reason: 'r' }], expected: true },
    {
      name: 'one incompatible',
      input: [
        { path: 'a', compatible: true, reason: 'r' },
        { path: 'b', compatible: false, reason: 'r' },
      ],
      expected: false,
    },
  ])('$name', ({ input, expected }) => {
    expect(isCompatible(input)).toBe(expected);
  });
});
