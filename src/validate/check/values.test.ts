import type { SchemaNode } from '../../bridge/schema/types.js';
import type { Problem } from '../types.js';
import { checkValue, jsonEqual, jsonType } from './values.js';

/** messages returns the messages checkValue gives for value v of field f against s. */
function messages(s: SchemaNode, v: unknown): string[] {
  const out: Problem[] = [];
  checkValue(v, s, ['spec', 'f'], out);
  return out.map((p) => p.message);
}

describe('checkValue', () => {
  it.each<{ name: string; schema: SchemaNode; value: unknown; expected: string[] }>([
    { name: 'a string where a string is', schema: { type: 'string' }, value: 'x', expected: [] },
    {
      name: 'a string where an integer is',
      schema: { type: 'integer' },
      value: '5',
      expected: ['spec.f: Invalid value: "string": spec.f in body must be of type integer: "string"'],
    },
    {
      name: 'a fraction where an integer is',
      schema: { type: 'integer' },
      value: 1.5,
      expected: [
        'spec.f: Invalid value: "number": spec.f in body must be of type integer: "number"',
        '<nil>: Invalid value: "": Checked value must be of type integer (default format) in spec.f',
      ],
    },
    { name: 'an integer where a number is', schema: { type: 'number' }, value: 3, expected: [] },
    {
      name: 'a map where a list is',
      schema: { type: 'array' },
      value: { a: 1 },
      expected: ['spec.f: Invalid value: "object": spec.f in body must be of type array: "object"'],
    },
    {
      name: 'a fraction where int-or-string is',
      schema: { 'x-kubernetes-int-or-string': true },
      value: 1.5,
      expected: ['spec.f: Invalid value: "number": spec.f in body must be of type integer,string: "number"'],
    },
    {
      name: 'a string where int-or-string is',
      schema: { 'x-kubernetes-int-or-string': true },
      value: '10%',
      expected: [],
    },
    {
      name: 'null where null is not allowed',
      schema: { type: 'string' },
      value: null,
      expected: ['spec.f: Invalid value: "null": spec.f in body must be of type string: "null"'],
    },
    {
      name: 'null where it is nullable',
      schema: { type: 'string', nullable: true },
      value: null,
      expected: [],
    },
    {
      name: 'a value outside an enum',
      schema: { type: 'string', enum: ['small', 'big'] },
      value: 'huge',
      expected: ['spec.f: Unsupported value: "huge": supported values: "small", "big"'],
    },
    {
      name: 'a number outside an enum of numbers (values written as JSON)',
      schema: { type: 'integer', enum: [1, 2] },
      value: 3,
      expected: ['spec.f: Unsupported value: 3: supported values: "1", "2"'],
    },
    {
      name: 'a number inside an enum of numbers',
      schema: { type: 'integer', enum: [1, 2] },
      value: 2,
      expected: [],
    },
    {
      name: 'a string too long (reported first, alone)',
      schema: { type: 'string', maxLength: 3, pattern: '^[a-z]+$' },
      value: 'ABCDE',
      expected: ['spec.f: Too long: may not be more than 3 bytes'],
    },
    {
      name: 'a length in characters, not bytes',
      schema: { type: 'string', maxLength: 2 },
      value: 'éé',
      expected: [],
    },
    {
      name: 'a string too short',
      schema: { type: 'string', minLength: 2 },
      value: 'a',
      expected: ['spec.f: Invalid value: "a": spec.f in body should be at least 2 chars long'],
    },
    {
      name: 'a string not matching its pattern (RE2, searched)',
      schema: { type: 'string', pattern: '^[a-z]+$' },
      value: 'a1',
      expected: ['spec.f: Invalid value: "a1": spec.f in body should match \'^[a-z]+$\''],
    },
    {
      name: 'a pattern that matches anywhere',
      schema: { type: 'string', pattern: '[0-9]' },
      value: 'a1b',
      expected: [],
    },
    {
      name: 'a string of the wrong format',
      schema: { type: 'string', format: 'email' },
      value: 'nope',
      expected: ['spec.f: Invalid value: "nope": spec.f in body must be of type email: "nope"'],
    },
    {
      name: 'a format the server ignores',
      schema: { type: 'string', format: 'color' },
      value: 'x',
      expected: [],
    },
    {
      name: 'a format of integers, not checked',
      schema: { type: 'integer', format: 'int32' },
      value: 3e9,
      expected: [],
    },
    {
      name: 'a number not a multiple',
      schema: { type: 'integer', multipleOf: 2 },
      value: 3,
      expected: ['spec.f: Invalid value: 3: spec.f in body should be a multiple of 2'],
    },
    {
      name: 'a number above its maximum',
      schema: { type: 'integer', maximum: 10 },
      value: 11,
      expected: ['spec.f: Invalid value: 11: spec.f in body should be less than or equal to 10'],
    },
    {
      name: 'a number at its exclusive maximum',
      schema: { type: 'integer', maximum: 10, exclusiveMaximum: true },
      value: 10,
      expected: ['spec.f: Invalid value: 10: spec.f in body should be less than 10'],
    },
    {
      name: 'a number below its minimum, a bound of a million written as Go writes it',
      schema: { type: 'integer', minimum: 1000000 },
      value: 5,
      expected: ['spec.f: Invalid value: 5: spec.f in body should be greater than or equal to 1e+06'],
    },
    {
      name: 'a number at its exclusive minimum',
      schema: { type: 'number', minimum: 0.5, exclusiveMinimum: true },
      value: 0.5,
      expected: ['spec.f: Invalid value: 0.5: spec.f in body should be greater than 0.5'],
    },
    {
      name: 'a list too long',
      schema: { type: 'array', maxItems: 2, items: { type: 'string' } },
      value: ['a', 'b', 'c'],
      expected: ['spec.f: Too many: 3: must have at most 2 items'],
    },
    {
      name: 'a list too short',
      schema: { type: 'array', minItems: 1, items: { type: 'string' } },
      value: [],
      expected: ['spec.f: Invalid value: 0: spec.f in body should have at least 1 items'],
    },
    {
      name: 'an item of the wrong type',
      schema: { type: 'array', items: { type: 'string' } },
      value: ['a', 1],
      expected: ['spec.f[1]: Invalid value: "integer": spec.f[1] in body must be of type string: "integer"'],
    },
    {
      name: 'a map with too many entries',
      schema: { type: 'object', maxProperties: 1, additionalProperties: { type: 'integer' } },
      value: { a: 1, b: 'x' },
      expected: [
        'spec.f: Too many: 2: must have at most 1 item',
        'spec.f.b: Invalid value: "string": spec.f.b in body must be of type integer: "string"',
      ],
    },
    {
      name: 'a map with too few entries',
      schema: { type: 'object', minProperties: 2 },
      value: { a: 1 },
      expected: ['spec.f: Invalid value: 1: spec.f in body should have at least 2 properties'],
    },
    {
      name: 'a required field missing',
      schema: { type: 'object', required: ['size'], properties: { size: { type: 'string' } } },
      value: {},
      expected: ['spec.f.size: Required value'],
    },
    {
      name: 'oneOf with no branch valid (reported on <nil>, with the best failure)',
      schema: { type: 'object', oneOf: [{ required: ['a'] }, { required: ['b'] }] },
      value: {},
      expected: [
        '<nil>: Invalid value: "": "spec.f" must validate one and only one schema (oneOf). Found none valid',
        'spec.f.a: Required value',
      ],
    },
    {
      name: 'oneOf with two branches valid',
      schema: { type: 'object', oneOf: [{ required: ['a'] }, { required: ['b'] }] },
      value: { a: 1, b: 2 },
      expected: [
        '<nil>: Invalid value: "": "spec.f" must validate one and only one schema (oneOf). Found 2 valid alternatives',
      ],
    },
    {
      name: 'oneOf with one branch valid',
      schema: { oneOf: [{ required: ['a'] }, { required: ['b'] }] },
      value: { b: 1 },
      expected: [],
    },
    {
      name: 'anyOf with no branch valid',
      schema: { anyOf: [{ required: ['a'] }, { required: ['b'] }] },
      value: {},
      expected: [
        '<nil>: Invalid value: "": "spec.f" must validate at least one schema (anyOf)',
        'spec.f.a: Required value',
      ],
    },
    {
      name: 'not, validated',
      schema: { not: { required: ['a'] } },
      value: { a: 1 },
      expected: ['<nil>: Invalid value: "": "spec.f" must not validate the schema (not)'],
    },
  ])('$name', ({ schema, value, expected }) => {
    expect(messages(schema, value)).toEqual(expected);
  });
});

describe('jsonType', () => {
  it.each([
    [null, 'null'],
    [1, 'integer'],
    [1.5, 'number'],
    [2n, 'integer'],
    ['a', 'string'],
    [true, 'boolean'],
    [[1], 'array'],
    [{ a: 1 }, 'object'],
  ])('%j is %s', (v, t) => {
    expect(jsonType(v)).toBe(t);
  });
});

describe('jsonEqual', () => {
  it.each([
    [1, 1.0, true],
    [1, 1n, true],
    ['1', 1, false],
    [{ a: [1, 2] }, { a: [1, 2] }, true],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [[1, 2], [2, 1], false],
  ])('%j and %j: %s', (a, b, equal) => {
    expect(jsonEqual(a, b)).toBe(equal);
  });
});
