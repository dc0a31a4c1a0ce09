/**
 * Schemas from files and folders: CustomResourceDefinitions, Crossplane CompositeResourceDefinitions
 * (their XR and claim CRDs derived as Crossplane derives them), and kcp APIResourceSchemas (what
 * `--save-schemas` writes). Other documents (Compositions, Functions, example XRs) are ignored, so a
 * folder such as `make synth` output can be given as it is.
 */
import { isObject } from '../check/values.js';
import { readDocuments } from '../sources/documents.js';
import { collectSources } from '../sources/walk.js';
import { Catalog, type ResourceSchema, schemasFromAPIResourceSchema, schemasFromCRD } from './catalog.js';
import { crdsForXRD } from './xrd.js';

/**
 * schemasFromDocument returns the resource schemas a document defines: none for a document that defines
 * none. A definition that cannot be read throws, naming it.
 */
export function schemasFromDocument(obj: unknown): ResourceSchema[] {
  if (!isObject(obj)) return [];
  const group = typeof obj.apiVersion === 'string' ? obj.apiVersion.split('/')[0] : '';
  const name = isObject(obj.metadata) ? String(obj.metadata.name ?? '') : '';
  switch (`${group}/${String(obj.kind)}`) {
    case 'apiextensions.k8s.io/CustomResourceDefinition':
      return schemasFromCRD(obj);
    case 'apiextensions.crossplane.io/CompositeResourceDefinition':
      return crdsForXRD(obj).flatMap((crd, i) =>
        schemasFromCRD(crd, `XRD ${name} (${i === 0 ? 'composite resource' : 'claim'})`),
      );
    case 'apis.kcp.io/APIResourceSchema':
      return schemasFromAPIResourceSchema(obj);
    default:
      return [];
  }
}

/**
 * loadSchemaFiles returns a catalog of the schemas in the files and folders paths name, or throws
 * `cannot read schemas ...` naming the file and line of what it cannot read.
 */
export async function loadSchemaFiles(paths: readonly string[], catalog = new Catalog()): Promise<Catalog> {
  const { sources } = await collectSources(paths, { kustomize: false });
  for (const source of sources) {
    const read = readDocuments(source.text, source.file);
    const bad = read.malformed[0];
    if (bad) throw new Error(`cannot read schemas: ${bad.file}:${bad.line}:${bad.column}: ${bad.message}`);
    for (const d of read.documents) {
      try {
        for (const rs of schemasFromDocument(d.value)) catalog.add(rs);
      } catch (cause) {
        throw new Error(`cannot read schemas: ${d.file}:${d.line}: ${(cause as Error).message}`, { cause });
      }
    }
  }
  return catalog;
}
