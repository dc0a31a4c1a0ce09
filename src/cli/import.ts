import { parseArgs } from 'node:util';
import { type ImportOptions, importApis } from '../import/run.js';
import { defaultKubeconfig } from '../kube/credentials.js';

export const importUsage = `usage: kxp import --export <workspace path>:<name> [--kubeconfig FILE] [flags]
       kxp import --schemas FILE|DIR [flags]

Writes TypeScript for the APIs an APIExport offers, as cdk8s import does for CRDs: for each kind a
cdk8s construct (class PostgreSQLInstance extends ApiObject, with static GVK and manifest), its props,
and an interface for each object in its schema; one file per API group (<output>/<group>.ts). The
export's schemas are read from its workspace where the kubeconfig's user may read it, else as a
consumer sees them, through the kubeconfig's workspace, which must bind it.

flags:
      --export PATH:NAME     the APIExport, e.g. root:db:databases
      --kubeconfig FILE      a kubeconfig pointed at a workspace that binds the export
                             (default: the first file in KUBECONFIG, else ~/.kube/config)
      --context NAME         the kubeconfig's context (default: its current one)
      --save-schemas FILE    also write the export's schemas (APIResourceSchemas) to FILE
      --schemas FILE|DIR     read the schemas from YAML or JSON files instead, without kcp: kcp
                             APIResourceSchemas, CRDs or Crossplane XRDs (a folder and the folders in
                             it, e.g. compositions/dist after make synth)
  -o, --output DIR           the folder to write into (default: imports)
  -l, --language LANG        the language to write (default and only one: typescript)
  -h, --help                 this help
`;

const options = {
  export: { type: 'string' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  'save-schemas': { type: 'string' },
  schemas: { type: 'string' },
  output: { type: 'string', short: 'o', default: 'imports' },
  language: { type: 'string', short: 'l', default: 'typescript' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Where importCommand writes, and the environment it reads KUBECONFIG from. */
export interface ImportIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env?: NodeJS.ProcessEnv;
}

/**
 * importCommand runs `kxp import <args>` and returns its exit code: 0 written, 1 the import failed
 * (no kubeconfig, the export not bound, a schema TypeScript cannot express, a file not written), 2 usage.
 */
export async function importCommand(
  args: string[],
  io: ImportIO = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof options }>>['values'];
  try {
    ({ values } = parseArgs({ args, options }));
  } catch (err) {
    io.stderr.write(`kxp import: ${(err as Error).message}\n\n${importUsage}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(importUsage);
    return 0;
  }
  if (values.language !== 'typescript') {
    io.stderr.write(`kxp import: cannot write ${values.language}: kxp import writes typescript only\n`);
    return 2;
  }
  if ((values.export === undefined) === (values.schemas === undefined)) {
    io.stderr.write(`kxp import: give either --export or --schemas\n\n${importUsage}`);
    return 2;
  }
  try {
    const result = await importApis(importOptions(values, io.env ?? process.env));
    for (const f of result.files) io.stdout.write(`wrote ${f.path}: ${f.kinds.join(', ')}\n`);
    if (result.skipped > 0) io.stdout.write(`skipped ${result.skipped} objects that define no API\n`);
    return 0;
  } catch (err) {
    io.stderr.write(`kxp import: ${(err as Error).message}\n`);
    return 1;
  }
}

/** importOptions returns what the flags ask for; without a kubeconfig to read an export with, it throws. */
function importOptions(
  values: {
    export?: string;
    kubeconfig?: string;
    context?: string;
    'save-schemas'?: string;
    schemas?: string;
    output?: string;
  },
  env: NodeJS.ProcessEnv,
): ImportOptions {
  const output = values.output ?? 'imports';
  if (values.schemas !== undefined) return { schemas: values.schemas, output };
  const exportRef = values.export ?? '';
  const kubeconfig = values.kubeconfig ?? defaultKubeconfig(env);
  if (kubeconfig === undefined) {
    throw new Error(
      `cannot import export ${exportRef}: no kubeconfig (give --kubeconfig, or set KUBECONFIG, to a consumer's kubeconfig)`,
    );
  }
  return {
    export: exportRef,
    kubeconfig,
    output,
    ...(values.context !== undefined ? { context: values.context } : {}),
    ...(values['save-schemas'] !== undefined ? { saveSchemas: values['save-schemas'] } : {}),
  };
}
