/**
 * From rendered YAML to what the function desires: each document is a composed resource (named by
 * an annotation), the XR itself (its status), or a meta document. Errors name the template and the
 * line of its rendered output, since that is the text the YAML parser saw.
 */
import type { JsonObject, JsonValue } from '../../src/function/sdk/index.js';
import { isObject } from '../../src/function/sdk/resource.js';
import { TemplateError } from './errors.js';
import { isMetaKind, type MetaDocument, metaApiVersion, parseMeta } from './meta.js';
import type { Rendered } from './render.js';
import { YamlError, yamlDocuments } from './yaml.js';

/** The annotation naming a rendered resource's composition resource name; the function removes it. */
export const nameAnnotation = 'handlebars.fn.kxp.dev/composition-resource-name';

/** The annotation saying whether a rendered resource is ready ("True" or "False"); the function removes it. */
export const readyAnnotation = 'handlebars.fn.kxp.dev/ready';

/** Where a document was rendered. */
export interface Origin {
  template: string;
  line: number;
}

/** What the rendered documents ask for, in the order they were rendered. */
export interface Plan {
  /** resources are the composed resources by composition resource name. */
  resources: Map<string, { resource: JsonObject; ready: boolean | undefined; origin: Origin }>;
  /** statuses are XR statuses to merge, from XR documents and CompositeStatus. */
  statuses: JsonObject[];
  /** meta are the other meta documents. */
  meta: Exclude<MetaDocument, { kind: 'CompositeStatus' }>[];
}

/** A deadline: when parsing must be done by (performance.now() milliseconds), and the budget it ends. */
export interface Deadline {
  at: number;
  timeoutMs: number;
}

/**
 * planOf returns what rendered asks for. xr is the observed XR, whose kind marks XR documents;
 * maxDepth bounds how deeply documents nest; parsing stops with a LimitExceeded error once deadline
 * has passed.
 */
export function planOf(rendered: Rendered[], xr: JsonObject, maxDepth: number, deadline?: Deadline): Plan {
  const plan: Plan = { resources: new Map(), statuses: [], meta: [] };
  for (const { template, text } of rendered) {
    for (const { value, origin } of documents(template, text, maxDepth, deadline)) {
      try {
        add(plan, value, origin, xr);
      } catch (err) {
        if (err instanceof TemplateError) throw err;
        throw documentError(err instanceof Error ? err.message : String(err), origin, err);
      }
    }
  }
  return plan;
}

/**
 * documents returns the documents template rendered (empty ones left out), each with its line.
 * It checks deadline as it parses: parsing megabytes of YAML takes seconds.
 */
export function documents(
  template: string,
  text: string,
  maxDepth: number,
  deadline?: Deadline,
): { value: JsonValue; origin: Origin }[] {
  const out: { value: JsonValue; origin: Origin }[] = [];
  const tick = (): void => {
    if (deadline && performance.now() > deadline.at) {
      const detail = `parsing its output took longer than ${deadline.timeoutMs}ms`;
      throw new TemplateError('LimitExceeded', detail, { template });
    }
  };
  try {
    for (const { value, line } of yamlDocuments(text, maxDepth, tick)) {
      if (value !== null) out.push({ value, origin: { template, line } });
    }
  } catch (err) {
    if (!(err instanceof YamlError)) throw err;
    throw yamlError(err.message, template, err.line, text, err);
  }
  return out;
}

function add(plan: Plan, value: JsonValue, origin: Origin, xr: JsonObject): void {
  if (!isObject(value)) {
    const what = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    throw documentError(`the document is ${what}, not an object with apiVersion and kind`, origin);
  }
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind)
    throw documentError('the document has no apiVersion and kind', origin);
  if (apiVersion === metaApiVersion) {
    if (!isMetaKind(kind)) {
      throw documentError(`${apiVersion} has no kind ${JSON.stringify(kind)}`, origin);
    }
    const meta = parseMeta(kind, value);
    if (meta.kind === 'CompositeStatus') plan.statuses.push(meta.status as JsonObject);
    else plan.meta.push(meta);
    return;
  }
  if (apiVersion === xr.apiVersion && kind === xr.kind) {
    if (isObject(value.status)) plan.statuses.push(value.status);
    return;
  }
  composed(plan, value, origin);
}

/** composed adds a composed resource to plan, named and made ready by its annotations, which it removes. */
function composed(plan: Plan, resource: JsonObject, origin: Origin): void {
  const metadata = isObject(resource.metadata) ? resource.metadata : {};
  const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
  const name = annotations[nameAnnotation];
  if (typeof name !== 'string' || !name) {
    throw documentError(
      `${resource.kind} ${JSON.stringify(metadata.name ?? '')} has no ${nameAnnotation} annotation to name it by`,
      origin,
    );
  }
  const earlier = plan.resources.get(name);
  if (earlier) {
    throw documentError(
      `two documents are named ${JSON.stringify(name)}: this one and rendered line ${earlier.origin.line} of template ${JSON.stringify(earlier.origin.template)}`,
      origin,
    );
  }
  const ready = readiness(annotations[readyAnnotation], origin);
  delete annotations[nameAnnotation];
  delete annotations[readyAnnotation];
  if (isObject(metadata.annotations) && Object.keys(annotations).length === 0) delete metadata.annotations;
  if (isObject(resource.metadata) && Object.keys(metadata).length === 0) delete resource.metadata;
  plan.resources.set(name, { resource, ready, origin });
}

/** readiness returns what the ready annotation says: True, False, or unspecified when absent. */
function readiness(value: JsonValue | undefined, origin: Origin): boolean | undefined {
  if (value === undefined || value === null || value === '' || value === 'Unspecified') return undefined;
  if (value === true || value === 'True' || value === 'true') return true;
  if (value === false || value === 'False' || value === 'false') return false;
  throw documentError(
    `the ${readyAnnotation} annotation is ${JSON.stringify(value)}: want "True", "False" or "Unspecified"`,
    origin,
  );
}

function documentError(detail: string, origin: Origin, cause?: unknown): TemplateError {
  return new TemplateError('DocumentError', detail, origin, cause === undefined ? undefined : { cause });
}

/** yamlError returns a YAMLError at line of template's output, quoting that line. */
function yamlError(
  message: string,
  template: string,
  line: number,
  text: string,
  cause: unknown,
): TemplateError {
  const quoted = text.split('\n', line)[line - 1];
  const shown = quoted
    ? ` in ${JSON.stringify(quoted.length > 120 ? `${quoted.slice(0, 120)}…` : quoted)}`
    : '';
  return new TemplateError('YAMLError', `${message.split('\n')[0]}${shown}`, { template, line }, { cause });
}
