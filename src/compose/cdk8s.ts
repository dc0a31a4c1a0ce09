/**
 * The cdk8s adapter: a composition function builds its desired resources with cdk8s and
 * cdk8s-plus constructs in a Chart, and each object the chart synthesises becomes a desired
 * composed resource named by its construct path. One Chart per call; names never carry cdk8s's
 * hashes, so they are the same on every call and Crossplane keeps updating the same resources.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import type { JsonObject, JsonValue } from '../function/wire/types.js';

/** How composeChart builds the chart. */
export interface ChartOptions {
  /**
   * id of the chart, which prefixes every object's name: <id>-<construct path>, e.g. shop-settings.
   * @default the XR's metadata.name
   */
  readonly id?: string;
  /**
   * namespace of the chart's namespaced objects.
   * @default none: Crossplane puts a namespaced XR's resources in the XR's namespace
   */
  readonly namespace?: string;
  /**
   * labels added to every object.
   * @default none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * prefix of every composition resource name, so that two charts in one function do not collide.
   * @default '' (names are construct paths)
   */
  readonly prefix?: string;
  /**
   * generateNames leaves metadata.name out, so Crossplane names each object <xr name>-<hash>.
   * @default false: objects are named <id>-<construct path>
   */
  readonly generateNames?: boolean;
}

/** What composeChart composes into: a defineFunction context, or anything with compose and the XR. */
export interface ChartTarget {
  /** xr is the observed composite resource. */
  readonly xr: JsonObject;
  compose(name: string, resource: object): void;
}

/** The id of the child cdk8s-plus gives the ApiObject inside each of its constructs. */
const defaultChildId = 'Resource';

/**
 * composeChart builds a Chart with build, synthesises it in memory, and composes every object in
 * it under its composition resource name (see chartResources). It returns what it composed.
 */
export function composeChart(
  ctx: ChartTarget,
  build: (chart: Chart) => void,
  options: ChartOptions = {},
): Record<string, JsonObject> {
  const id = options.id ?? xrName(ctx.xr);
  const resources = chartResources(build, { ...options, id });
  for (const [name, obj] of Object.entries(resources)) ctx.compose(name, obj);
  return resources;
}

/**
 * chartResources returns the objects a chart built by build synthesises to, by composition
 * resource name: the construct path below the chart, with cdk8s-plus's inner `Resource` left out
 * (a kplus.ConfigMap with id settings is `settings`; the Service that deployment web exposes is
 * `web/Service`), behind options.prefix.
 */
export function chartResources(
  build: (chart: Chart) => void,
  options: ChartOptions & { id: string },
): Record<string, JsonObject> {
  const app = new App();
  const chart = new Chart(app, options.id, {
    disableResourceNameHashes: true,
    ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
    ...(options.labels ? { labels: { ...options.labels } } : {}),
  });
  build(chart);
  validate(chart);
  const out: Record<string, JsonObject> = {};
  for (const obj of chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c))) {
    const name = `${options.prefix ?? ''}${compositionResourceName(chart, obj)}`;
    if (name in out) throw new Error(`cannot compose chart ${options.id}: two objects are named ${name}`);
    out[name] = synthesised(obj, options);
  }
  return out;
}

/** compositionResourceName returns obj's construct path below chart, without a trailing `Resource`. */
export function compositionResourceName(chart: Chart, obj: IConstruct): string {
  const below = obj.node.scopes.slice(obj.node.scopes.indexOf(chart) + 1).map((s) => s.node.id);
  if (below.length > 1 && below[below.length - 1] === defaultChildId) below.pop();
  return below.join('/');
}

/** synthesised returns obj's JSON, resolved, with metadata.name left out when names are generated. */
function synthesised(obj: ApiObject, options: ChartOptions & { id: string }): JsonObject {
  let json: JsonObject;
  try {
    json = JSON.parse(JSON.stringify(obj.toJson())) as JsonObject;
  } catch (cause) {
    throw new Error(`cannot compose chart ${options.id}: ${(cause as Error).message}`, { cause });
  }
  const metadata = json.metadata;
  if (options.generateNames && isObject(metadata)) delete metadata.name;
  return json;
}

/** validate runs every construct's validations (cdk8s-plus checks its props this way), as app.synth does. */
function validate(chart: Chart): void {
  const errors = chart.node
    .findAll()
    .flatMap((c) => c.node.validate().map((message) => `${c.node.path}: ${message}`));
  if (errors.length > 0) throw new Error(`cannot compose chart ${chart.node.id}: ${errors.join('; ')}`);
}

function xrName(xr: JsonObject): string {
  const metadata = xr.metadata;
  const name = isObject(metadata) ? metadata.name : undefined;
  if (typeof name !== 'string' || name === '') {
    throw new Error(
      'cannot compose chart: the XR has no metadata.name to name the chart by (give options.id)',
    );
  }
  return name;
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
