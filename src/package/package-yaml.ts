/**
 * The two files of a Crossplane package's own layers, in the shape `crossplane xpkg build` writes
 * them: package.yaml (the metadata document, then each object, as Kubernetes serialises typed
 * objects: keys sorted, a CRD with its empty status) and the examples stream.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { stringify } from 'yaml';
import type { JsonObject, JsonValue } from '../function/wire/types.js';

/** The file of the package layer, and of the examples layer (Crossplane's names). */
export const packageFile = 'package.yaml';
export const examplesFile = '.up/examples.yaml';

/** packageYaml returns the package.yaml stream of a package: its metadata document, then its objects. */
export function packageYaml(meta: JsonObject, objects: JsonObject[]): string {
  let out = '---\n';
  out += document(typed(meta));
  out += '---\n';
  for (const o of objects) out += `${document(typed(o))}---\n`;
  return out;
}

/** typed returns obj as Kubernetes' serialiser writes a typed object it decoded. */
function typed(obj: JsonObject): JsonObject {
  const out: JsonObject = { ...obj };
  if (obj.kind === 'CustomResourceDefinition' && obj.status === undefined) {
    out.status = { acceptedNames: { kind: '', plural: '' }, conditions: null, storedVersions: null };
  }
  return out;
}

/** document returns one YAML document with keys sorted and no folded lines. */
function document(obj: JsonValue): string {
  return stringify(obj, { sortMapEntries: true, lineWidth: 0, indentSeq: false });
}

/**
 * examplesStream returns the examples layer's text: every non-empty .yaml or .yml file under dir,
 * walked in lexical order, each followed by a document end and a separator, as Crossplane's
 * package builder joins them.
 */
export function examplesStream(dir: string): string {
  let out = '';
  for (const file of yamlFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    if (text.length === 0) continue;
    out += `${text}\n...\n\n---\n`;
  }
  return out;
}

/** yamlFiles returns the YAML files under dir, depth first in lexical order (as Go's filepath.Walk). */
function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isDirectory()) out.push(...yamlFiles(path));
    else if (['.yaml', '.yml'].includes(extname(name))) out.push(path);
  }
  return out;
}
