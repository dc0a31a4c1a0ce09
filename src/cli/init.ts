import { isAbsolute, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultInputGroup, initFunctionProject } from '../init/index.js';

export const initUsage = `usage: kxp init function <dir> [flags]

Creates a composition function project in <dir>, outside this repository: the function in
TypeScript (src/index.ts), its input as a zod schema (src/input.ts), tests run from YAML cases
(test/cases), examples to render, and the package metadata (package/crossplane.yaml).

flags:
  --name NAME     the function's name: npm package, Crossplane package and Function
                  (default: <dir>'s base name)
  --group GROUP   the API group of the function's input, apiVersion GROUP/v1beta1
                  (default ${defaultInputGroup})
  --force         write into a folder that is not empty, replacing files of the same name
  -h, --help      show this help
`;

const options = {
  name: { type: 'string' },
  group: { type: 'string' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Where initCommand writes. */
export interface InitIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/**
 * initCommand runs `kxp init <args>` and returns its exit code: 0 created (or help asked for),
 * 1 the project cannot be created (bad name or group, a folder not empty), 2 usage.
 */
export async function initCommand(
  args: string[],
  io: InitIO = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof options; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true });
  } catch (err) {
    io.stderr.write(`kxp init: ${(err as Error).message}\n\n${initUsage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(initUsage);
    return 0;
  }
  const [kind, dir, ...extra] = positionals;
  if (kind !== 'function' || !dir || extra.length > 0) {
    const why =
      kind && kind !== 'function' ? `kxp init: unknown kind of project ${JSON.stringify(kind)}\n\n` : '';
    io.stderr.write(`${why}${initUsage}`);
    return 2;
  }
  try {
    const result = await initFunctionProject(dir, {
      ...(values.name !== undefined ? { name: values.name } : {}),
      ...(values.group !== undefined ? { group: values.group } : {}),
      force: values.force ?? false,
    });
    const rel = relative(process.cwd(), result.dir);
    const shown = rel.startsWith('..') || isAbsolute(rel) ? result.dir : rel || '.';
    io.stdout.write(
      `kxp init: created function ${result.name} in ${shown}:\n${result.files.map((f) => `  ${f}\n`).join('')}` +
        `\nnext:\n  cd ${shown}\n  npm install\n  npm test\n  npm run render\n`,
    );
    return 0;
  } catch (err) {
    io.stderr.write(`kxp init: ${(err as Error).message}\n`);
    return 1;
  }
}
