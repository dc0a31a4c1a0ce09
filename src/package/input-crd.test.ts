import * as z from 'zod';
import type { JsonObject } from '../function/wire/types.js';
import { inputCrd, inputType } from './input-crd.js';

const where = 'src/input.ts';

describe('inputCrd', () => {
  it('makes the CRD of a typical Input: names, the three standard properties, required, defaults and descriptions', () => {
    const Input = z.object({
      apiVersion: z.literal('db.fn.example.org/v1beta1'),
      kind: z.literal('Input'),
      spec: z
        .object({
          engine: z.enum(['postgres', 'mysql']).default('postgres').describe('Which engine to run'),
          size: z.int().min(1),
        })
        .describe('What to make'),
    });
    expect(inputCrd(Input, where)).toEqual({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'inputs.db.fn.example.org' },
      spec: {
        group: 'db.fn.example.org',
        names: { kind: 'Input', listKind: 'InputList', plural: 'inputs', singular: 'input' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1beta1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  apiVersion: {
                    type: 'string',
                    description: 'APIVersion of this input: always the one the function reads.',
                  },
                  kind: { type: 'string', description: 'Kind of this input.' },
                  metadata: { type: 'object' },
                  spec: {
                    description: 'What to make',
                    type: 'object',
                    properties: {
                      engine: {
                        description: 'Which engine to run',
                        type: 'string',
                        default: 'postgres',
                        enum: ['postgres', 'mysql'],
                      },
                      size: { type: 'integer', minimum: 1 },
                    },
                    required: ['size'],
                  },
                },
                required: ['apiVersion', 'kind', 'spec'],
              },
            },
          },
        ],
      },
    });
  });

  it('writes metadata as an object even where the schema types it', () => {
    const Input = z.object({
      apiVersion: z.literal('db.fn.example.org/v1'),
      kind: z.literal('Input'),
      metadata: z.object({ name: z.string() }),
    });
    const schema = versionSchema(inputCrd(Input, where));
    expect((schema.properties as JsonObject).metadata).toEqual({ type: 'object' });
  });

  it.each([
    { kind: 'Input', plural: 'inputs', singular: 'input' },
    { kind: 'Policy', plural: 'policies', singular: 'policy' },
    { kind: 'Key', plural: 'keys', singular: 'key' },
    { kind: 'Box', plural: 'boxes', singular: 'box' },
    { kind: 'Class', plural: 'classes', singular: 'class' },
    { kind: 'Patch', plural: 'patches', singular: 'patch' },
    { kind: 'Mesh', plural: 'meshes', singular: 'mesh' },
    { kind: 'PatchSet', plural: 'patchsets', singular: 'patchset' },
  ])('names the plural of $kind $plural', ({ kind, plural, singular }) => {
    const crd = inputCrd(
      z.object({ apiVersion: z.literal('x.fn.example.org/v1'), kind: z.literal(kind) }),
      where,
    );
    expect((crd.metadata as JsonObject).name).toBe(`${plural}.x.fn.example.org`);
    expect((crd.spec as JsonObject).names).toEqual({ kind, listKind: `${kind}List`, plural, singular });
  });

  const example = "apiVersion: z.literal('template.fn.crossplane.io/v1beta1'), kind: z.literal('Input')";
  const failures: { name: string; schema: z.ZodType; message: string }[] = [
    {
      name: 'no literal apiVersion',
      schema: z.object({ apiVersion: z.string(), kind: z.literal('Input') }),
      message: `the schema must fix apiVersion with a literal (${example})`,
    },
    {
      name: 'no literal kind',
      schema: z.object({ apiVersion: z.literal('db.fn.example.org/v1'), kind: z.string() }),
      message: `the schema must fix kind with a literal (${example})`,
    },
    {
      name: 'neither, in a schema without them',
      schema: z.object({ spec: z.object({}) }),
      message: `the schema must fix apiVersion and kind with a literal (${example})`,
    },
    {
      name: 'an apiVersion of two literals',
      schema: z.object({
        apiVersion: z.enum(['db.fn.example.org/v1', 'db.fn.example.org/v2']),
        kind: z.literal('Input'),
      }),
      message: `the schema must fix apiVersion with a literal (${example})`,
    },
    ...[
      { name: 'without a dot in its group', apiVersion: 'db/v1' },
      { name: 'without a group', apiVersion: 'v1' },
      { name: 'with an uppercase group', apiVersion: 'DB.example.org/v1' },
      { name: 'with a version that is a number', apiVersion: 'db.example.org/1' },
      { name: 'with a version v0', apiVersion: 'db.example.org/v0' },
      { name: 'with beta and no number', apiVersion: 'db.example.org/v1beta' },
      { name: 'with a third part', apiVersion: 'db.example.org/v1/x' },
    ].map(({ name, apiVersion }) => ({
      name: `an apiVersion ${name}`,
      schema: z.object({ apiVersion: z.literal(apiVersion), kind: z.literal('Input') }),
      message: `apiVersion ${JSON.stringify(apiVersion)} is not <group>/<version> with a DNS group like template.fn.crossplane.io and a version like v1beta1`,
    })),
    ...['input', 'My-Input', '1Input'].map((kind) => ({
      name: `the kind ${kind}`,
      schema: z.object({ apiVersion: z.literal('db.example.org/v1'), kind: z.literal(kind) }),
      message: `kind ${JSON.stringify(kind)} is not a Kubernetes kind (UpperCamelCase letters and digits)`,
    })),
    {
      name: 'a tuple',
      schema: z.object({
        apiVersion: z.literal('db.example.org/v1'),
        kind: z.literal('Input'),
        spec: z.object({ pair: z.tuple([z.string(), z.number()]) }),
      }),
      message:
        'cannot convert zod schema to OpenAPI: spec.pair.[]: a union of string and number has no structural form',
    },
    {
      name: 'a union of string and number',
      schema: z.object({
        apiVersion: z.literal('db.example.org/v1'),
        kind: z.literal('Input'),
        port: z.union([z.string(), z.number()]),
      }),
      message:
        'cannot convert zod schema to OpenAPI: port: a union of string and number has no structural form',
    },
  ];

  it.each(failures)('refuses $name, naming the schema', ({ schema, message }) => {
    expect(messageOf(() => inputCrd(schema, where))).toBe(
      `cannot make the input CRD from ${where}: ${message}`,
    );
  });
});

describe('inputType', () => {
  it.each([
    {
      name: 'a beta version',
      apiVersion: 'template.fn.crossplane.io/v1beta1',
      kind: 'Input',
      expected: { group: 'template.fn.crossplane.io', version: 'v1beta1', kind: 'Input', plural: 'inputs' },
    },
    {
      name: 'an alpha version',
      apiVersion: 'x.example.org/v2alpha3',
      kind: 'Policy',
      expected: { group: 'x.example.org', version: 'v2alpha3', kind: 'Policy', plural: 'policies' },
    },
    {
      name: 'a GA version and digits in the kind',
      apiVersion: 'a-b.c1.example/v10',
      kind: 'S3Bucket',
      expected: { group: 'a-b.c1.example', version: 'v10', kind: 'S3Bucket', plural: 's3buckets' },
    },
  ])('reads $name', ({ apiVersion, kind, expected }) => {
    const openapi = {
      type: 'object',
      properties: {
        apiVersion: { type: 'string', enum: [apiVersion] },
        kind: { type: 'string', enum: [kind] },
      },
    };
    expect(inputType(openapi, where)).toEqual(expected);
  });
});

/** versionSchema returns the openAPIV3Schema of a CRD's one version. */
function versionSchema(crd: JsonObject): JsonObject {
  const [version = {}] = (crd.spec as JsonObject).versions as JsonObject[];
  return (version.schema as JsonObject).openAPIV3Schema as JsonObject;
}

/** messageOf returns the message of the error fn throws (the cause, if any, is not compared). */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('it threw nothing');
}
