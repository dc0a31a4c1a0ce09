/**
 * Choosing a Composition by labels. Crossplane v2.4 XRDs can name a default Composition
 * (defaultCompositionRef) or enforce one, and select among a Composition's revisions by label
 * (defaultCompositionRevisionSelector), but have no default selector of Compositions: with neither a
 * reference nor a selector on the object, Crossplane picks at random among all compatible Compositions
 * (crossplane v2.4.0 internal/controller/apiextensions/composite/api.go, APILabelSelectorResolver).
 * So a default composition label travels as an XRD annotation and the sync engine sets it as the
 * selector of each object it creates in the service cluster.
 */
import { compositionLabelsAnnotation } from './annotations.js';
import { type CrossplaneKind, modernSpecField } from './crossplane.js';

/**
 * compositionSelectorFields returns the spec fields that select a Composition by labels: a claim's
 * `spec.compositionSelector` or a namespaced XR's `spec.crossplane.compositionSelector`, for merging
 * into spec.
 */
export function compositionSelectorFields(
  kind: CrossplaneKind,
  labels: Record<string, string>,
): Record<string, unknown> {
  const selector = { compositionSelector: { matchLabels: { ...labels } } };
  return kind === 'claim' ? selector : { [modernSpecField]: selector };
}

/**
 * compositionLabelsFrom returns the composition labels recorded in an XRD's annotations, or undefined
 * when there are none or they are not a JSON object of strings.
 */
export function compositionLabelsFrom(
  annotations: Record<string, string> | undefined,
): Record<string, string> | undefined {
  const raw = annotations?.[compositionLabelsAnnotation];
  if (raw === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  if (!entries.every(([, v]) => typeof v === 'string')) return undefined;
  return Object.fromEntries(entries) as Record<string, string>;
}
