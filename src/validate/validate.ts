/**
 * One claim or XR checked as the API server checks it on create: metadata (as the server, not as
 * crossplane resource validate), then — on a copy with the server's defaults applied — the schema's value
 * validations, unknown fields (pruned, then reported), list uniqueness, and x-kubernetes-validations rules
 * on what is left.
 */
import { checkRules } from './cel/rules.js';
import { applyDefaults } from './check/defaults.js';
import { checkListTypes } from './check/listtype.js';
import { checkMetadata } from './check/metadata.js';
import { pruneUnknown } from './check/unknown.js';
import { checkValue } from './check/values.js';
import type { ResourceSchema } from './schemas/catalog.js';
import type { Problem } from './types.js';

/** Checked is what validating one object found: errors make it invalid, warnings do not. */
export interface Checked {
  errors: Problem[];
  warnings: Problem[];
}

/** validateObject returns the problems of obj, an object of the kind and version rs describes. */
export function validateObject(obj: Record<string, unknown>, rs: ResourceSchema): Checked {
  const meta = checkMetadata(obj, rs.namespaced);
  const copy = structuredClone(obj);
  applyDefaults(copy, rs.schema);
  const schema: Problem[] = [];
  checkValue(copy, rs.schema, [], schema);
  const unknown = pruneUnknown(copy, rs.schema);
  const lists = checkListTypes(copy, rs.schema);
  const rules = checkRules(copy, rs.schema);
  return { errors: [...meta.errors, ...schema, ...unknown, ...lists, ...rules], warnings: meta.warnings };
}
