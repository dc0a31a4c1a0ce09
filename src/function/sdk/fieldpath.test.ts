import type { JsonObject } from '../wire/types.js';
import { formatFieldPath, getField, parseFieldPath, setField } from './fieldpath.js';

describe('parseFieldPath', () => {
  it.each([
    { name: 'dotted', input: 'spec.forProvider.region', expected: ['spec', 'forProvider', 'region'] },
    { name: 'index', input: 'spec.items[0].name', expected: ['spec', 'items', 0, 'name'] },
    { name: 'quoted key', input: 'metadata.labels["a.b/c"]', expected: ['metadata', 'labels', 'a.b/c'] },
    {
      name: 'single-quoted key',
      input: "metadata.labels['a.b/c']",
      expected: ['metadata', 'labels', 'a.b/c'],
    },
    {
      name: 'bare bracket key',
      input: 'metadata.annotations[a.b/c]',
      expected: ['metadata', 'annotations', 'a.b/c'],
    },
    { name: 'nested indexes', input: 'a[1][2]', expected: ['a', 1, 2] },
    { name: 'leading bracket key', input: '["a.b/c"].d', expected: ['a.b/c', 'd'] },
    { name: 'leading index', input: '[0]', expected: [0] },
    { name: 'key after bracket', input: 'a[0].b[x].c', expected: ['a', 0, 'b', 'x', 'c'] },
  ])('$name', ({ input, expected }) => {
    expect(parseFieldPath(input)).toEqual(expected);
  });

  it.each([
    { name: 'empty', input: '', expected: 'empty path' },
    { name: 'double dot', input: 'a..b', expected: 'empty field name at position 1' },
    { name: 'trailing dot', input: 'a.', expected: 'empty field name at position 1' },
    { name: 'leading dot', input: '.a', expected: 'expected a field name at position 0' },
    { name: 'unclosed', input: 'a[0', expected: 'unclosed [ at position 1' },
    { name: 'empty brackets', input: 'a[]', expected: 'empty [] at position 1' },
    { name: 'name after bracket', input: 'a[0]b', expected: 'expected . or [ at position 4' },
    { name: 'stray ]', input: 'a]', expected: 'expected . or [ at position 1' },
  ])('rejects $name', ({ input, expected }) => {
    expect(() => parseFieldPath(input)).toThrow(
      `cannot parse field path ${JSON.stringify(input)}: ${expected}`,
    );
  });
});

describe('formatFieldPath', () => {
  it.each([
    { name: 'plain', input: ['spec', 'parameters', 'size'], expected: 'spec.parameters.size' },
    { name: 'index', input: ['spec', 'items', 2, 'name'], expected: 'spec.items[2].name' },
    { name: 'odd key', input: ['metadata', 'labels', 'a.b/c'], expected: 'metadata.labels["a.b/c"]' },
    { name: 'empty', input: [], expected: '' },
  ])('$name', ({ input, expected }) => {
    expect(formatFieldPath(input)).toBe(expected);
  });

  it('round-trips through parseFieldPath', () => {
    for (const segments of [
      ['metadata', 'labels', 'app.kubernetes.io/name', 0, 'x'],
      ['a.b', 'c'],
    ]) {
      expect(parseFieldPath(formatFieldPath(segments))).toEqual(segments);
    }
  });
});

describe('getField', () => {
  const obj: JsonObject = {
    spec: { forProvider: { region: 'eu-west-1' }, items: [{ name: 'a' }, { name: 'b' }], replicas: 3 },
    metadata: { labels: { 'a.b/c': 'yes' } },
  };
  it.each([
    { name: 'nested', input: 'spec.forProvider.region', expected: 'eu-west-1' },
    { name: 'array item', input: 'spec.items[1].name', expected: 'b' },
    { name: 'quoted label', input: 'metadata.labels["a.b/c"]', expected: 'yes' },
    { name: 'missing leaf', input: 'spec.forProvider.zone', expected: undefined },
    { name: 'missing branch', input: 'status.atProvider.id', expected: undefined },
    { name: 'index past end', input: 'spec.items[5].name', expected: undefined },
    { name: 'whole object', input: 'spec.forProvider', expected: { region: 'eu-west-1' } },
  ])('$name', ({ input, expected }) => {
    expect(getField(obj, input)).toEqual(expected);
  });

  it.each([
    {
      name: 'key into a number',
      input: 'spec.replicas.x',
      expected: 'spec.replicas is a number, not an object',
    },
    {
      name: 'index into an object',
      input: 'spec.forProvider[0]',
      expected: 'spec.forProvider is an object, not an array',
    },
    {
      name: 'key into an array',
      input: 'spec.items.name',
      expected: 'spec.items is an array, not an object',
    },
  ])('rejects $name', ({ input, expected }) => {
    expect(() => getField(obj, input)).toThrow(expected);
  });
});

describe('setField', () => {
  it.each([
    {
      name: 'creates objects',
      start: {},
      path: 'spec.forProvider.region',
      value: 'x',
      expected: { spec: { forProvider: { region: 'x' } } },
    },
    {
      name: 'creates arrays',
      start: {},
      path: 'spec.items[0].name',
      value: 'a',
      expected: { spec: { items: [{ name: 'a' }] } },
    },
    {
      name: 'pads arrays with null',
      start: { a: [1] },
      path: 'a[3]',
      value: 4,
      expected: { a: [1, null, null, 4] },
    },
    {
      name: 'quoted label',
      start: { metadata: { labels: { x: 'y' } } },
      path: 'metadata.labels["a.b/c"]',
      value: 'v',
      expected: { metadata: { labels: { x: 'y', 'a.b/c': 'v' } } },
    },
    {
      name: 'replaces a value',
      start: { a: { b: 1 } },
      path: 'a.b',
      value: { c: 2 },
      expected: { a: { b: { c: 2 } } },
    },
    {
      name: 'replaces null on the way',
      start: { a: null },
      path: 'a.b',
      value: 1,
      expected: { a: { b: 1 } },
    },
  ])('$name', ({ start, path, value, expected }) => {
    const obj = structuredClone(start) as JsonObject;
    setField(obj, path, value);
    expect(obj).toEqual(expected);
  });

  it('rejects walking through a scalar', () => {
    expect(() => setField({ spec: { replicas: 3 } }, 'spec.replicas.x', 1)).toThrow(
      'cannot set field spec.replicas.x: spec.replicas is a number, not an object',
    );
  });
});
