/**
 * Testing helpers for function authors: run a handler in-process (no gRPC) from plain objects or
 * YAML, render the response as readable YAML, and compare it with what a test expects. They depend
 * on no test framework: a mismatch throws node's AssertionError, which jest, vitest and node:test
 * all print as a diff.
 */
import { deepStrictEqual } from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { FunctionHandler, HandlerContext } from '../handler.js';
import { runSafely } from '../runner.js';
import {
  Capability,
  type JsonObject,
  type JsonValue,
  Ready,
  type Resource,
  type RunFunctionRequest,
  type RunFunctionResponse,
  type State,
} from '../wire/types.js';
import { annotationsOf, isObject, toJsonObject } from './resource.js';
import { responseToJson } from './response-yaml.js';

export { responseToJson, responseToYaml } from './response-yaml.js';

/** A Kubernetes object, or a YAML document holding one. */
export type Manifest = object | string;

/** The annotation Crossplane names composed resources by (what `crossplane render` reads too). */
export const compositionResourceName = 'crossplane.io/composition-resource-name';

/** What runFunction builds the RunFunctionRequest from. */
export interface RunOptions {
  /** xr is the observed composite resource. */
  xr?: Manifest;
  /** observed composed resources by name, or multi-document YAML named by compositionResourceName. */
  observed?: Record<string, Manifest> | string;
  /** observedConnectionDetails of composed resources, by name (legacy XRs read them). */
  observedConnectionDetails?: Record<string, Record<string, string | Buffer>>;
  /** desired composed resources that earlier pipeline steps produced; named like observed. */
  desired?: Record<string, Manifest> | string;
  /** desiredXr is the desired composite resource that earlier steps produced (usually a status). */
  desiredXr?: Manifest;
  /** input is the pipeline step's input block. */
  input?: Manifest;
  context?: Manifest;
  /** required are the resources Crossplane fetched, by requirement name (multi-document YAML allowed). */
  required?: Record<string, Manifest[] | string>;
  credentials?: Record<string, Record<string, string | Buffer>>;
  /** capabilities Crossplane advertises; by default all of them, like a current Crossplane. */
  capabilities?: Capability[];
  tag?: string;
  log?: HandlerContext['log'];
}

const allCapabilities = Object.values(Capability).filter((c) => c !== Capability.UNSPECIFIED);

const silent: HandlerContext['log'] = { debug() {}, info() {}, warn() {}, error() {} };

/** requestFrom returns the RunFunctionRequest that options describe. */
export function requestFrom(options: RunOptions): RunFunctionRequest {
  const req: RunFunctionRequest = {
    meta: { tag: options.tag ?? '', capabilities: options.capabilities ?? allCapabilities },
    observed: state(options.xr, options.observed, 'observed'),
    desired: state(options.desiredXr, options.desired, 'desired'),
    extraResources: {},
    credentials: {},
    requiredResources: {},
    requiredSchemas: {},
  };
  if (options.input !== undefined) req.input = manifest(options.input, 'input');
  if (options.context !== undefined) req.context = manifest(options.context, 'context');
  for (const [name, items] of Object.entries(options.required ?? {})) {
    const docs = typeof items === 'string' ? documents(items, `required ${name}`) : items;
    req.requiredResources[name] = { items: docs.map((d) => resource(manifest(d, `required ${name}`))) };
  }
  for (const [name, data] of Object.entries(options.credentials ?? {})) {
    req.credentials[name] = { credentialData: { data: buffers(data) } };
  }
  for (const [name, data] of Object.entries(options.observedConnectionDetails ?? {})) {
    const observed = req.observed?.resources[name];
    if (!observed)
      throw new Error(`cannot set connection details of ${name}: no observed resource of that name`);
    observed.connectionDetails = buffers(data);
  }
  return req;
}

/**
 * runFunction returns handler's response to the request options describe, run in-process the way
 * the server runs it (runSafely: a throw or rejection becomes a FATAL result).
 */
export async function runFunction(
  handler: FunctionHandler,
  options: RunOptions = {},
): Promise<RunFunctionResponse> {
  return runSafely(handler, requestFrom(options), { log: options.log ?? silent });
}

/**
 * expectResponse throws an AssertionError with a diff unless rsp, in responseToJson's form, equals
 * expected (YAML or an object). With subset, only the fields expected names are compared; arrays
 * still compare item by item, so a missing or extra result fails.
 */
export function expectResponse(
  rsp: RunFunctionResponse,
  expected: Manifest,
  options: { subset?: boolean } = {},
): void {
  const want =
    typeof expected === 'string' ? (parse(expected) as JsonValue) : toJsonObject(expected, 'expected');
  const got = responseToJson(rsp);
  // Both sides go through JSON so that objects from another realm (jest's vm contexts) compare equal.
  deepStrictEqual(
    JSON.parse(JSON.stringify(options.subset ? pick(got, want) : got)),
    JSON.parse(JSON.stringify(want)),
  );
}

/** A test case read from a folder: what to run and, when expected.yaml exists, what should come back. */
export interface Case {
  options: RunOptions;
  expected?: string;
}

/**
 * loadCase returns the case in dir: xr.yaml, input.yaml, context.yaml, observed/*.yaml and
 * desired/*.yaml (named by the composition-resource-name annotation, else by file name),
 * required/<name>.yaml (all documents), and expected.yaml. Every file is optional.
 */
export async function loadCase(dir: string): Promise<Case> {
  const options: RunOptions = {};
  const xr = await text(join(dir, 'xr.yaml'));
  const input = await text(join(dir, 'input.yaml'));
  const context = await text(join(dir, 'context.yaml'));
  if (xr !== undefined) options.xr = xr;
  if (input !== undefined) options.input = input;
  if (context !== undefined) options.context = context;
  for (const kind of ['observed', 'desired'] as const) {
    const named = await namedResources(join(dir, kind));
    if (named) options[kind] = named;
  }
  const required = await yamlFiles(join(dir, 'required'));
  if (required.length > 0) options.required = Object.fromEntries(required);
  const expected = await text(join(dir, 'expected.yaml'));
  return expected === undefined ? { options } : { options, expected };
}

/** namedResources returns the resources in dir's YAML files by composition resource name (else file name). */
async function namedResources(dir: string): Promise<Record<string, Manifest> | undefined> {
  const files = await yamlFiles(dir);
  if (files.length === 0) return undefined;
  const named: Record<string, Manifest> = {};
  for (const [file, body] of files) {
    for (const doc of documents(body, join(dir, file))) {
      const name = annotationsOf(doc)[compositionResourceName] ?? file;
      if (name in named) throw new Error(`cannot load resources in ${dir}: two are named ${name}`);
      named[name] = doc;
    }
  }
  return named;
}

/** pick returns the parts of got that want names, so deepStrictEqual compares only those. */
function pick(got: JsonValue | undefined, want: JsonValue | undefined): JsonValue | undefined {
  if (Array.isArray(got) && Array.isArray(want))
    return got.map((g, i) => (i < want.length ? (pick(g, want[i]) ?? null) : g));
  if (isObject(got) && isObject(want)) {
    const out: JsonObject = {};
    for (const k of Object.keys(want)) {
      const v = pick(got[k], want[k]);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  return got;
}

function state(
  xr: Manifest | undefined,
  resources: Record<string, Manifest> | string | undefined,
  what: string,
): State {
  const out: State = { resources: {} };
  if (xr !== undefined) out.composite = resource(manifest(xr, `${what} composite`));
  const named =
    typeof resources === 'string'
      ? Object.fromEntries(documents(resources, what).map((d) => [nameFor(d, what), d]))
      : (resources ?? {});
  for (const [name, m] of Object.entries(named))
    out.resources[name] = resource(manifest(m, `${what} ${name}`));
  return out;
}

function buffers(data: Record<string, string | Buffer>): Record<string, Buffer> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v)]));
}

function nameFor(doc: JsonObject, what: string): string {
  const name = annotationsOf(doc)[compositionResourceName];
  if (name === undefined) {
    throw new Error(`cannot name ${what} resource: it has no ${compositionResourceName} annotation`);
  }
  return name;
}

function resource(obj: JsonObject): Resource {
  return { resource: obj, connectionDetails: {}, ready: Ready.UNSPECIFIED };
}

function manifest(m: Manifest, what: string): JsonObject {
  if (typeof m !== 'string') return toJsonObject(m, what);
  const [doc, ...rest] = documents(m, what);
  if (!doc || rest.length > 0) throw new Error(`cannot parse ${what}: expected one YAML document`);
  return doc;
}

function documents(yaml: string, what: string): JsonObject[] {
  return parseAllDocuments(yaml).flatMap((d) => {
    if (d.errors.length > 0)
      throw new Error(`cannot parse ${what}: ${d.errors[0]?.message}`, { cause: d.errors[0] });
    const v = d.toJS() as JsonValue;
    if (v === null || v === undefined) return [];
    if (!isObject(v)) throw new Error(`cannot parse ${what}: a document is not an object`);
    return [v];
  });
}

async function text(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** yamlFiles returns [name without .yaml, contents] for each YAML file in dir, sorted; [] when dir is absent. */
async function yamlFiles(dir: string): Promise<[string, string][]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`cannot read ${dir}: ${(err as Error).message}`, { cause: err });
  }
  const out: [string, string][] = [];
  for (const n of names) out.push([basename(n).replace(/\.ya?ml$/, ''), (await text(join(dir, n))) ?? '']);
  return out;
}
