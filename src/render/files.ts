/**
 * Reading render's inputs from files, as crossplane render reads them: one object from a YAML
 * file, or every object in a YAML file or a folder of YAML files.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { JsonObject, JsonValue } from '../function/wire/types.js';
import { isObject } from './store.js';

/** An object read from a file, and the file. */
export interface Sourced {
  object: JsonObject;
  file: string;
}

/** readObjects returns the objects in path: a YAML (or JSON) file, or every such file in a folder, sorted. */
export async function readObjects(path: string): Promise<Sourced[]> {
  let files: string[];
  try {
    const s = await stat(path);
    files = s.isDirectory()
      ? (await readdir(path))
          .filter((n) => /\.(ya?ml|json)$/.test(n))
          .sort()
          .map((n) => join(path, n))
      : [path];
  } catch (cause) {
    throw new Error(`cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  const out: Sourced[] = [];
  for (const file of files) for (const object of await documents(file)) out.push({ object, file });
  return out;
}

/** readObject returns the one object in file, of kind when given. */
export async function readObject(file: string, kind?: string): Promise<JsonObject> {
  const docs = await documents(file);
  const [only] = docs;
  if (!only || docs.length > 1) {
    throw new Error(`cannot read ${file}: expected one object, found ${docs.length}`);
  }
  if (kind && only.kind !== kind) {
    throw new Error(`cannot read ${file}: expected a ${kind}, found a ${String(only.kind)}`);
  }
  return only;
}

/** readValue returns the YAML (or JSON) value in file. */
export async function readValue(file: string): Promise<JsonValue> {
  try {
    return parse(await readFile(file, 'utf8')) as JsonValue;
  } catch (cause) {
    throw new Error(`cannot read ${file}: ${(cause as Error).message}`, { cause });
  }
}

/** documents returns the objects in a YAML file's documents, naming the file and line of a syntax error. */
async function documents(file: string): Promise<JsonObject[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new Error(`cannot read ${file}: ${(cause as Error).message}`, { cause });
  }
  return parseAllDocuments(text).flatMap((d) => {
    const [err] = d.errors;
    if (err) {
      const at = err.linePos?.[0] ? `:${err.linePos[0].line}` : '';
      throw new Error(`cannot parse ${file}${at}: ${err.message.split('\n')[0]}`, { cause: err });
    }
    const v = d.toJS() as JsonValue;
    if (v === null || v === undefined) return [];
    if (!isObject(v)) throw new Error(`cannot parse ${file}: a document is not an object`);
    return [v];
  });
}
