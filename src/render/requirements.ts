/**
 * The requirements loop: a function may ask for resources (and schemas) it needs; Crossplane
 * fetches them and calls the function again, until what it asks for stops changing, at most
 * maxRequirementsIterations more times (crossplane's FetchingFunctionRunner).
 */
import type {
  JsonObject,
  Requirements,
  ResourceSelector,
  Resources,
  RunFunctionRequest,
  RunFunctionResponse,
  Schema,
} from '../function/wire/types.js';
import { Ready, Severity } from '../function/wire/types.js';
import type { Store } from './store.js';

/** maxRequirementsIterations is how many times more a function is called for what it requires. */
export const maxRequirementsIterations = 5;

/** A FunctionRunner runs the function called name with req. */
export type FunctionRunner = (name: string, req: RunFunctionRequest) => Promise<RunFunctionResponse>;

/**
 * runWithRequirements returns the response of the function called name to req once its
 * requirements are met from store: it calls the function again with what it required until its
 * requirements stop changing. A FATAL result ends the loop at once.
 */
export async function runWithRequirements(
  run: FunctionRunner,
  name: string,
  req: RunFunctionRequest,
  store: Store,
): Promise<RunFunctionResponse> {
  let previous: Requirements | undefined;
  const bootstrap: Required = {
    resources: { ...req.requiredResources },
    extra: {},
    schemas: { ...req.requiredSchemas },
  };
  for (let i = 0; i <= maxRequirementsIterations; i++) {
    const rsp = await run(name, req);
    if (rsp.results.some((r) => r.severity === Severity.FATAL)) return rsp;
    const wanted = rsp.requirements;
    if (same(wanted, previous)) return rsp;
    const next = resolve(wanted, bootstrap, store);
    // The first call already had everything it asks for (bootstrap requirements): it is final.
    const sent: Required = {
      resources: req.requiredResources,
      extra: req.extraResources,
      schemas: req.requiredSchemas,
    };
    if (i === 0 && same(sent, next)) return rsp;
    previous = wanted;
    req.requiredResources = next.resources;
    req.extraResources = next.extra;
    req.requiredSchemas = next.schemas;
    if (rsp.context !== undefined) req.context = rsp.context;
    else delete req.context;
  }
  throw new Error(
    `requirements didn't stabilize after the maximum number of iterations (${maxRequirementsIterations})`,
  );
}

/** What a function is sent for its requirements. */
interface Required {
  resources: Record<string, Resources>;
  /** extra answers the deprecated extra_resources requirements. */
  extra: Record<string, Resources>;
  schemas: Record<string, Schema>;
}

/** resolve returns what wanted resolves to in store, on top of the bootstrap requirements. */
function resolve(wanted: Requirements | undefined, bootstrap: Required, store: Store): Required {
  const next: Required = {
    resources: { ...bootstrap.resources },
    extra: {},
    schemas: { ...bootstrap.schemas },
  };
  for (const [n, sel] of Object.entries(wanted?.extraResources ?? {}))
    next.extra[n] = fetchResources(store, sel);
  for (const [n, sel] of Object.entries(wanted?.resources ?? {}))
    next.resources[n] = fetchResources(store, sel);
  // kxp render has no schemas to give: a function asking for one gets an empty answer (unknown).
  for (const n of Object.keys(wanted?.schemas ?? {})) next.schemas[n] = {};
  return next;
}

/**
 * fetchResources returns what selector selects in store: the object named matchName (none when
 * absent), else those with matchLabels (or all of the kind), in namespace or every namespace.
 */
export function fetchResources(store: Store, sel: ResourceSelector): Resources {
  const wrap = (resource: JsonObject) => ({ resource, connectionDetails: {}, ready: Ready.UNSPECIFIED });
  if (sel.matchName !== undefined) {
    const key = { apiVersion: sel.apiVersion, kind: sel.kind, name: sel.matchName };
    const found = store.get(sel.namespace ? { ...key, namespace: sel.namespace } : key);
    return { items: found ? [wrap(found)] : [] };
  }
  const labels = sel.matchLabels?.labels ?? {};
  return { items: store.list(sel.apiVersion, sel.kind, sel.namespace ?? '', labels).map(wrap) };
}

/** same reports whether a and b are equal as protobuf messages (undefined only equals undefined). */
function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** canonical returns v as JSON with object keys sorted, so equal messages give equal text. */
function canonical(v: unknown): string {
  return JSON.stringify(v ?? null, (_k, value: unknown) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  });
}
