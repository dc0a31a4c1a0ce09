import type { SchemaNode } from '../../bridge/schema/types.js';
import { checkListTypes } from './listtype.js';

const schema: SchemaNode = {
  type: 'object',
  properties: {
    set: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
    ports: {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['port'],
      items: { type: 'object', properties: { port: { type: 'integer' }, name: { type: 'string' } } },
    },
    pairs: {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['a', 'b'],
      items: { type: 'object' },
    },
    atomic: { type: 'array', 'x-kubernetes-list-type': 'atomic', items: { type: 'string' } },
  },
};

describe('checkListTypes', () => {
  it.each<{ name: string; input: Record<string, unknown>; expected: string[] }>([
    { name: 'a set without duplicates', input: { set: ['a', 'b'] }, expected: [] },
    {
      name: 'a set with a value twice, reported once',
      input: { set: ['a', 'b', 'a', 'a'] },
      expected: ['set[2]: Duplicate value: "a"'],
    },
    {
      name: 'a map list with a key twice',
      input: { ports: [{ port: 80 }, { port: 443 }, { port: 80, name: 'x' }] },
      expected: ['ports[2]: Duplicate value: {"port":80}'],
    },
    {
      name: 'a map list keyed by two fields',
      input: {
        pairs: [
          { a: 1, b: 2 },
          { a: 1, b: 3 },
          { b: 2, a: 1 },
        ],
      },
      expected: ['pairs[2]: Duplicate value: {"a":1,"b":2}'],
    },
    {
      name: 'a map list with an item that is no object',
      input: { ports: [{ port: 80 }, 'x'] },
      expected: ['ports[1]: Invalid value: "x": must be an object for an array of list-type map'],
    },
    { name: 'an atomic list may repeat', input: { atomic: ['a', 'a'] }, expected: [] },
  ])('$name', ({ input, expected }) => {
    expect(checkListTypes(input, schema).map((p) => p.message)).toEqual(expected);
  });
});
