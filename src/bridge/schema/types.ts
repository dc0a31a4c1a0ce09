/**
 * The shapes the schema conversions read and write: OpenAPI v3 schema nodes as they appear in CRDs,
 * kcp APIResourceSchemas and Crossplane XRDs, the three objects themselves, and the result a
 * conversion returns when it refuses its input (the caller turns a refusal into a condition).
 */

/**
 * SchemaNode is one node of an openAPIV3Schema tree (Kubernetes' JSONSchemaProps). Only the keywords
 * the conversions read are named; every other keyword is carried through untouched.
 */
export interface SchemaNode {
  type?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-validations'?: { rule: string; message?: string }[];
  [keyword: string]: unknown;
}

/** isSchemaNode reports whether v can be read as a schema node: a JSON object (not an array). */
export function isSchemaNode(v: unknown): v is SchemaNode {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Names are the resource and kind names of a CRD, an XRD, a claim or an APIResourceSchema. */
export interface Names {
  plural: string;
  singular?: string;
  kind: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

/** PrinterColumn is one additionalPrinterColumns entry. */
export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  format?: string;
  priority?: number;
}

/** Conversion is a CRD's or APIResourceSchema's spec.conversion. */
export interface Conversion {
  strategy: 'None' | 'Webhook';
  webhook?: {
    clientConfig?: { url?: string; caBundle?: string };
    conversionReviewVersions: string[];
  };
}

/** APIResourceVersion is one entry of an APIResourceSchema's spec.versions. */
export interface APIResourceVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  /** schema is the openAPIV3Schema itself, not wrapped as in a CRD. */
  schema: SchemaNode;
  subresources?: { status?: Record<string, never>; scale?: Record<string, unknown> };
  additionalPrinterColumns?: PrinterColumn[];
}

/** APIResourceSchemaSpec is the spec of a kcp APIResourceSchema (apis.kcp.io/v1alpha1). */
export interface APIResourceSchemaSpec {
  group: string;
  names: Names;
  scope: 'Namespaced' | 'Cluster';
  versions: APIResourceVersion[];
  conversion?: Conversion;
}

/** ObjectMeta is the part of metadata the conversions set. */
export interface ObjectMeta {
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** APIResourceSchema is a kcp APIResourceSchema. It is immutable once created. */
export interface APIResourceSchema {
  apiVersion: 'apis.kcp.io/v1alpha1';
  kind: 'APIResourceSchema';
  metadata: ObjectMeta;
  spec: APIResourceSchemaSpec;
}

/** XRDVersion is one entry of a CompositeResourceDefinition's spec.versions. */
export interface XRDVersion {
  name: string;
  served: boolean;
  referenceable: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema: { openAPIV3Schema: SchemaNode };
  additionalPrinterColumns?: PrinterColumn[];
  subresources?: { scale: Record<string, unknown> };
}

/** XRDSpec is the spec of a Crossplane CompositeResourceDefinition, v1 or v2. */
export interface XRDSpec {
  group: string;
  names: Names;
  scope: 'Namespaced' | 'Cluster' | 'LegacyCluster';
  claimNames?: Names;
  versions: XRDVersion[];
  conversion?: Conversion;
  defaultCompositionRef?: { name: string };
  enforcedCompositionRef?: { name: string };
  defaultCompositionRevisionSelector?: { matchLabels: Record<string, string> };
  defaultCompositionUpdatePolicy?: 'Automatic' | 'Manual';
  defaultCompositeDeletePolicy?: 'Background' | 'Foreground';
}

/** CompositeResourceDefinition is a Crossplane XRD. */
export interface CompositeResourceDefinition {
  apiVersion: 'apiextensions.crossplane.io/v1' | 'apiextensions.crossplane.io/v2';
  kind: 'CompositeResourceDefinition';
  metadata: ObjectMeta;
  spec: XRDSpec;
}

/** Refusal says why a conversion will not convert its input, in the shape of a condition's reason and message. */
export interface Refusal {
  ok: false;
  /** reason is a CamelCase condition reason. */
  reason: string;
  /** message reads `cannot <verb> <noun>: <why>`. */
  message: string;
  cause?: unknown;
}

/** Result is what a conversion returns: its value, or why it refused. */
export type Result<T> = { ok: true; value: T } | Refusal;

/** refuse returns a Refusal. */
export function refuse(reason: string, message: string, cause?: unknown): Refusal {
  return cause === undefined ? { ok: false, reason, message } : { ok: false, reason, message, cause };
}
