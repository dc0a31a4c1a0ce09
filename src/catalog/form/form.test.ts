import { parse } from 'yaml';
import type { ResourceSchema } from '../../validate/schemas/catalog.js';
import { checkOrder, hasErrors } from './check.js';
import { exampleYaml } from './example.js';
import { formFields } from './fields.js';
import { objectFromForm } from './values.js';

/** A claim's schema as kcp serves PostgreSQLInstance (with more kinds of fields). */
const claimSchema: ResourceSchema = {
  group: 'db.kxp.dev',
  version: 'v1alpha1',
  kind: 'PostgreSQLInstance',
  plural: 'postgresqlinstances',
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
        required: ['parameters'],
        properties: {
          compositionRef: { type: 'object', properties: { name: { type: 'string' } } },
          compositeDeletePolicy: { type: 'string', enum: ['Background', 'Foreground'] },
          parameters: {
            type: 'object',
            description: 'What the database team offers to tune.',
            properties: {
              encoding: {
                type: 'string',
                enum: ['UTF8', 'SQL_ASCII', 'LATIN1'],
                default: 'UTF8',
                description: 'Character encoding.',
              },
              connectionLimit: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
              owner: { type: 'string', maxLength: 8 },
              tags: { type: 'array', items: { type: 'string' } },
              labels: { type: 'object', additionalProperties: { type: 'string' } },
              public: { type: 'boolean' },
            },
            required: ['owner'],
            'x-kubernetes-validations': [{ rule: "self.owner != 'root'", message: 'owner may not be root' }],
          },
          writeConnectionSecretToRef: {
            type: 'object',
            properties: { name: { type: 'string' } },
            required: ['name'],
          },
        },
      },
    },
  },
};

const fields = formFields(claimSchema.schema);
const target = {
  apiVersion: 'db.kxp.dev/v1alpha1',
  kind: 'PostgreSQLInstance',
  name: 'orders',
  namespace: 'apps',
};
const byName = (n: string) => fields.find((f) => f.name === n);

describe('formFields', () => {
  it('lists the fields under spec, flattened, without what Crossplane adds for itself', () => {
    expect(fields.map((f) => f.name)).toEqual([
      'spec.parameters.owner',
      'spec.parameters.encoding',
      'spec.parameters.connectionLimit',
      'spec.parameters.tags',
      'spec.parameters.labels',
      'spec.parameters.public',
      'spec.writeConnectionSecretToRef.name',
    ]);
  });

  it.each([
    [
      'spec.parameters.encoding',
      {
        kind: 'enum',
        enum: ['UTF8', 'SQL_ASCII', 'LATIN1'],
        default: 'UTF8',
        required: false,
        description: 'Character encoding.',
      },
    ],
    ['spec.parameters.connectionLimit', { kind: 'integer', minimum: 1, maximum: 100, default: 10 }],
    ['spec.parameters.owner', { kind: 'string', required: true, maxLength: 8 }],
    ['spec.parameters.tags', { kind: 'list', itemKind: 'string' }],
    ['spec.parameters.labels', { kind: 'yaml' }],
    ['spec.parameters.public', { kind: 'boolean' }],
    ['spec.writeConnectionSecretToRef.name', { kind: 'string', required: true }],
  ])('reads %s', (name, expected) => {
    expect(byName(name)).toMatchObject(expected);
  });

  it('names the object a field belongs to on its first field', () => {
    expect(byName('spec.parameters.owner')?.section).toEqual({
      name: 'spec.parameters',
      description: 'What the database team offers to tune.',
    });
    expect(byName('spec.parameters.encoding')?.section).toBeUndefined();
  });

  it('gives no fields for a schema without spec', () => {
    expect(formFields({ type: 'object', properties: { data: { type: 'string' } } })).toEqual([]);
  });
});

describe('objectFromForm', () => {
  it('builds the object from the values, leaving empty ones to the defaults', () => {
    const built = objectFromForm(
      fields,
      {
        'spec.parameters.owner': ' app ',
        'spec.parameters.connectionLimit': '5',
        'spec.parameters.encoding': '',
        'spec.parameters.tags': 'a, b,,c',
        'spec.parameters.labels': 'team: a',
        'spec.parameters.public': 'false',
        'spec.writeConnectionSecretToRef.name': 'orders-db',
      },
      target,
    );
    expect(built.errors).toEqual({});
    expect(built.object).toEqual({
      apiVersion: 'db.kxp.dev/v1alpha1',
      kind: 'PostgreSQLInstance',
      metadata: { name: 'orders', namespace: 'apps' },
      spec: {
        parameters: {
          owner: 'app',
          connectionLimit: 5,
          tags: ['a', 'b', 'c'],
          labels: { team: 'a' },
          public: false,
        },
        writeConnectionSecretToRef: { name: 'orders-db' },
      },
    });
  });

  it('keeps a value that is not of its type as typed, for the check to word', () => {
    const built = objectFromForm(fields, { 'spec.parameters.connectionLimit': 'many' }, target);
    expect(built.object.spec).toEqual({ parameters: { connectionLimit: 'many' } });
  });

  it('refuses YAML that does not parse, at its field', () => {
    const built = objectFromForm(fields, { 'spec.parameters.labels': 'a: [' }, target);
    expect(built.errors['spec.parameters.labels']).toMatch(/^not YAML: /);
  });
});

describe('checkOrder', () => {
  const check = (values: Record<string, string>, name = 'orders') =>
    checkOrder(objectFromForm(fields, values, { ...target, name }).object, claimSchema, fields);
  const good = { 'spec.parameters.owner': 'app', 'spec.writeConnectionSecretToRef.name': 'orders-db' };

  it('finds nothing wrong in a good order (defaults filled in as the server would)', () => {
    expect(hasErrors(check(good))).toBe(false);
  });

  it.each([
    [
      'spec.parameters.connectionLimit',
      '500',
      'spec.parameters.connectionLimit: Invalid value: 500: spec.parameters.connectionLimit in body should be less than or equal to 100',
    ],
    ['spec.parameters.connectionLimit', 'many', 'must be of type integer'],
    ['spec.parameters.owner', 'much-too-long', 'Too long: may not be more than 8 bytes'],
    ['spec.parameters.owner', 'root', 'owner may not be root'],
    ['spec.parameters.encoding', 'EBCDIC', 'Unsupported value: "EBCDIC"'],
  ])('puts the problem of %s = %s next to it', (name, value, message) => {
    const e = check({ ...good, [name]: value });
    expect(e.byField[name]?.join('\n')).toContain(message);
    expect(e.general).toEqual([]);
  });

  it('reports a missing required field at it, and a bad name at the name', () => {
    const e = check({ 'spec.parameters.connectionLimit': '5' }, 'Not_A_Name');
    expect(e.byField['spec.parameters.owner']?.join()).toContain('Required value');
    expect(e.byField['metadata.name']?.join()).toContain('RFC 1123');
  });
});

describe('exampleYaml', () => {
  it('fills defaults, first allowed values and placeholders of required fields', () => {
    expect(parse(exampleYaml('db.kxp.dev/v1alpha1', 'PostgreSQLInstance', fields, 'apps'))).toEqual({
      apiVersion: 'db.kxp.dev/v1alpha1',
      kind: 'PostgreSQLInstance',
      metadata: { name: 'my-postgresqlinstance', namespace: 'apps' },
      spec: {
        parameters: { owner: 'value', encoding: 'UTF8', connectionLimit: 10 },
        writeConnectionSecretToRef: { name: 'my-name' },
      },
    });
  });
});
