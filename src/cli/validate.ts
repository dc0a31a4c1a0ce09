import { parseArgs } from 'node:util';
import { parseExportRef } from '../kcp/exports/ref.js';
import { saveSchemas } from '../kcp/exports/save.js';
import { exportSchemas } from '../kcp/exports/schemas.js';
import { credentialsFromKubeconfig, defaultKubeconfig } from '../kube/credentials.js';
import { RestClient } from '../kube/rest.js';
import { celLibraries } from '../validate/cel/env.js';
import { supportedFormats } from '../validate/check/formats.js';
import { jsonReport } from '../validate/report/json.js';
import { textReport } from '../validate/report/text.js';
import { validateSources } from '../validate/run.js';
import { Catalog, schemasFromAPIResourceSchema } from '../validate/schemas/catalog.js';
import { loadSchemaFiles } from '../validate/schemas/files.js';
import { collectSources } from '../validate/sources/walk.js';
import { type Note, passed } from '../validate/types.js';

export const validateUsage = `usage: kxp validate [flags] <files or folders or -> ...

Checks claims and XRs offline, as the API server would when they are created: the structural schema's
types, required fields, enums, formats, bounds, unknown fields (pruned fields are errors unless the schema
keeps unknown fields), defaults (applied first), list uniqueness, x-kubernetes-validations CEL rules, and
the object's metadata (a DNS subdomain name, a DNS label namespace, label and annotation keys). Each error
names its file, line and column and the field. Folders are walked for .yaml, .yml and .json files; a folder
with a kustomization.yaml is followed through its resources, bases and components, its namespace applied
(patches and generators are not: pipe \`kustomize build DIR | kxp validate -\` for those); documents that
are no claim or XR of the schemas (Namespaces, ConfigMaps, kustomizations) are skipped and counted.

schemas (at least one of):
      --schemas PATH          XRDs (their claim and XR CRDs derived as Crossplane derives them), CRDs, or
                              APIResourceSchemas: a file or folder, such as make synth's compositions/dist
                              (repeatable, or comma-separated)
      --export WS:NAME        the APIResourceSchemas of a kcp APIExport (root:db:databases), read once
      --kubeconfig FILE       for --export: a consumer's kubeconfig (its workspace bound to the export; the
                              schemas are then read through its APIBinding and OpenAPI), or one that may read
                              the export's workspace (default: the first file in KUBECONFIG, else ~/.kube/config)
      --context NAME          the kubeconfig context (its current context by default)
      --save-schemas FILE     write the export's schemas to FILE, for offline runs with --schemas FILE

output:
  -o, --output text|json      text (default): file:line:column: lines; json: the shape of
                              crossplane resource validate -o json, with file, line and column added
  -v, --verbose               also list valid resources and skipped documents
  -h, --help

exit status: 0 every claim and XR is valid; 1 some are invalid, have no schema, or a file is malformed;
2 usage, or the schemas cannot be read.

formats checked: ${supportedFormats.join(', ')} (others are ignored, as the API server ignores them)
CEL functions:
  ${celLibraries.join('\n  ')}
`;

const options = {
  schemas: { type: 'string', multiple: true },
  export: { type: 'string' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  'save-schemas': { type: 'string' },
  output: { type: 'string', short: 'o', default: 'text' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Where validateCommand reads and writes. */
export interface ValidateIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** stdin returns standard input's text, for the input `-`. */
  stdin?: () => Promise<string>;
}

type Values = ReturnType<
  typeof parseArgs<{ args: string[]; options: typeof options; allowPositionals: true }>
>['values'];

/**
 * validateCommand runs `kxp validate <args>` and returns its exit code: 0 all valid, 1 something invalid,
 * without a schema or malformed, 2 usage or schemas that cannot be read.
 */
export async function validateCommand(
  args: string[],
  io: ValidateIO = { stdout: process.stdout, stderr: process.stderr, stdin: readStdin },
): Promise<number> {
  let values: Values;
  let inputs: string[];
  try {
    ({ values, positionals: inputs } = parseArgs({ args, options, allowPositionals: true }));
  } catch (err) {
    io.stderr.write(`kxp validate: ${(err as Error).message}\n\n${validateUsage}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(validateUsage);
    return 0;
  }
  const problem = usageProblem(values, inputs);
  if (problem) {
    io.stderr.write(`kxp validate: ${problem}\n\n${validateUsage}`);
    return 2;
  }
  const notes: Note[] = [];
  let catalog: Catalog;
  try {
    catalog = await loadCatalog(values, notes);
  } catch (err) {
    io.stderr.write(`kxp validate: ${messages(err)}\n`);
    return 2;
  }
  if (inputs.length === 0) return 0;
  let report: ReturnType<typeof validateSources>;
  try {
    const collected = await collectSources(inputs, io.stdin ? { stdin: io.stdin } : {});
    report = validateSources(collected, catalog);
  } catch (err) {
    io.stderr.write(`kxp validate: ${messages(err)}\n`);
    return 2;
  }
  report.notes.unshift(...notes);
  await writeOut(
    io.stdout,
    values.output === 'json' ? jsonReport(report) : textReport(report, { verbose: values.verbose ?? false }),
  );
  return passed(report) ? 0 : 1;
}

/** usageProblem returns what is wrong with the flags and inputs given, or undefined. */
function usageProblem(values: Values, inputs: string[]): string | undefined {
  if (!values.schemas?.length && !values.export)
    return 'give the schemas: --schemas PATH or --export WS:NAME';
  if (values['save-schemas'] && !values.export)
    return '--save-schemas saves what --export reads: give --export';
  if (values.export && !values.kubeconfig && !defaultKubeconfig())
    return '--export needs --kubeconfig (or $KUBECONFIG, or ~/.kube/config)';
  if (values.output !== 'text' && values.output !== 'json')
    return `unknown output ${JSON.stringify(values.output)}: want text or json`;
  if (inputs.length === 0 && !values['save-schemas'])
    return 'give the files or folders to validate (- for standard input)';
  return undefined;
}

/** loadCatalog returns the schemas the flags name: the export's first, then the files'. */
async function loadCatalog(values: Values, notes: Note[]): Promise<Catalog> {
  const catalog = new Catalog();
  if (values.export) {
    const ref = parseExportRef(values.export);
    const kubeconfig = values.kubeconfig ?? defaultKubeconfig() ?? '';
    const client = new RestClient(credentialsFromKubeconfig(kubeconfig, values.context));
    const { schemas, via } = await exportSchemas(client, ref);
    for (const s of schemas) for (const rs of schemasFromAPIResourceSchema(s)) catalog.add(rs);
    if (via === 'binding') {
      notes.push({
        file: kubeconfig,
        message: `export ${values.export} read through this workspace's APIBinding and OpenAPI (this identity may not read ${ref.path}): constraints the export's schemas put on metadata (a maxLength of metadata.name) are not published there`,
      });
    }
    if (values['save-schemas']) saveSchemas(values['save-schemas'], schemas, `export ${values.export}`);
  }
  const paths = (values.schemas ?? []).flatMap((p) => p.split(',')).filter(Boolean);
  if (paths.length > 0) await loadSchemaFiles(paths, catalog);
  if (catalog.size === 0)
    throw new Error(
      `no CRDs, XRDs or APIResourceSchemas found in ${[...paths, values.export].filter(Boolean).join(', ')}`,
    );
  return catalog;
}

/**
 * writeOut writes text and resolves once a stream has taken all of it: kxp exits right after, and a large
 * report on a pipe would otherwise be cut short. Writers that are no streams (tests') take it at once.
 */
function writeOut(out: ValidateIO['stdout'], text: string): Promise<void> {
  return new Promise((done) => {
    if (typeof (out as { writableLength?: unknown }).writableLength !== 'number') {
      out.write(text);
      done();
      return;
    }
    (out as NodeJS.WritableStream).write(text, () => done());
  });
}

/** messages returns err's message followed by its causes' where they add to it. */
function messages(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (!parts.some((p) => p.includes(e.message))) parts.push(e.message);
  }
  return parts.join(': ') || String(err);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
