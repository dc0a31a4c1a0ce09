/**
 * Kustomize-style folders, as far as kxp validate follows them: a kustomization's `resources` (and the
 * older `bases`, and `components`) name the files and folders whose objects it builds from, and its
 * `namespace` is set on them. Everything that transforms or generates objects — patches, generators,
 * name prefixes, labels, images, replicas, Helm charts — is not applied: the objects are validated as
 * written, and a note says so (`kustomize build <dir> | kxp validate -` validates what kustomize renders).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { isObject } from '../check/values.js';

/** kustomizationNames are the file names kustomize looks for in a folder, in its order. */
export const kustomizationNames = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Kustomization is what kxp reads of one. */
export interface Kustomization {
  file: string;
  /** entries are the resources, bases and components, as written (paths relative to its folder, or URLs). */
  entries: string[];
  namespace?: string;
  /** ignored lists the fields kxp does not apply. */
  ignored: string[];
}

const followed = new Set(['apiVersion', 'kind', 'metadata', 'resources', 'bases', 'components', 'namespace']);

/** kustomizationIn returns the kustomization file of folder dir, or undefined when it has none. */
export function kustomizationIn(dir: string): string | undefined {
  return kustomizationNames.map((n) => join(dir, n)).find((f) => existsSync(f));
}

/** readKustomization returns the kustomization in file, or throws `cannot read kustomization ...`. */
export function readKustomization(file: string): Kustomization {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'), { version: '1.1' });
  } catch (cause) {
    throw new Error(`cannot read kustomization ${file}: ${(cause as Error).message}`, { cause });
  }
  if (doc === null || doc === undefined) doc = {};
  if (!isObject(doc)) throw new Error(`cannot read kustomization ${file}: it is not a YAML mapping`);
  const list = (k: string) =>
    Array.isArray(doc[k]) ? (doc[k] as unknown[]).filter((e) => typeof e === 'string') : [];
  const out: Kustomization = {
    file,
    entries: [...list('resources'), ...list('bases'), ...list('components')] as string[],
    ignored: Object.keys(doc).filter((k) => !followed.has(k)),
  };
  if (typeof doc.namespace === 'string' && doc.namespace !== '') out.namespace = doc.namespace;
  return out;
}

/** isRemote reports whether a kustomization entry names something remote (a URL, a Git repository). */
export function isRemote(entry: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(entry) ||
    /^git@/.test(entry) ||
    entry.includes('?ref=')
  );
}
