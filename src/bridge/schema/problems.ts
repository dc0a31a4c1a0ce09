/**
 * What an APIResourceSchema lacks or has that the bridge and Crossplane cannot serve well, reported as
 * problems for a condition instead of pruned silently: kcp prunes what its schema does not declare,
 * and Crossplane keeps only part of an XRD's schema and replaces the fields it owns.
 */
import {
  claimConnectionSecretField,
  claimSpecFields,
  keptRootKeywords,
  keptSpecKeywords,
  keptStatusKeywords,
  legacyXRSpecFields,
  modernSpecField,
} from './crossplane.js';
import { nodeAt } from './openapi.js';
import { apiResourceSchemaFrom } from './parse.js';
import type { SchemaNode } from './types.js';

/**
 * SchemaProblem is one problem. With a version, path is a field of the objects that version serves
 * (`status.conditions`); without, it is a field of the APIResourceSchema itself (`spec.scope`).
 */
export interface SchemaProblem {
  version?: string;
  path: string;
  message: string;
}

/** ProblemOptions say how the API will be served; see DeriveOptions. */
export interface ProblemOptions {
  claims?: boolean;
}

/** formatProblem returns p as one line: `v1alpha1: status.conditions: ...`. */
export function formatProblem(p: SchemaProblem): string {
  return `${p.version ? `${p.version}: ` : ''}${p.path}: ${p.message}`;
}

/** schemaProblems returns the problems of the APIResourceSchema obj, none when the bridge can serve it as it is. */
export function schemaProblems(obj: unknown, options: ProblemOptions = {}): SchemaProblem[] {
  const parsed = apiResourceSchemaFrom(obj);
  if (!parsed.ok) return [{ path: '(root)', message: parsed.message }];
  const { spec } = parsed.value;
  const problems: SchemaProblem[] = [];
  if (spec.scope !== 'Namespaced') {
    problems.push({
      path: 'spec.scope',
      message: 'is Cluster: claims and XRs offered to workspaces are namespaced',
    });
  }
  const storage = spec.versions.filter((v) => v.storage);
  if (storage.length !== 1 || !storage[0]?.served) {
    problems.push({
      path: 'spec.versions',
      message: 'must have exactly one storage version, served: it becomes the XRD’s referenceable version',
    });
  }
  for (const v of spec.versions) {
    const found: Omit<SchemaProblem, 'version'>[] = [];
    if (v.subresources?.status === undefined) {
      found.push({
        path: 'status',
        message:
          'has no status subresource: the bridge writes status through it, and without it consumers could write status',
      });
    }
    found.push(...treeProblems(v.schema, options.claims === true));
    problems.push(...found.map((p) => ({ version: v.name, ...p })));
  }
  return problems;
}

/** treeProblems returns the problems of one version's openAPIV3Schema. */
function treeProblems(root: SchemaNode, claims: boolean): Omit<SchemaProblem, 'version'>[] {
  // The root's `required` is checked below: Crossplane requires spec itself, so only other names are lost.
  const problems = [...droppedKeywords(root, [], [...keptRootKeywords, 'required'])];
  if (root.type !== 'object') problems.push({ path: '(root)', message: 'must be of type object' });
  for (const name of Object.keys(root.properties ?? {})) {
    if (!['apiVersion', 'kind', 'metadata', 'spec', 'status'].includes(name)) {
      problems.push({
        path: name,
        message: 'is dropped by Crossplane, which keeps only spec and status of an XRD’s schema',
      });
    }
  }
  const required = (root.required ?? []).filter((n) => n !== 'spec');
  if (required.length > 0) {
    problems.push({
      path: '(root)',
      message: `requires ${required.join(', ')}, which Crossplane drops: it requires only spec`,
    });
  }
  return [
    ...problems,
    ...specProblems(nodeAt(root, ['spec']), claims),
    ...statusProblems(nodeAt(root, ['status'])),
  ];
}

/** specProblems returns the problems of spec: missing, or defining what Crossplane owns. */
function specProblems(spec: SchemaNode | undefined, claims: boolean): Omit<SchemaProblem, 'version'>[] {
  if (spec === undefined || spec.type !== 'object') {
    return [
      {
        path: 'spec',
        message: 'must be defined as an object: kcp prunes whatever its schema does not declare',
      },
    ];
  }
  const problems = droppedKeywords(spec, ['spec'], keptSpecKeywords);
  const owned: readonly string[] = claims
    ? [...new Set([...claimSpecFields, ...legacyXRSpecFields])]
    : [modernSpecField];
  for (const name of owned) {
    if (name === claimConnectionSecretField || spec.properties?.[name] === undefined) continue;
    problems.push({
      path: `spec.${name}`,
      message:
        'is Crossplane’s own (how the Composition is chosen and what it composed): consumers must not set it, and Crossplane replaces its schema',
    });
  }
  const secretRef = spec.properties?.[claimConnectionSecretField];
  if (claims && secretRef !== undefined && secretRef.type !== 'object') {
    problems.push({
      path: `spec.${claimConnectionSecretField}`,
      message: 'must be an object with a name: Crossplane gives claims its own writeConnectionSecretToRef',
    });
  }
  return problems;
}

/** statusProblems returns the problems of status: anything that would prune the conditions the bridge projects. */
function statusProblems(status: SchemaNode | undefined): Omit<SchemaProblem, 'version'>[] {
  if (status === undefined) {
    return [
      {
        path: 'status',
        message: 'is not defined: kcp would prune the status the bridge projects, conditions and all',
      },
    ];
  }
  const problems = droppedKeywords(
    status,
    ['status'],
    [...keptStatusKeywords, 'x-kubernetes-preserve-unknown-fields'],
  );
  const preserves = status['x-kubernetes-preserve-unknown-fields'] === true;
  if (preserves) {
    problems.push({
      path: 'status',
      message:
        'x-kubernetes-preserve-unknown-fields is dropped by Crossplane: status fields not declared here are pruned in the service cluster',
    });
  }
  const conditions = status.properties?.conditions;
  if (conditions === undefined) {
    if (!preserves) {
      problems.push({
        path: 'status.conditions',
        message: 'is not defined: kcp would prune the conditions the bridge projects (Ready, Synced)',
      });
    }
  } else if (!isConditionList(conditions)) {
    problems.push({
      path: 'status.conditions',
      message:
        'must be a list of objects with type and status, as Crossplane writes them: kcp would reject or prune them',
    });
  }
  return problems;
}

/** isConditionList reports whether node can hold Crossplane's conditions. */
function isConditionList(node: SchemaNode): boolean {
  const items = node.items;
  if (node.type !== 'array' || items === undefined || items.type !== 'object') return false;
  if (items['x-kubernetes-preserve-unknown-fields'] === true) return true;
  return items.properties?.type !== undefined && items.properties?.status !== undefined;
}

/** droppedKeywords returns a problem for each keyword of node that Crossplane does not keep at that level. */
function droppedKeywords(
  node: SchemaNode,
  path: string[],
  kept: readonly string[],
): Omit<SchemaProblem, 'version'>[] {
  return Object.keys(node)
    .filter((k) => !kept.includes(k))
    .map((k) => ({
      path: path.length === 0 ? '(root)' : path.join('.'),
      message: `${k} is dropped by Crossplane when it generates the service cluster’s CRD: it would be enforced in kcp only`,
    }));
}
