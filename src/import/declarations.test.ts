import type { SchemaNode } from '../bridge/schema/types.js';
import { TypeBuilder } from './declarations.js';
import { NameRegistry } from './registry.js';

function builder(): TypeBuilder {
  return new TypeBuilder(new NameRegistry(), { kind: 'Gadget', label: 'Gadget (example.com/v1)' });
}

describe('TypeBuilder.typeOf', () => {
  const cases: { name: string; schema: SchemaNode; type: string }[] = [
    { name: 'a string', schema: { type: 'string', format: 'date-time' }, type: 'string' },
    { name: 'an integer', schema: { type: 'integer', format: 'int64', minimum: 1 }, type: 'number' },
    { name: 'a number', schema: { type: 'number' }, type: 'number' },
    { name: 'a boolean', schema: { type: 'boolean' }, type: 'boolean' },
    { name: 'an enum, in its order', schema: { type: 'string', enum: ['b', 'a'] }, type: "'b' | 'a'" },
    { name: 'a numeric enum', schema: { type: 'integer', enum: [1, 2] }, type: '1 | 2' },
    {
      name: 'a nullable enum with null among its values',
      schema: { type: 'string', enum: ['a', null], nullable: true },
      type: "'a' | null",
    },
    {
      name: 'an enum of objects, as its type',
      schema: { type: 'object', enum: [{}] },
      type: '{ [key: string]: never }',
    },
    { name: 'int-or-string', schema: { 'x-kubernetes-int-or-string': true }, type: 'number | string' },
    {
      name: 'int-or-string with the anyOf beside it',
      schema: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
      type: 'number | string',
    },
    { name: 'any value', schema: { 'x-kubernetes-preserve-unknown-fields': true }, type: 'unknown' },
    { name: 'a nullable string', schema: { type: 'string', nullable: true }, type: 'string | null' },
    { name: 'an array', schema: { type: 'array', items: { type: 'string' } }, type: 'string[]' },
    {
      name: 'an array of a union',
      schema: { type: 'array', items: { 'x-kubernetes-int-or-string': true } },
      type: '(number | string)[]',
    },
    {
      name: 'a map of strings',
      schema: { type: 'object', additionalProperties: { type: 'string' } },
      type: '{ [key: string]: string }',
    },
    {
      name: 'a map of anything',
      schema: { type: 'object', additionalProperties: true },
      type: '{ [key: string]: unknown }',
    },
    {
      name: 'an object keeping unknown fields',
      schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      type: '{ [key: string]: unknown }',
    },
    { name: 'an object without fields', schema: { type: 'object' }, type: '{ [key: string]: never }' },
    {
      name: 'validations that do not change the type (anyOf, oneOf, not)',
      schema: { type: 'string', oneOf: [{ pattern: '^a' }, { pattern: '^b' }], not: { enum: ['c'] } },
      type: 'string',
    },
  ];

  it.each(cases)('$name: $type', ({ schema, type }) => {
    const b = builder();
    expect(b.typeOf(schema, ['spec', 'field'], 'GadgetSpecField')).toBe(type);
    expect(b.interfaces).toEqual([]);
  });

  it('declares an interface for an object with fields, and one for each object in it, parent first', () => {
    const b = builder();
    const type = b.typeOf(
      {
        type: 'object',
        required: ['name', 'size'],
        properties: {
          size: { type: 'integer', default: 1, description: 'How big.' },
          name: { type: 'string' },
          tags: {
            type: 'array',
            items: { type: 'object', properties: { key: { type: 'string' } } },
          },
          labels: {
            type: 'object',
            additionalProperties: { type: 'object', properties: { v: { type: 'string' } } },
          },
        },
        'x-kubernetes-preserve-unknown-fields': true,
      },
      ['spec'],
      'GadgetSpec',
    );
    expect(type).toBe('GadgetSpec');
    expect(b.interfaces).toEqual([
      {
        name: 'GadgetSpec',
        doc: ['The spec of a Gadget.'],
        properties: [
          {
            name: 'labels',
            type: '{ [key: string]: GadgetSpecLabels }',
            optional: true,
            doc: [undefined, undefined],
          },
          { name: 'name', type: 'string', optional: false, doc: [undefined, undefined] },
          // required, but the API server fills in its default
          { name: 'size', type: 'number', optional: true, doc: ['How big.', '@default 1'] },
          { name: 'tags', type: 'GadgetSpecTags[]', optional: true, doc: [undefined, undefined] },
        ],
        indexType: 'unknown',
      },
      {
        name: 'GadgetSpecLabels',
        doc: ['A value of spec.labels of a Gadget.'],
        properties: [{ name: 'v', type: 'string', optional: true, doc: [undefined, undefined] }],
      },
      {
        name: 'GadgetSpecTags',
        doc: ['An item of spec.tags of a Gadget.'],
        properties: [{ name: 'key', type: 'string', optional: true, doc: [undefined, undefined] }],
      },
    ]);
  });

  it('gives an embedded resource apiVersion, kind and metadata', () => {
    const b = builder();
    b.typeOf(
      { type: 'object', 'x-kubernetes-embedded-resource': true },
      ['spec', 'template'],
      'GadgetSpecTemplate',
    );
    expect(b.interfaces[0]?.properties.map((p) => [p.name, p.type, p.optional])).toEqual([
      ['apiVersion', 'string', false],
      ['kind', 'string', false],
      ['metadata', 'ApiObjectMetadata', true],
    ]);
  });

  it('numbers a nested type whose name the file already has', () => {
    const names = new NameRegistry();
    names.claimExact('GadgetSpec', 'the props of another kind');
    const b = new TypeBuilder(names, { kind: 'Gadget', label: 'Gadget (example.com/v1)' });
    expect(b.typeOf({ type: 'object', properties: { a: { type: 'string' } } }, ['spec'], 'GadgetSpec')).toBe(
      'GadgetSpec2',
    );
  });

  it.each([
    [
      { type: 'object', properties: { a: { properties: {} } } },
      'spec.a has no type (a structural schema gives each field one)',
    ],
    [{ type: 'array' }, 'spec is an array without items'],
    [
      { type: 'object', properties: { a: { type: 'array', items: { type: 'null' } } } },
      'spec.a[] has type "null", which Kubernetes does not know',
    ],
    [
      { type: 'object', properties: { a: { $ref: '#/definitions/x' } } },
      'spec.a refers to another schema ($ref), which a structural schema cannot',
    ],
  ])('refuses what it cannot express, naming the field: %j', (schema, message) => {
    expect(() => builder().typeOf(schema, ['spec'], 'GadgetSpec')).toThrow(
      `cannot import Gadget (example.com/v1): ${message}`,
    );
  });
});
