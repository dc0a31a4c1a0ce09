/**
 * The package's metadata: the meta.pkg.crossplane.io Function of package/crossplane.yaml, with the
 * meta.crossplane.io annotations a registry shows filled from package.json, so they are written once.
 */
import { readFileSync } from 'node:fs';
import type { JsonObject } from '../function/wire/types.js';
import { type FunctionProject, type PackageJson, packageName } from './project.js';

/** The annotations a Crossplane package registry reads, and the package.json field each comes from. */
export const metaAnnotations = {
  maintainer: 'meta.crossplane.io/maintainer',
  source: 'meta.crossplane.io/source',
  license: 'meta.crossplane.io/license',
  description: 'meta.crossplane.io/description',
  readme: 'meta.crossplane.io/readme',
} as const;

const fromField: Record<keyof typeof metaAnnotations, string> = {
  maintainer: '"author"',
  source: '"repository"',
  license: '"license"',
  description: '"description"',
  readme: 'README.md (or "readme")',
};

/** The largest README kept as an annotation: Kubernetes allows 256 KiB for all annotations together. */
const maxReadme = 64 * 1024;

/** The capabilities a function has when its crossplane.yaml names none. */
export const defaultCapabilities = ['composition'];

/**
 * functionMeta returns the project's Function metadata: crossplane.yaml's name, spec and
 * annotations, and each meta.crossplane.io annotation it lacks taken from package.json. It throws,
 * naming package.json and each missing field, when an annotation has no source.
 */
export function functionMeta(project: FunctionProject): JsonObject {
  const meta = project.meta ?? {};
  const metadata = (meta.metadata as JsonObject | undefined) ?? {};
  const annotations: Record<string, string> = { ...((metadata.annotations as Record<string, string>) ?? {}) };
  const fromPackage = annotationsFrom(project);
  const missing: string[] = [];
  for (const [key, annotation] of Object.entries(metaAnnotations) as [
    keyof typeof metaAnnotations,
    string,
  ][]) {
    if (annotations[annotation]) continue;
    const value = fromPackage[key]();
    if (value) annotations[annotation] = value;
    else missing.push(`${fromField[key]} (${annotation})`);
  }
  if (missing.length > 0) {
    throw new Error(
      `cannot write the package's metadata: ${project.packageJsonFile} lacks ${missing.join(', ')}; set them there or as annotations in ${project.metaFile}`,
    );
  }
  const spec = (meta.spec as JsonObject | undefined) ?? {};
  const out: JsonObject = {
    apiVersion: typeof meta.apiVersion === 'string' ? meta.apiVersion : 'meta.pkg.crossplane.io/v1',
    kind: 'Function',
    metadata: { ...pick(metadata, ['labels']), name: packageName(project), annotations },
    spec: {
      ...pick(spec, ['crossplane', 'dependsOn']),
      capabilities: Array.isArray(spec.capabilities) ? spec.capabilities : defaultCapabilities,
    },
  };
  return out;
}

/**
 * annotationsFrom returns how to get each annotation's value from package.json (and README.md), read
 * only for the annotations crossplane.yaml does not set.
 */
function annotationsFrom(
  project: FunctionProject,
): Record<keyof typeof metaAnnotations, () => string | undefined> {
  const pkg = project.packageJson;
  return {
    maintainer: () => maintainer(pkg),
    source: () => source(pkg),
    license: () => pkg.license,
    description: () => pkg.description,
    readme: () => readme(project),
  };
}

/** maintainer returns `Name <email>` from package.json's author, or its first maintainer. */
function maintainer(pkg: PackageJson): string | undefined {
  const person = pkg.author ?? pkg.maintainers?.[0];
  if (!person) return undefined;
  if (typeof person === 'string') return person;
  if (!person.name) return undefined;
  return person.email ? `${person.name} <${person.email}>` : person.name;
}

/** source returns the repository as a URL-ish path (github.com/org/repo), or the homepage. */
function source(pkg: PackageJson): string | undefined {
  const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  if (!repo) return pkg.homepage;
  const github = /^github:(.+)$/.exec(repo);
  if (github) return `github.com/${github[1]}`;
  return repo
    .replace(/^git\+/, '')
    .replace(/^(https?|git|ssh):\/\/(git@)?/, '')
    .replace(/^git@([^:]+):/, '$1/')
    .replace(/\.git$/, '');
}

/** readme returns package.json's readme, or README.md's text, or the description. */
function readme(project: FunctionProject): string | undefined {
  const pkg = project.packageJson;
  if (pkg.readme) return pkg.readme;
  if (!project.readmeFile) return pkg.description;
  const text = readFileSync(project.readmeFile, 'utf8');
  if (Buffer.byteLength(text) > maxReadme) {
    throw new Error(
      `cannot use ${project.readmeFile} as the package's readme: it is over ${maxReadme / 1024} KiB (set "readme" in package.json to a shorter text)`,
    );
  }
  return text;
}

/** pick returns the keys of obj that are set. */
function pick(obj: JsonObject, keys: string[]): JsonObject {
  const out: JsonObject = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}
