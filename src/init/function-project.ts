/**
 * `kxp init function`: a composition function project in the shape of Crossplane's own function
 * templates, for a project outside the kxp repository. Its layout is a contract that `kxp package
 * build` reads: package.json (name, version, description, license, author, repository),
 * src/index.ts (the function, default export), src/input.ts (the input's zod schema, export Input,
 * with literal apiVersion and kind), package/crossplane.yaml, examples/ and test/cases/.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { defaultInputGroup, functionNameProblem, groupProblem, nameFromDir } from './names.js';
import { functionPackageJson, type KxpPackage, readKxpPackage } from './package-json.js';
import { type ProjectFile, readTemplates, renderTemplate, templatesDir } from './templates.js';

/** What a function project is made from. */
export interface FunctionProjectOptions {
  /** name of the function: npm package, Crossplane package and Function. */
  name: string;
  /**
   * group is the API group of the function's input (apiVersion <group>/v1beta1, kind Input).
   * @default defaultInputGroup (template.fn.crossplane.io)
   */
  group?: string;
  /** kxp is kxp's package.json, for the versions the project depends on; kxp's own by default. */
  kxp?: KxpPackage;
  /** templates is the folder of the templates; templates/function in kxp by default. */
  templates?: string;
}

/** functionProject returns the files of a function project made with options, sorted by path. */
export async function functionProject(options: FunctionProjectOptions): Promise<ProjectFile[]> {
  const group = options.group ?? defaultInputGroup;
  const nameWrong = functionNameProblem(options.name);
  if (nameWrong) throw new Error(`cannot use ${JSON.stringify(options.name)} as function name: ${nameWrong}`);
  const groupWrong = groupProblem(group);
  if (groupWrong) throw new Error(`cannot use ${JSON.stringify(group)} as input group: ${groupWrong}`);
  const kxp = options.kxp ?? (await readKxpPackage());
  const values = { name: options.name, group };
  const files = (await readTemplates(options.templates ?? templatesDir('function'))).map((f) => ({
    path: f.path,
    text: renderTemplate(f.text, values, `template ${f.path}`),
  }));
  files.push({ path: 'package.json', text: functionPackageJson(options.name, kxp) });
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** What initFunctionProject did. */
export interface InitResult {
  /** dir is the project folder, absolute. */
  dir: string;
  name: string;
  /** files are the paths written, relative to dir. */
  files: string[];
}

/**
 * initFunctionProject writes a function project into dir (made if missing) and returns what it
 * wrote. The name defaults to dir's base name. It refuses a folder that is not empty unless force
 * is set; then it writes its files over any of the same path and leaves the others.
 */
export async function initFunctionProject(
  dir: string,
  options: Partial<FunctionProjectOptions> & { force?: boolean } = {},
): Promise<InitResult> {
  const root = resolve(dir);
  const name = options.name ?? nameFromDir(root);
  const problem = options.name === undefined ? functionNameProblem(name) : undefined;
  if (problem) {
    throw new Error(
      `cannot use the folder's name ${JSON.stringify(name)} as function name: ${problem}; pass a name with --name`,
    );
  }
  const files = await functionProject({ ...options, name });
  const existing = await entriesOf(root);
  if (existing.length > 0 && !options.force) {
    const shown =
      existing.slice(0, 8).join(', ') + (existing.length > 8 ? `, and ${existing.length - 8} more` : '');
    throw new Error(
      `cannot create a function project in ${root}: the folder is not empty (it has ${shown}); pass --force to write the project's files into it, replacing any of the same name`,
    );
  }
  for (const f of files) {
    const file = join(root, f.path);
    try {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, f.text);
    } catch (err) {
      throw new Error(`cannot write ${file}: ${(err as Error).message}`, { cause: err });
    }
  }
  return { dir: root, name, files: files.map((f) => f.path) };
}

/** entriesOf returns the names in dir, sorted; [] when dir does not exist. */
async function entriesOf(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    if (code === 'ENOTDIR') throw new Error(`cannot create a function project in ${dir}: it is a file`);
    throw new Error(`cannot read ${dir}: ${(err as Error).message}`, { cause: err });
  }
}
