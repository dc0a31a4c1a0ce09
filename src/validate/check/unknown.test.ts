import type { SchemaNode } from '../../bridge/schema/types.js';
import { pruneUnknown } from './unknown.js';

const schema: SchemaNode = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
        free: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { typed: { type: 'object', properties: { a: { type: 'string' } } } },
        },
        map: {
          type: 'object',
          additionalProperties: { type: 'object', properties: { v: { type: 'string' } } },
        },
        embedded: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          properties: { spec: { type: 'object' } },
        },
      },
    },
  },
};

describe('pruneUnknown', () => {
  it.each<{ name: string; input: Record<string, unknown>; fields: string[]; left: Record<string, unknown> }>([
    {
      name: 'a field the schema does not declare',
      input: { spec: { extra: 1 } },
      fields: ['spec.extra'],
      left: { spec: {} },
    },
    {
      name: 'fields inside list items, sorted by path',
      input: { spec: { items: [{ name: 'a', x: 1 }, { y: 2 }] } },
      fields: ['spec.items[0].x', 'spec.items[1].y'],
      left: { spec: { items: [{ name: 'a' }, {}] } },
    },
    {
      name: 'anything under x-kubernetes-preserve-unknown-fields, but not inside what it declares',
      input: { spec: { free: { anything: [1, { b: 2 }], typed: { a: 'x', z: 1 } } } },
      fields: ['spec.free.typed.z'],
      left: { spec: { free: { anything: [1, { b: 2 }], typed: { a: 'x' } } } },
    },
    {
      name: 'fields of map values',
      input: { spec: { map: { k: { v: 'x', w: 'y' } } } },
      fields: ['spec.map.k.w'],
      left: { spec: { map: { k: { v: 'x' } } } },
    },
    {
      name: 'apiVersion, kind and metadata of the resource and of embedded resources',
      input: {
        apiVersion: 'v1',
        kind: 'X',
        metadata: { name: 'a' },
        spec: { embedded: { apiVersion: 'v1', kind: 'Y', metadata: {}, spec: {}, status: {} } },
      },
      fields: ['spec.embedded.status'],
      left: {
        apiVersion: 'v1',
        kind: 'X',
        metadata: { name: 'a' },
        spec: { embedded: { apiVersion: 'v1', kind: 'Y', metadata: {}, spec: {} } },
      },
    },
    { name: 'a top-level field', input: { spec: {}, foo: 1 }, fields: ['foo'], left: { spec: {} } },
  ])('$name', ({ input, fields, left }) => {
    const problems = pruneUnknown(input, schema);
    expect(problems.map((p) => p.field)).toEqual(fields);
    expect(input).toEqual(left);
  });

  it('words its errors as crossplane resource validate does', () => {
    const [p] = pruneUnknown({ spec: { items: [{ extra: 1 }] } }, schema);
    expect(p).toMatchObject({
      type: 'unknownField',
      path: ['spec', 'items', 0, 'extra'],
      message: 'spec.items[0].extra: Invalid value: "extra": unknown field: "extra"',
      value: 'extra',
    });
  });
});
