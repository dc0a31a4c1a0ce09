import type { SchemaNode } from '../../bridge/schema/types.js';
import { applyDefaults } from './defaults.js';

const schema: SchemaNode = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        size: { type: 'string', default: 'small' },
        replicas: { type: 'integer', default: 1 },
        note: { type: 'string' },
        maybe: { type: 'string', nullable: true },
        params: {
          type: 'object',
          default: { a: 'x' },
          properties: { a: { type: 'string' }, b: { type: 'integer', default: 3 } },
        },
        items: {
          type: 'array',
          items: { type: 'object', properties: { port: { type: 'integer', default: 80 } } },
        },
        labels: { type: 'object', additionalProperties: { type: 'string', default: 'none' } },
      },
    },
  },
};

describe('applyDefaults', () => {
  it.each<{ name: string; input: Record<string, unknown>; expected: Record<string, unknown> }>([
    {
      name: 'missing fields get their defaults, and defaults inside defaults apply',
      input: { spec: {} },
      expected: { spec: { size: 'small', replicas: 1, params: { a: 'x', b: 3 } } },
    },
    {
      name: 'fields set keep their values',
      input: { spec: { size: 'big', replicas: 3, params: { a: 'y', b: 4 } } },
      expected: { spec: { size: 'big', replicas: 3, params: { a: 'y', b: 4 } } },
    },
    {
      name: 'a null field that is not nullable gets its default',
      input: { spec: { size: null, params: null } },
      expected: { spec: { size: 'small', replicas: 1, params: { a: 'x', b: 3 } } },
    },
    {
      name: 'a null field neither nullable nor defaulted is dropped; a nullable one stays',
      input: { spec: { note: null, maybe: null } },
      expected: { spec: { maybe: null, size: 'small', replicas: 1, params: { a: 'x', b: 3 } } },
    },
    {
      name: 'list items and map values get defaults',
      input: { spec: { items: [{}, { port: 8080 }], labels: { a: null, b: 'x' } } },
      expected: {
        spec: {
          items: [{ port: 80 }, { port: 8080 }],
          labels: { a: 'none', b: 'x' },
          size: 'small',
          replicas: 1,
          params: { a: 'x', b: 3 },
        },
      },
    },
    { name: 'no spec, nothing to default inside it', input: {}, expected: {} },
  ])('$name', ({ input, expected }) => {
    applyDefaults(input, schema);
    expect(input).toEqual(expected);
  });

  it('copies defaults, so objects do not share them', () => {
    const a: Record<string, unknown> = { spec: {} };
    const b: Record<string, unknown> = { spec: {} };
    applyDefaults(a, schema);
    applyDefaults(b, schema);
    ((a.spec as Record<string, Record<string, unknown>>).params as Record<string, unknown>).a = 'changed';
    expect((b.spec as Record<string, Record<string, unknown>>).params).toEqual({ a: 'x', b: 3 });
  });
});
