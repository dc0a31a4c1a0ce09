/**
 * Reading the objects the conversions start from — a CRD that Crossplane generated, a kcp
 * APIResourceSchema — out of untyped JSON, checking only what the conversions rely on and keeping
 * every other field. A malformed object becomes a refusal naming the field, not an exception.
 */
import * as z from 'zod';
import { isSchemaNode, type Result, refuse, type SchemaNode } from './types.js';

const schemaNode = z.custom<SchemaNode>(isSchemaNode, 'expected an OpenAPI schema object');

const names = z.looseObject({
  plural: z.string().min(1),
  singular: z.string().optional(),
  kind: z.string().min(1),
  listKind: z.string().optional(),
  shortNames: z.array(z.string()).optional(),
  categories: z.array(z.string()).optional(),
});

const printerColumn = z.looseObject({
  name: z.string(),
  type: z.string(),
  jsonPath: z.string(),
  description: z.string().optional(),
  format: z.string().optional(),
  priority: z.number().optional(),
});

const subresources = z.looseObject({
  status: z.looseObject({}).optional(),
  scale: z.record(z.string(), z.unknown()).optional(),
});

const conversion = z.looseObject({
  strategy: z.enum(['None', 'Webhook']),
  webhook: z
    .looseObject({
      clientConfig: z
        .looseObject({
          url: z.string().optional(),
          caBundle: z.string().optional(),
          service: z.record(z.string(), z.unknown()).optional(),
        })
        .optional(),
      conversionReviewVersions: z.array(z.string()),
    })
    .optional(),
});

/** The fields a CRD version and an APIResourceSchema version share; only where the schema sits differs. */
const versionFields = {
  name: z.string().min(1),
  served: z.boolean(),
  storage: z.boolean(),
  deprecated: z.boolean().optional(),
  deprecationWarning: z.string().optional(),
  subresources: subresources.optional(),
  additionalPrinterColumns: z.array(printerColumn).optional(),
};

const crd = z.looseObject({
  metadata: z.looseObject({ name: z.string().min(1) }),
  spec: z.looseObject({
    group: z.string().min(1),
    names,
    scope: z.enum(['Namespaced', 'Cluster']),
    versions: z
      .array(z.looseObject({ ...versionFields, schema: z.looseObject({ openAPIV3Schema: schemaNode }) }))
      .min(1),
    conversion: conversion.optional(),
  }),
});

/** CRD is a CustomResourceDefinition as far as publishing reads it. */
export type CRD = z.infer<typeof crd>;
/** CRDConversion is a CRD's spec.conversion, whose webhook may name an in-cluster service. */
export type CRDConversion = z.infer<typeof conversion>;

const apiResourceSchema = z.looseObject({
  metadata: z.looseObject({ name: z.string().min(1) }),
  spec: z.looseObject({
    group: z.string().min(1),
    names,
    scope: z.enum(['Namespaced', 'Cluster']),
    versions: z.array(z.looseObject({ ...versionFields, schema: schemaNode })).min(1),
    conversion: conversion.optional(),
  }),
});

/** ParsedAPIResourceSchema is an APIResourceSchema as far as deriving and checking read it. */
export type ParsedAPIResourceSchema = z.infer<typeof apiResourceSchema>;

/** crdFrom returns obj read as a CustomResourceDefinition, or a refusal naming what is malformed. */
export function crdFrom(obj: unknown): Result<CRD> {
  const parsed = crd.safeParse(obj);
  if (parsed.success) return { ok: true, value: parsed.data };
  return refuse('InvalidCRD', `cannot read CustomResourceDefinition: ${issues(parsed.error)}`, parsed.error);
}

/** apiResourceSchemaFrom returns obj read as a kcp APIResourceSchema, or a refusal naming what is malformed. */
export function apiResourceSchemaFrom(obj: unknown): Result<ParsedAPIResourceSchema> {
  const parsed = apiResourceSchema.safeParse(obj);
  if (parsed.success) return { ok: true, value: parsed.data };
  return refuse(
    'InvalidAPIResourceSchema',
    `cannot read APIResourceSchema: ${issues(parsed.error)}`,
    parsed.error,
  );
}

function issues(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}
