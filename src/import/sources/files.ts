/**
 * Schemas from files, without kcp: kcp APIResourceSchemas (such as `kxp import --save-schemas`
 * writes), CustomResourceDefinitions and Crossplane CompositeResourceDefinitions, in YAML or JSON
 * files, in a folder and the folders in it (such as compositions/dist after `make synth`). Other
 * objects (Compositions, examples) are skipped.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { crdFrom } from '../../bridge/schema/parse.js';
import { readObjects } from '../../render/files.js';
import type { SourcedSchema } from '../model.js';
import { isXRD, schemaFromXRD } from './xrd.js';

/** FileSchemas are the schemas found under a path, and how many other objects were skipped. */
export interface FileSchemas {
  schemas: SourcedSchema[];
  skipped: number;
}

/**
 * fileSchemas returns the schemas in path (a file, or every .yaml, .yml and .json file below a
 * folder, in sorted order), each as an APIResourceSchema. It throws when a file cannot be read, an
 * object cannot be, or there is no schema at all.
 */
export async function fileSchemas(path: string): Promise<FileSchemas> {
  const out: FileSchemas = { schemas: [], skipped: 0 };
  for (const file of await schemaFiles(path)) {
    for (const { object } of await readObjects(file)) {
      for (const item of listItems(object)) {
        const schema = asSchema(item, file);
        if (schema === undefined) out.skipped++;
        else out.schemas.push({ object: schema, source: file });
      }
    }
  }
  if (out.schemas.length === 0) {
    throw new Error(
      `cannot import from ${path}: no APIResourceSchema, CustomResourceDefinition or CompositeResourceDefinition ` +
        `among its ${out.skipped} objects`,
    );
  }
  return out;
}

/** schemaFiles returns path, or the YAML and JSON files below the folder path, sorted. */
async function schemaFiles(path: string): Promise<string[]> {
  try {
    if (!(await stat(path)).isDirectory()) return [path];
    const entries = await readdir(path, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name))
      .map((e) => join(e.parentPath, e.name))
      .filter(
        (f) =>
          !f
            .slice(path.length)
            .split('/')
            .some((s) => s.startsWith('.') || s === 'node_modules'),
      )
      .sort();
  } catch (cause) {
    throw new Error(`cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
}

/** listItems returns the items of a List (kind List, or any *List with items), else the object itself. */
function listItems(obj: Record<string, unknown>): Record<string, unknown>[] {
  if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
    return obj.items.filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null);
  }
  return [obj];
}

/** asSchema returns obj as an APIResourceSchema, or undefined when it defines no API. */
function asSchema(obj: Record<string, unknown>, file: string): unknown {
  if (obj.kind === 'APIResourceSchema' && String(obj.apiVersion).startsWith('apis.kcp.io/')) return obj;
  try {
    if (isXRD(obj)) return schemaFromXRD(obj);
    if (obj.kind === 'CustomResourceDefinition' && obj.apiVersion === 'apiextensions.k8s.io/v1') {
      return schemaFromCRD(obj);
    }
  } catch (cause) {
    throw new Error(`cannot import from ${file}: ${(cause as Error).message}`, { cause });
  }
  return undefined;
}

/** schemaFromCRD returns a CRD's API as an APIResourceSchema: the same names, scope and versions. */
function schemaFromCRD(obj: unknown): unknown {
  const parsed = crdFrom(obj);
  if (!parsed.ok) throw new Error(parsed.message, { cause: parsed.cause });
  const { metadata, spec } = parsed.value;
  return {
    apiVersion: 'apis.kcp.io/v1alpha1',
    kind: 'APIResourceSchema',
    metadata: { name: metadata.name },
    spec: {
      group: spec.group,
      names: spec.names,
      scope: spec.scope,
      versions: spec.versions.map((v) => ({
        name: v.name,
        served: v.served,
        storage: v.storage,
        schema: v.schema.openAPIV3Schema,
      })),
    },
  };
}
