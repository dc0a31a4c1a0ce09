/**
 * The function's input: the pipeline step's `input` block, a `Templates` object holding one inline
 * template or several named ones, and the partials they share.
 *
 * ```yaml
 * input:
 *   apiVersion: handlebars.fn.kxp.dev/v1alpha1
 *   kind: Templates
 *   template: |
 *     apiVersion: v1
 *     kind: ConfigMap
 *     ...
 * ```
 */
import * as z from 'zod';

/** The input's apiVersion and kind. */
export const inputApiVersion = 'handlebars.fn.kxp.dev/v1alpha1';
export const inputKind = 'Templates';

/** The name an inline `template` goes by in errors (and as a partial). */
export const inlineTemplateName = 'inline';

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const nameRule =
  'a name is letters, digits, ".", "_" and "-", starts with a letter or digit, and is at most 253 characters';

/** A template or partial name: what `{{> name}}` and `include "name"` refer to. */
const TemplateName = z.string().max(253, nameRule).regex(namePattern, nameRule);

/** Named sources; their names are checked in superRefine, where the issue can name the key. */
const Sources = z.record(z.string(), z.string());

/** The `Templates` input, as the step writes it. */
export const TemplatesInput = z
  .strictObject({
    apiVersion: z.literal(inputApiVersion),
    kind: z.literal(inputKind),
    metadata: z.looseObject({}).optional(),
    /** template is one inline template, rendered on its own. */
    template: z.string().optional(),
    /** templates are named templates; each renders in name order unless entrypoint picks one. */
    templates: Sources.optional(),
    /** entrypoint is the one of templates to render; the others are then only included. */
    entrypoint: TemplateName.optional(),
    /** partials are named templates that templates include with `{{> name}}` or `include`. */
    partials: Sources.default({}),
    /** strict makes a missing field an error instead of rendering nothing. */
    strict: z.boolean().default(false),
  })
  .superRefine((input, ctx) => {
    for (const [path, message] of problems(input)) ctx.addIssue({ code: 'custom', path, message });
  });

interface Named {
  template?: string | undefined;
  templates?: Record<string, string> | undefined;
  entrypoint?: string | undefined;
  partials: Record<string, string>;
}

/** problems returns what is wrong with input beyond its fields' types, each with its path. */
function problems(input: Named): [string[], string][] {
  const out: [string[], string][] = [];
  if ((input.template === undefined) === (input.templates === undefined))
    out.push([[], 'give exactly one of template (inline) and templates (named)']);
  if (input.templates !== undefined && Object.keys(input.templates).length === 0)
    out.push([['templates'], 'name at least one template']);
  if (input.entrypoint !== undefined && !Object.hasOwn(input.templates ?? {}, input.entrypoint))
    out.push([['entrypoint'], `${JSON.stringify(input.entrypoint)} is not one of templates`]);
  return [...out, ...nameProblems(input)];
}

/** nameProblems returns the template and partial names that are invalid or taken twice. */
function nameProblems(input: Named): [string[], string][] {
  const out: [string[], string][] = [];
  for (const field of ['templates', 'partials'] as const) {
    for (const name of Object.keys(input[field] ?? {}))
      if (!TemplateName.safeParse(name).success) out.push([[field, name], nameRule]);
  }
  const templateNames = input.templates ? Object.keys(input.templates) : [inlineTemplateName];
  for (const name of Object.keys(input.partials))
    if (templateNames.includes(name)) out.push([['partials', name], 'a template has the same name']);
  return out;
}

export type TemplatesInput = z.output<typeof TemplatesInput>;

/** What render works on: every named source, and which of them to render, in order. */
export interface TemplateSet {
  /** sources are the templates and partials by name; any of them can be included by name. */
  sources: Record<string, string>;
  /** entrypoints are the templates rendered, in order; their outputs are parsed one by one. */
  entrypoints: string[];
  strict: boolean;
}

/** templateSet returns the templates input names, and which of them render. */
export function templateSet(input: TemplatesInput): TemplateSet {
  const templates = input.templates ?? { [inlineTemplateName]: input.template ?? '' };
  const entrypoints = input.entrypoint ? [input.entrypoint] : Object.keys(templates).sort();
  return { sources: { ...input.partials, ...templates }, entrypoints, strict: input.strict };
}
