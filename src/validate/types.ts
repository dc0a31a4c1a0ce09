/**
 * What `kxp validate` reports, in the shape `crossplane resource validate -o json` prints
 * (`{summary, resources[{apiVersion, kind, name, namespace, status, errors[{type, field, message, value}]}]}`),
 * plus where each problem is: the file, and the line and column of the field in the YAML source.
 * kxp adds documents it skipped (not claims or XRs of a known schema) and documents it could not read.
 */

/** ErrorType says which check found an error, as crossplane resource validate names them. */
export type ErrorType = 'schema' | 'cel' | 'unknownField' | 'defaulting';

/** Segment is one step of a field path: a property or map key, or a list index. */
export type Segment = string | number;

/**
 * Problem is one error a check finds in an object, before it is placed in a file: the path of the field
 * (`['spec', 'tags', 0]`), the message as the Kubernetes API server words it (`spec.tags[0]: ...`) and the
 * offending value where the server reports one.
 */
export interface Problem {
  type: ErrorType;
  /** path locates the field in the YAML source. */
  path: Segment[];
  /** field is the path as the check writes it: `spec.tags[0]`, a map key as `.key` or (CEL) `[key]`. */
  field: string;
  message: string;
  value?: unknown;
}

/** Position is a 1-based line and column in a file. */
export interface Position {
  line: number;
  column: number;
}

/** FieldError is a Problem as reported: its field path written out, and where the field is. */
export interface FieldError {
  type: ErrorType;
  /** field is the path as Kubernetes writes it (`spec.tags[0]`); empty for the object itself. */
  field: string;
  message: string;
  value?: unknown;
  file: string;
  line: number;
  column: number;
}

/** Status is a resource's verdict. */
export type Status = 'valid' | 'invalid' | 'missingSchema';

/** ResourceResult is the verdict on one claim or XR. */
export interface ResourceResult {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  status: Status;
  errors?: FieldError[];
  /** warnings do not make a resource invalid (a namespaced object without a namespace, for one). */
  warnings?: FieldError[];
  file: string;
  line: number;
}

/** Skipped is a document that is no claim or XR of the schemas given (a Namespace, a kustomization.yaml). */
export interface Skipped {
  apiVersion: string;
  kind: string;
  name: string;
  file: string;
  line: number;
}

/** Malformed is a document or file that cannot be read: YAML syntax, or something other than an object. */
export interface Malformed {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Note is something the run did not do, or did differently, that the user should know (kustomize patches). */
export interface Note {
  file: string;
  message: string;
}

/** Summary counts the verdicts; total, valid, invalid and missingSchemas as crossplane's. */
export interface Summary {
  total: number;
  valid: number;
  invalid: number;
  missingSchemas: number;
  skipped: number;
  malformed: number;
}

/** Report is everything one run found. */
export interface Report {
  summary: Summary;
  resources: ResourceResult[];
  skipped: Skipped[];
  malformed: Malformed[];
  notes: Note[];
}

/** passed reports whether a report lets CI go on: nothing invalid, no missing schema, nothing malformed. */
export function passed(report: Report): boolean {
  const s = report.summary;
  return s.invalid === 0 && s.missingSchemas === 0 && s.malformed === 0;
}
