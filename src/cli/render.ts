import { parseArgs } from 'node:util';
import pino from 'pino';
import type { FunctionHandler, HandlerContext } from '../function/handler.js';
import { loadInputs, type RenderFiles, render, renderYaml } from '../render/index.js';

export const renderUsage = `usage: kxp render <xr.yaml> <composition.yaml> [<functions.yaml|dir>] [flags]

Runs the Composition's function pipeline once for the composite resource, in this process, with the
TypeScript functions it names, and prints what \`crossplane render\` prints: the XR with its status and
conditions, and the composed resources as Crossplane would apply them.

Each Function in <functions> names its module with the annotation render.kxp.dev/module (a path
relative to that file; render.kxp.dev/export names an export other than the default), or:
  --function-module NAME=PATH[#EXPORT]   the module of Function NAME (repeatable; wins over annotations)

flags (as crossplane render's):
  -o, --observed-resources PATH   the XR's existing composed resources (a YAML file or folder); alias --observed
  -e, --required-resources PATH   resources functions may require (repeatable); alias --extra-resources
      --context-files KEY=FILE    seed context key KEY with the JSON/YAML in FILE (repeatable); alias --context
      --context-values KEY=VALUE  seed context key KEY with VALUE, JSON or YAML (repeatable)
      --function-credentials PATH Secrets that pipeline steps' credentials name
      --xrd PATH                  the XR's CompositeResourceDefinition: applies its defaults; legacy XRDs
                                  render legacy XRs (spec.resourceRefs)
  -r, --include-function-results  print events as kind Result
  -c, --include-context           print the final context as kind Context
  -x, --include-full-xr           print the input XR merged with what render wrote back
  -d, --debug                     all function logs, to stderr (errors only without it)
`;

const options = {
  'function-module': { type: 'string', multiple: true },
  'observed-resources': { type: 'string', short: 'o' },
  observed: { type: 'string' },
  'required-resources': { type: 'string', short: 'e', multiple: true },
  'extra-resources': { type: 'string', multiple: true },
  'context-files': { type: 'string', multiple: true },
  context: { type: 'string', multiple: true },
  'context-values': { type: 'string', multiple: true },
  'function-credentials': { type: 'string' },
  xrd: { type: 'string' },
  'include-function-results': { type: 'boolean', short: 'r' },
  'include-context': { type: 'boolean', short: 'c' },
  'include-full-xr': { type: 'boolean', short: 'x' },
  debug: { type: 'boolean', short: 'd' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Where renderCommand writes. */
export interface RenderIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** log is the functions' logger; pino to stderr (errors, everything with --debug) by default. */
  log?: HandlerContext['log'];
  /** load loads a function module's export; loadFunction (TypeScript through tsx) by default. */
  load?: (module: string, exportName: string) => Promise<FunctionHandler>;
}

type Parsed = ReturnType<
  typeof parseArgs<{ args: string[]; options: typeof options; allowPositionals: true }>
>;

/**
 * renderCommand runs `kxp render <args>` and returns its exit code: 0 rendered, 1 the render
 * failed (a FATAL result, a function that cannot be loaded, bad input), 2 usage.
 */
export async function renderCommand(
  args: string[],
  io: RenderIO = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true });
  } catch (err) {
    io.stderr.write(`kxp render: ${(err as Error).message}\n\n${renderUsage}`);
    return 2;
  }
  const { values } = parsed;
  const files = renderFiles(parsed);
  if (values.help) {
    io.stdout.write(renderUsage);
    return 0;
  }
  if (!files) {
    io.stderr.write(renderUsage);
    return 2;
  }
  const log = io.log ?? pino({ level: values.debug ? 'debug' : 'error' }, pino.destination(2));
  try {
    const out = await render(await loadInputs(files, { log, ...(io.load ? { load: io.load } : {}) }));
    io.stdout.write(
      renderYaml(out, {
        includeFunctionResults: values['include-function-results'] ?? false,
        includeContext: values['include-context'] ?? false,
        includeFullXr: values['include-full-xr'] ?? false,
      }),
    );
    return 0;
  } catch (err) {
    io.stderr.write(`kxp render: cannot render composite resource: ${causes(err)}\n`);
    return 1;
  }
}

/** renderFiles returns the files and flags the command line gives, or undefined when it gives too few or too many files. */
function renderFiles({ values, positionals }: Parsed): RenderFiles | undefined {
  const [xr, composition, functions, ...extra] = positionals;
  if (!xr || !composition || extra.length > 0) return undefined;
  const files: RenderFiles = {
    xr,
    composition,
    functionModules: values['function-module'] ?? [],
    required: [...(values['required-resources'] ?? []), ...(values['extra-resources'] ?? [])],
    contextFiles: [...(values['context-files'] ?? []), ...(values.context ?? [])],
    contextValues: values['context-values'] ?? [],
  };
  if (functions) files.functions = functions;
  const observed = values['observed-resources'] ?? values.observed;
  if (observed) files.observed = observed;
  if (values['function-credentials']) files.credentials = values['function-credentials'];
  if (values.xrd) files.xrd = values.xrd;
  return files;
}

/** causes returns err's message followed by its causes' messages where they add to it. */
function causes(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; isError(e); e = e.cause) {
    const message = e.message;
    if (!parts.some((p) => p.includes(message))) parts.push(message);
  }
  return parts.join(': ') || String(err);
}

/** isError reports whether e looks like an Error (errors from another realm fail instanceof). */
function isError(e: unknown): e is { message: string; cause?: unknown } {
  return typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string';
}
