/**
 * The RunFunction protocol (apiextensions.fn.proto.v1, identical in v1beta1) as plain TypeScript.
 *
 * google.protobuf.Struct fields are plain JSON objects, bytes are Buffers, maps are records,
 * enums are numbers with named constants. A field absent on the wire is undefined here; proto3
 * `optional` scalars keep the difference between unset and the zero value.
 */

/** A JSON object, as carried by google.protobuf.Struct. */
export type JsonObject = { [key: string]: JsonValue };
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

export const Capability = {
  UNSPECIFIED: 0,
  CAPABILITIES: 1,
  REQUIRED_RESOURCES: 2,
  CREDENTIALS: 3,
  CONDITIONS: 4,
  REQUIRED_SCHEMAS: 5,
} as const;
export type Capability = number;

export const Ready = { UNSPECIFIED: 0, TRUE: 1, FALSE: 2 } as const;
export type Ready = number;

export const Severity = { UNSPECIFIED: 0, FATAL: 1, WARNING: 2, NORMAL: 3 } as const;
export type Severity = number;

export const Target = { UNSPECIFIED: 0, COMPOSITE: 1, COMPOSITE_AND_CLAIM: 2 } as const;
export type Target = number;

export const ConditionStatus = { UNSPECIFIED: 0, UNKNOWN: 1, TRUE: 2, FALSE: 3 } as const;
export type ConditionStatus = number;

export interface RequestMeta {
  tag: string;
  capabilities: Capability[];
}

export interface Resource {
  resource?: JsonObject;
  connectionDetails: Record<string, Buffer>;
  ready: Ready;
}

export interface State {
  composite?: Resource;
  resources: Record<string, Resource>;
}

export interface Resources {
  items: Resource[];
}

export interface Credentials {
  /** The oneof `source`: only credential_data exists today. */
  credentialData?: { data: Record<string, Buffer> };
}

export interface Schema {
  openapiV3?: JsonObject;
}

export interface RunFunctionRequest {
  meta?: RequestMeta;
  observed?: State;
  desired?: State;
  input?: JsonObject;
  context?: JsonObject;
  /** Deprecated by the protocol in favour of requiredResources; still sent by older Crossplane. */
  extraResources: Record<string, Resources>;
  credentials: Record<string, Credentials>;
  requiredResources: Record<string, Resources>;
  requiredSchemas: Record<string, Schema>;
}

export interface Duration {
  seconds: number;
  nanos: number;
}

export interface ResponseMeta {
  tag: string;
  ttl?: Duration;
}

export interface ResourceSelector {
  apiVersion: string;
  kind: string;
  /** The oneof `match`: at most one of matchName and matchLabels. */
  matchName?: string;
  matchLabels?: { labels: Record<string, string> };
  namespace?: string;
}

export interface SchemaSelector {
  apiVersion: string;
  kind: string;
}

export interface Requirements {
  /** Deprecated by the protocol in favour of resources. */
  extraResources: Record<string, ResourceSelector>;
  resources: Record<string, ResourceSelector>;
  schemas: Record<string, SchemaSelector>;
}

export interface Result {
  severity: Severity;
  message: string;
  reason?: string;
  target?: Target;
}

export interface Condition {
  type: string;
  status: ConditionStatus;
  reason: string;
  message?: string;
  target?: Target;
}

export interface RunFunctionResponse {
  meta?: ResponseMeta;
  desired?: State;
  results: Result[];
  context?: JsonObject;
  requirements?: Requirements;
  conditions: Condition[];
  output?: JsonObject;
}

/** The two protobuf packages that carry the same messages; Crossplane v2 calls v1, older ones v1beta1. */
export const protocolPackages = ['apiextensions.fn.proto.v1', 'apiextensions.fn.proto.v1beta1'] as const;
export const serviceName = 'FunctionRunnerService';
export const methodName = 'RunFunction';
