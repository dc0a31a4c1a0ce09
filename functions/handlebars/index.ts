/**
 * handlebars: a composition function whose input is Handlebars templates rendering YAML documents
 * of desired resources, the TypeScript counterpart of function-go-templating. Templates read the
 * request (observed and desired state, context, extra resources) through data and helpers; the
 * documents they render become composed resources, the XR's status and conditions, connection
 * details, context, requirements and results. See README.md beside this file.
 *
 * A template error, a limit reached, malformed YAML or an unusable document becomes a FATAL result
 * naming the template and line; desired state from earlier steps then passes through untouched.
 */
import type { ComposeContext, FunctionHandler } from '../../src/function/sdk/index.js';
import { defineFunction } from '../../src/function/sdk/index.js';
import { templateData } from './data.js';
import { type Plan, planOf } from './documents.js';
import { TemplateError } from './errors.js';
import { TemplatesInput, templateSet } from './input.js';
import type { ConditionSpec, MetaDocument } from './meta.js';
import { defaultLimits, type Limits, renderTemplates } from './render.js';

export { nameAnnotation, readyAnnotation } from './documents.js';
export { inputApiVersion, inputKind, TemplatesInput } from './input.js';
export { metaApiVersion } from './meta.js';
export { defaultLimits, type Limits } from './render.js';

type Context = ComposeContext<TemplatesInput, unknown>;

/** handlebarsFunction returns the function, rendering within limits (defaultLimits where not given). */
export function handlebarsFunction(limits: Partial<Limits> = {}): FunctionHandler {
  const bounds: Limits = { ...defaultLimits, ...limits };
  return defineFunction({
    input: TemplatesInput,
    compose(ctx) {
      const deadline = performance.now() + bounds.timeoutMs;
      let plan: Plan;
      try {
        const rendered = renderTemplates(templateSet(ctx.input), templateData(ctx.request), bounds, {
          deadline,
          log: (template, msg) => ctx.log.info({ template }, msg),
        });
        plan = planOf(rendered, ctx.xr, bounds.maxDataDepth, { at: deadline, timeoutMs: bounds.timeoutMs });
      } catch (err) {
        if (!(err instanceof TemplateError)) throw err;
        ctx.log.warn({ reason: err.reason, template: err.template, line: err.line }, err.message);
        ctx.result.fatal(err.message).withReason(err.reason);
        return;
      }
      apply(plan, ctx);
    },
  });
}

/** apply sets in the response what plan asks for. */
function apply(plan: Plan, ctx: Context): void {
  for (const [name, { resource, ready }] of plan.resources) {
    ctx.compose(name, resource, ready === undefined ? {} : { ready });
  }
  for (const status of plan.statuses) ctx.setStatus(status);
  for (const meta of plan.meta) applyMeta(meta, ctx);
}

type Meta<K extends MetaDocument['kind']> = Extract<MetaDocument, { kind: K }>;

function applyMeta(meta: Exclude<MetaDocument, { kind: 'CompositeStatus' }>, ctx: Context): void {
  switch (meta.kind) {
    case 'Condition':
      setConditions([meta], ctx);
      break;
    case 'Conditions':
      setConditions(meta.conditions, ctx);
      break;
    case 'Context':
      for (const [key, value] of Object.entries(meta.data)) ctx.setContext(key, value);
      break;
    case 'CompositeConnectionDetails':
      setConnectionDetails(meta, ctx);
      break;
    case 'RequiredResources':
      for (const [name, selector] of Object.entries(meta.requirements)) ctx.required(name, selector);
      break;
    case 'Result':
      addResult(meta, ctx);
      break;
  }
}

function setConditions(conditions: ConditionSpec[], ctx: Context): void {
  for (const c of conditions) {
    const condition = ctx.setCondition(c.type, c.status, c.reason);
    if (c.message !== undefined) condition.withMessage(c.message);
    if (c.target === 'CompositeAndClaim') condition.targetCompositeAndClaim();
  }
}

function setConnectionDetails(meta: Meta<'CompositeConnectionDetails'>, ctx: Context): void {
  const details: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(meta.data ?? {})) details[k] = Buffer.from(v, 'base64');
  for (const [k, v] of Object.entries(meta.stringData ?? {})) details[k] = Buffer.from(v, 'utf8');
  ctx.setConnectionDetails(details);
}

function addResult(meta: Meta<'Result'>, ctx: Context): void {
  if (meta.severity === 'Fatal') {
    const result = ctx.result.fatal(meta.message);
    if (meta.reason !== undefined) result.withReason(meta.reason);
    return;
  }
  const result =
    meta.severity === 'Warning' ? ctx.result.warning(meta.message) : ctx.result.normal(meta.message);
  if (meta.reason !== undefined) result.withReason(meta.reason);
  if (meta.target === 'CompositeAndClaim') result.targetCompositeAndClaim();
}

export default handlebarsFunction();
