/**
 * The object metadata checks the API server makes on every custom resource before its schema
 * (ValidateObjectMeta with NameIsDNSSubdomain, strict decoding of ObjectMeta): a name (or generateName)
 * that is a DNS subdomain, a namespace that is a DNS label, label and annotation keys that are qualified
 * names, label values, and no fields ObjectMeta does not have. crossplane resource validate makes none of
 * these checks. A namespaced object without a namespace is a warning, not an error: the namespace then
 * comes from where it is applied (kubectl -n, a kustomization's namespace, Flux's targetNamespace).
 */
import type { Problem, Segment } from '../types.js';
import { at, invalid, required, tooLong } from './messages.js';
import { isObject } from './values.js';

const label = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const subdomain = `${label}(\\.${label})*`;
const subdomainRe = new RegExp(`^${subdomain}$`);
const labelRe = new RegExp(`^${label}$`);
const keyName = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const keyNameRe = new RegExp(`^${keyName}$`);
const labelValueRe = new RegExp(`^(${keyName})?$`);

const subdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const labelMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const keyMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const valueMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** The fields of ObjectMeta; strict decoding refuses any other. */
const objectMetaFields = new Set([
  ...['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation'],
  ...['creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations'],
  ...['ownerReferences', 'finalizers', 'managedFields'],
]);

/** MetadataResult is what the checks found: errors, and warnings that do not make the object invalid. */
export interface MetadataResult {
  errors: Problem[];
  warnings: Problem[];
}

/** checkMetadata returns the problems of obj's metadata, for a kind that is namespaced or not. */
export function checkMetadata(obj: Record<string, unknown>, namespaced: boolean): MetadataResult {
  const out: MetadataResult = { errors: [], warnings: [] };
  const meta = obj.metadata;
  if (meta === undefined || meta === null) {
    out.errors.push(required('schema', at(['metadata', 'name']), 'name or generateName is required'));
    return out;
  }
  if (!isObject(meta)) {
    out.errors.push(invalid('schema', at(['metadata']), meta, 'must be an object'));
    return out;
  }
  for (const key of Object.keys(meta)) {
    if (!objectMetaFields.has(key)) {
      out.errors.push(
        invalid('unknownField', at(['metadata', key]), key, `unknown field: "metadata.${key}"`),
      );
    }
  }
  out.errors.push(...nameProblems(meta));
  namespaceProblems(meta, namespaced, out);
  out.errors.push(...mapProblems(meta, 'labels'), ...mapProblems(meta, 'annotations'));
  return out;
}

function nameProblems(meta: Record<string, unknown>): Problem[] {
  const { name, generateName } = meta;
  const out: Problem[] = [];
  for (const [field, value] of [
    ['name', name],
    ['generateName', generateName],
  ] as const) {
    if (value === undefined || value === null || value === '') continue;
    const w = at(['metadata', field]);
    if (typeof value !== 'string') {
      out.push(invalid('schema', w, value, 'must be a string'));
      continue;
    }
    // A generateName is a prefix: a trailing dash is fine, the server appends random characters to it.
    const checked = field === 'generateName' ? value.replace(/-$/, 'a') : value;
    for (const msg of subdomainMessages(checked)) out.push(invalid('schema', w, value, msg));
  }
  const missing = (v: unknown) => v === undefined || v === null || v === '';
  if (missing(name) && missing(generateName)) {
    out.push(required('schema', at(['metadata', 'name']), 'name or generateName is required'));
  }
  return out;
}

function namespaceProblems(meta: Record<string, unknown>, namespaced: boolean, out: MetadataResult): void {
  const ns = meta.namespace;
  const w = at(['metadata', 'namespace']);
  if (ns === undefined || ns === null || ns === '') {
    if (namespaced) {
      out.warnings.push(
        required('schema', w, 'the kind is namespaced: the namespace comes from where the object is applied'),
      );
    }
    return;
  }
  if (!namespaced) {
    out.warnings.push(
      invalid('schema', w, ns, 'the kind is cluster-scoped: the API server ignores the namespace'),
    );
    return;
  }
  if (typeof ns !== 'string') {
    out.errors.push(invalid('schema', w, ns, 'must be a string'));
    return;
  }
  if (ns.length > 63) out.errors.push(invalid('schema', w, ns, 'must be no more than 63 characters'));
  if (!labelRe.test(ns)) {
    const msg = subdomainRe.test(ns)
      ? 'must not contain dots'
      : `${labelMsg} (e.g. 'my-name',  or '123-abc', regex used for validation is '${label}')`;
    out.errors.push(invalid('schema', w, ns, msg));
  }
}

/** subdomainMessages returns why s is no DNS subdomain (IsDNS1123Subdomain), nothing when it is one. */
export function subdomainMessages(s: string): string[] {
  const out: string[] = [];
  if (s.length > 253) out.push('must be no more than 253 characters');
  if (!subdomainRe.test(s)) {
    out.push(`${subdomainMsg} (e.g. 'example.com', regex used for validation is '${subdomain}')`);
  }
  return out;
}

/** qualifiedNameMessages returns why s is no qualified name (a label key), nothing when it is one. */
export function qualifiedNameMessages(s: string): string[] {
  const parts = s.split('/');
  const example = `(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${keyName}')`;
  if (parts.length > 2) {
    return [
      `a valid label key ${keyMsg} ${example} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  const out: string[] = [];
  const name = parts[parts.length - 1] ?? '';
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    if (prefix === '') out.push('prefix part must be non-empty');
    else out.push(...subdomainMessages(prefix).map((m) => `prefix part ${m}`));
  }
  if (name === '') out.push('name part must be non-empty');
  else if (name.length > 63) out.push('name part must be no more than 63 characters');
  if (!keyNameRe.test(name)) out.push(`name part ${keyMsg} ${example}`);
  return out;
}

/** labelValueMessages returns why s is no label value, nothing when it is one. */
export function labelValueMessages(s: string): string[] {
  const out: string[] = [];
  if (s.length > 63) out.push('must be no more than 63 characters');
  if (!labelValueRe.test(s)) {
    out.push(
      `${valueMsg} (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(${keyName})?')`,
    );
  }
  return out;
}

/** mapProblems returns the problems of metadata.labels or metadata.annotations, reported on the map as the server does. */
function mapProblems(meta: Record<string, unknown>, field: 'labels' | 'annotations'): Problem[] {
  const map = meta[field];
  if (map === undefined || map === null) return [];
  const path: Segment[] = ['metadata', field];
  if (!isObject(map)) return [invalid('schema', at(path), map, 'must be a map of strings')];
  const out: Problem[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(map)) {
    const w = { path: [...path, k], field: `metadata.${field}` };
    if (typeof v !== 'string') {
      out.push(invalid('schema', at([...path, k]), v, 'must be a string'));
      continue;
    }
    size += k.length + v.length;
    const key = field === 'annotations' ? k.toLowerCase() : k;
    const values = field === 'labels' ? labelValueMessages(v) : [];
    out.push(...qualifiedNameMessages(key).map((msg) => invalid('schema', w, k, msg)));
    out.push(...values.map((msg) => invalid('schema', w, v, msg)));
  }
  if (field === 'annotations' && size > 256 * 1024) out.push(tooLong('schema', at(path), 256 * 1024));
  return out;
}
