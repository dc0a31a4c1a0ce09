/**
 * loadInputs: render's inputs from the files `kxp render` is given (the same files, and mostly the
 * same flags, as `crossplane render`), with each Function's TypeScript module to run it from.
 */
import { parse } from 'yaml';
import type { FunctionHandler, HandlerContext } from '../function/handler.js';
import type { JsonObject, JsonValue } from '../function/wire/types.js';
import { readObject, readObjects, readValue } from './files.js';
import { functionModules, moduleHandlers } from './modules.js';
import type { RenderInputs } from './render.js';
import { inProcessRunner } from './runner.js';

/** The files and flags of one render. */
export interface RenderFiles {
  /** xr is the file holding the composite resource. */
  xr: string;
  /** composition is the file holding the Composition. */
  composition: string;
  /** functions is a file or folder of Functions, naming their modules with render.kxp.dev/module. */
  functions?: string;
  /** functionModules are `<function name>=<module path>[#export]`, which win over the Functions' annotations. */
  functionModules?: readonly string[];
  /** observed is a file or folder of the XR's existing composed resources. */
  observed?: string;
  /** required are files or folders of resources functions may require. */
  required?: readonly string[];
  /** credentials is a file or folder of Secrets that pipeline steps' credentials name. */
  credentials?: string;
  /** xrd is the file holding the XR's CompositeResourceDefinition. */
  xrd?: string;
  /** contextFiles are `<key>=<file>`: a context key and the JSON or YAML file holding its value. */
  contextFiles?: readonly string[];
  /** contextValues are `<key>=<JSON or YAML>`; they win over contextFiles. */
  contextValues?: readonly string[];
}

/** How loadInputs runs functions. */
export interface LoadOptions {
  /** log is the functions' logger. */
  log?: HandlerContext['log'];
  /** load loads a module's function (loadFunction, by default: TypeScript through tsx). */
  load?: (module: string, exportName: string) => Promise<FunctionHandler>;
}

/** loadInputs returns the RenderInputs files describe, with functions run in process from their modules. */
export async function loadInputs(files: RenderFiles, options: LoadOptions = {}): Promise<RenderInputs> {
  const functions = files.functions ? await readObjects(files.functions) : [];
  const modules = functionModules(functions, files.functionModules ?? []);
  const inputs: RenderInputs = {
    xr: await readObject(files.xr),
    composition: await readObject(files.composition, 'Composition'),
    run: inProcessRunner(moduleHandlers(modules, options.load), options.log),
  };
  if (files.observed) inputs.observed = (await readObjects(files.observed)).map((s) => s.object);
  const required: JsonObject[] = [];
  for (const path of files.required ?? []) required.push(...(await readObjects(path)).map((s) => s.object));
  if (required.length > 0) inputs.required = required;
  if (files.credentials) {
    inputs.credentials = (await readObjects(files.credentials)).map(({ object }) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      ...object,
    }));
  }
  if (files.xrd) inputs.xrd = await readObject(files.xrd, 'CompositeResourceDefinition');
  const context = await contextData(files.contextFiles ?? [], files.contextValues ?? []);
  if (context) inputs.context = context;
  return inputs;
}

/** contextData returns the pipeline's first context from key=file and key=value pairs, or undefined when none. */
async function contextData(
  fromFiles: readonly string[],
  values: readonly string[],
): Promise<JsonObject | undefined> {
  if (fromFiles.length === 0 && values.length === 0) return undefined;
  const out: JsonObject = {};
  for (const pair of fromFiles) {
    const [key, file] = split(pair, '--context-files');
    out[key] = await readValue(file);
  }
  for (const pair of values) {
    const [key, text] = split(pair, '--context-values');
    try {
      out[key] = parse(text) as JsonValue;
    } catch (cause) {
      throw new Error(`cannot read --context-values ${key}: ${(cause as Error).message}`, { cause });
    }
  }
  return out;
}

function split(pair: string, flag: string): [string, string] {
  const eq = pair.indexOf('=');
  if (eq <= 0) throw new Error(`cannot read ${flag} ${JSON.stringify(pair)}: expected <key>=<value>`);
  return [pair.slice(0, eq), pair.slice(eq + 1)];
}
