/**
 * A function project as `kxp init function` writes it: package.json (name, version and the
 * metadata a package carries), the function module, package/crossplane.yaml and examples/.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import type { JsonObject } from '../function/wire/types.js';

/** The fields of package.json kxp reads. */
export interface PackageJson {
  name?: string;
  version?: string;
  description?: string;
  license?: string;
  author?: string | { name?: string; email?: string; url?: string };
  maintainers?: (string | { name?: string; email?: string })[];
  repository?: string | { type?: string; url?: string; directory?: string };
  homepage?: string;
  readme?: string;
  main?: string;
  /** kxp's own settings: `function` names the module whose default export is the function. */
  kxp?: { function?: string };
}

/** A function project read from its folder. */
export interface FunctionProject {
  /** dir is the project's absolute folder. */
  dir: string;
  /** packageJsonFile is the absolute path of its package.json. */
  packageJsonFile: string;
  packageJson: PackageJson;
  /** entry is the absolute path of the module whose default export is the function. */
  entry: string;
  /** metaFile is package/crossplane.yaml, absolute; meta its parsed content (undefined without one). */
  metaFile: string;
  meta?: JsonObject;
  /** examplesDir is examples/, when the project has one. */
  examplesDir?: string;
  /** readmeFile is README.md, when the project has one. */
  readmeFile?: string;
}

/** Where a project's function module is looked for, after package.json's kxp.function. */
const entryCandidates = ['src/index.ts', 'src/index.js', 'index.ts', 'index.js'];

/** readProject returns the function project in dir, or throws naming the file that is missing or wrong. */
export function readProject(dir: string): FunctionProject {
  const root = resolve(dir);
  const packageJsonFile = join(root, 'package.json');
  if (!existsSync(packageJsonFile)) {
    throw new Error(
      `cannot read function project ${root}: it has no package.json (kxp init function makes one)`,
    );
  }
  const packageJson = readPackageJson(root);
  if (!packageJson) throw new Error(`cannot read ${packageJsonFile}: it holds no object`);
  const metaFile = join(root, 'package', 'crossplane.yaml');
  const project: FunctionProject = {
    dir: root,
    packageJsonFile,
    packageJson,
    entry: functionEntry(root, packageJson),
    metaFile,
  };
  if (existsSync(metaFile)) project.meta = readMeta(metaFile);
  const examples = join(root, 'examples');
  if (existsSync(examples) && statSync(examples).isDirectory()) project.examplesDir = examples;
  const readme = join(root, 'README.md');
  if (existsSync(readme)) project.readmeFile = readme;
  return project;
}

/**
 * functionEntry returns the module that holds a project's function: package.json's kxp.function,
 * else src/index.ts (or .js), else index.ts, else package.json's main.
 */
export function functionEntry(dir: string, packageJson?: PackageJson): string {
  const root = resolve(dir);
  const pkg = packageJson ?? readPackageJson(root);
  const named = pkg?.kxp?.function;
  if (named) {
    const file = resolve(root, named);
    if (!existsSync(file)) {
      throw new Error(`cannot find the function module ${file}: package.json's kxp.function names it`);
    }
    return file;
  }
  const candidates = [...entryCandidates, ...(pkg?.main ? [pkg.main] : [])];
  for (const c of candidates) {
    const file = resolve(root, c);
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  throw new Error(
    `cannot find the function module in ${root}: looked for ${candidates.join(', ')} (or set "kxp": { "function": "<path>" } in package.json)`,
  );
}

/** readPackageJson returns dir's package.json, or undefined where there is none. */
function readPackageJson(dir: string): PackageJson | undefined {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new Error(`cannot read ${file}: ${(cause as Error).message}`, { cause });
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new Error(`cannot read ${file}: it holds no object`);
  }
  return json as PackageJson;
}

/** readMeta returns the Function document of package/crossplane.yaml. */
function readMeta(file: string): JsonObject {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new Error(`cannot parse ${file}: ${(cause as Error).message}`, { cause });
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new Error(`cannot read ${file}: it holds no object (want a meta.pkg.crossplane.io Function)`);
  }
  const meta = doc as JsonObject;
  if (meta.kind !== 'Function' || !String(meta.apiVersion ?? '').startsWith('meta.pkg.crossplane.io/')) {
    throw new Error(
      `cannot read ${file}: it is a ${String(meta.apiVersion)} ${String(meta.kind)}, not a meta.pkg.crossplane.io Function`,
    );
  }
  return meta;
}

/** packageName returns the name a project's package goes by: crossplane.yaml's, else package.json's without its scope. */
export function packageName(project: FunctionProject): string {
  const metadata = project.meta?.metadata as JsonObject | undefined;
  if (typeof metadata?.name === 'string' && metadata.name) return metadata.name;
  const name = project.packageJson.name ?? basename(project.dir);
  return name.replace(/^@[^/]+\//, '');
}

/** shown returns path relative to the project, for messages. */
export function shown(project: FunctionProject, path: string): string {
  const rel = relative(project.dir, path);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? path : rel;
}
