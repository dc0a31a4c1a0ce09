import * as z from 'zod';
import { openAPIFromZod } from './openapi.js';

describe('openAPIFromZod', () => {
  const cases: { name: string; schema: z.ZodType; expected: object }[] = [
    {
      name: 'an object: required fields, descriptions, no additionalProperties: false',
      schema: z.strictObject({
        owner: z.string().min(1).describe('Who owns it'),
        note: z.string().optional(),
      }),
      expected: {
        type: 'object',
        properties: {
          owner: { description: 'Who owns it', type: 'string', minLength: 1 },
          note: { type: 'string' },
        },
        required: ['owner'],
      },
    },
    {
      name: 'defaults make a field optional and are kept',
      schema: z.object({ size: z.enum(['small', 'large']).default('small'), on: z.boolean().default(false) }),
      expected: {
        type: 'object',
        properties: {
          size: { type: 'string', default: 'small', enum: ['small', 'large'] },
          on: { type: 'boolean', default: false },
        },
      },
    },
    {
      name: 'integers: no safe-integer bounds; int32 and int64 formats',
      schema: z.object({ n: z.int().min(1), p: z.int32(), big: z.int64() }),
      expected: {
        type: 'object',
        properties: {
          n: { type: 'integer', minimum: 1 },
          p: { type: 'integer', format: 'int32' },
          big: { type: 'integer', format: 'int64' },
        },
        required: ['n', 'p', 'big'],
      },
    },
    {
      name: 'records: of strings as additionalProperties, of unknown as preserved fields',
      schema: z.object({
        labels: z.record(z.string(), z.string()),
        extra: z.record(z.string(), z.unknown()),
      }),
      expected: {
        type: 'object',
        properties: {
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
        required: ['labels', 'extra'],
      },
    },
    {
      name: 'loose objects keep unknown fields; unknown values are preserved',
      schema: z.looseObject({ a: z.string(), any: z.unknown() }),
      expected: {
        type: 'object',
        properties: { a: { type: 'string' }, any: { 'x-kubernetes-preserve-unknown-fields': true } },
        required: ['a'],
        'x-kubernetes-preserve-unknown-fields': true,
      },
    },
    {
      name: 'nullable, literals, string formats without their lookaround patterns, regexes kept',
      schema: z.object({
        ratio: z.number().nullable(),
        mode: z.literal('fast'),
        mail: z.email(),
        at: z.iso.datetime(),
        code: z.string().regex(/^[A-Z]{3}$/),
      }),
      expected: {
        type: 'object',
        properties: {
          ratio: { type: 'number', nullable: true },
          mode: { type: 'string', enum: ['fast'] },
          mail: { type: 'string', format: 'email' },
          at: { type: 'string', format: 'date-time' },
          code: { type: 'string', pattern: '^[A-Z]{3}$' },
        },
        required: ['ratio', 'mode', 'mail', 'at', 'code'],
      },
    },
    {
      name: 'unions: of literals an enum, of string and int int-or-string, of objects one object',
      schema: z.object({
        tier: z.union([z.literal('gold'), z.literal('silver')]),
        port: z.union([z.string(), z.int()]).describe('A port, by number or name'),
        engine: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('postgres'), version: z.string() }),
          z.object({ kind: z.literal('mysql'), flavour: z.string().optional() }),
        ]),
      }),
      expected: {
        type: 'object',
        properties: {
          tier: { type: 'string', enum: ['gold', 'silver'] },
          port: { description: 'A port, by number or name', 'x-kubernetes-int-or-string': true },
          engine: {
            type: 'object',
            properties: {
              kind: { type: 'string', enum: ['postgres', 'mysql'] },
              version: { type: 'string' },
              flavour: { type: 'string' },
            },
            required: ['kind'],
          },
        },
        required: ['tier', 'port', 'engine'],
      },
    },
    {
      name: 'intersections merge objects; arrays keep bounds; .meta() titles and x-kubernetes keys',
      schema: z.object({
        both: z.intersection(z.object({ a: z.string() }), z.object({ b: z.string() })),
        tags: z.array(z.string()).max(5),
        ports: z
          .array(z.object({ name: z.string(), port: z.int() }))
          .meta({ title: 'Ports', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] }),
      }),
      expected: {
        type: 'object',
        properties: {
          both: {
            type: 'object',
            properties: { a: { type: 'string' }, b: { type: 'string' } },
            required: ['a', 'b'],
          },
          tags: { type: 'array', maxItems: 5, items: { type: 'string' } },
          ports: {
            type: 'array',
            title: 'Ports',
            items: {
              type: 'object',
              properties: { name: { type: 'string' }, port: { type: 'integer' } },
              required: ['name', 'port'],
            },
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['name'],
          },
        },
        required: ['both', 'tags', 'ports'],
      },
    },
  ];

  it.each(cases)('$name', ({ schema, expected }) => {
    expect(openAPIFromZod(schema)).toEqual(expected);
  });

  it('writes no JSON Schema noise anywhere', () => {
    const text = JSON.stringify(
      openAPIFromZod(z.strictObject({ a: z.strictObject({ b: z.record(z.string(), z.int()) }) })),
    );
    for (const noise of [
      '$schema',
      '$ref',
      '"additionalProperties":false',
      'propertyNames',
      '9007199254740991',
    ]) {
      expect(text).not.toContain(noise);
    }
  });

  const failures: { name: string; schema: z.ZodType; message: RegExp }[] = [
    {
      name: 'a union of string and boolean',
      schema: z.object({ spec: z.object({ x: z.union([z.string(), z.boolean()]) }) }),
      message:
        /^cannot convert zod schema to OpenAPI: spec\.x: a union of string and boolean has no structural form$/,
    },
    {
      name: 'a recursive schema',
      schema: (() => {
        const Tree: z.ZodType = z.lazy(() => z.object({ children: z.array(Tree) }));
        return z.object({ tree: Tree });
      })(),
      message: /^cannot convert zod schema to OpenAPI: Cycle detected/,
    },
    {
      name: 'an object mixed with a string in a union',
      schema: z.object({ v: z.union([z.object({ a: z.string() }), z.string()]) }),
      message: /v: a union of object and string has no structural form/,
    },
  ];

  it.each(failures)('refuses $name, naming the field', ({ schema, message }) => {
    expect(() => openAPIFromZod(schema)).toThrow(message);
  });
});
