/**
 * `kxp package build`: a function project as Crossplane function packages, one per architecture,
 * without Docker. Each is an OCI image in the file format `crossplane xpkg build` writes (a `docker
 * save` tarball): the runtime base (Debian's libraries, Node), the bundled function, and the two
 * layers Crossplane reads — package.yaml (the Function's metadata and its input CRD) and the
 * examples — recorded as config labels. The same project gives the same digests.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { DefinedFunction } from '../function/sdk/define.js';
import type { JsonObject } from '../function/wire/types.js';
import { type Addendum, append, type Image, withLabels } from '../oci/image.js';
import { writeImageTarball } from '../oci/tarball.js';
import { bundleFunction, type FunctionBundle } from './bundle.js';
import { nodeImage, openContainerLabels } from './image.js';
import { inputCrd } from './input-crd.js';
import { examplesLayer, functionDir, functionEntries, packageLayer } from './layers.js';
import { functionMeta } from './meta.js';
import { examplesStream, packageYaml } from './package-yaml.js';
import { type FunctionProject, packageName, readProject, shown } from './project.js';
import { type Arch, nodePath, nodeVersion } from './runtime/index.js';

/** The config label key of a package's layers, and the values Crossplane gives its two layers. */
export const xpkgLabel = 'io.crossplane.xpkg';
export const xpkgLayers = { package: 'base', examples: 'upbound' } as const;

/** The port Crossplane's Deployment runtime expects a function's gRPC server on. */
const grpcPort = 9443;

export interface BuildOptions {
  /** outDir receives the packages. @default <project>/_output */
  outDir?: string;
  /** @default ['amd64', 'arm64'] */
  arches?: Arch[];
  /** Also write each architecture's runtime image alone (runtime-<arch>.tar), for `crossplane xpkg build --embed-runtime-image-tarball`. */
  runtimeTarballs?: boolean;
  /** cacheDir keeps downloads and compressed base layers. @default ${XDG_CACHE_HOME:-~/.cache}/kxp/package */
  cacheDir?: string;
  /** loadFunction loads the project's function, to read its input schema. */
  loadFunction: (module: string) => Promise<DefinedFunction>;
  log?: (message: string) => void;
}

/** A package written by buildPackages. */
export interface BuiltPackage {
  arch: Arch;
  file: string;
  /** image is the package's image, as written. */
  image: Image;
}

/** What buildPackages made. */
export interface BuildResult {
  name: string;
  version: string;
  packages: BuiltPackage[];
  /** packageRoot is the package root written beside them (crossplane.yaml and the input CRD). */
  packageRoot: string;
}

/** buildPackages builds project dir's function packages into opts.outDir and returns what it wrote. */
export async function buildPackages(dir: string, opts: BuildOptions): Promise<BuildResult> {
  const log = opts.log ?? (() => {});
  const project = readProject(dir);
  const name = packageName(project);
  const meta = functionMeta(project);
  const objects = await inputObjects(project, opts);
  const outDir = resolve(opts.outDir ?? join(project.dir, '_output'));
  removeEarlierBuilds(outDir, name);
  const packageRoot = writePackageRoot(outDir, meta, objects);
  const pkgLayer = await packageLayer(packageYaml(meta, objects));
  const exLayer = project.examplesDir ? await examplesLayer(examplesStream(project.examplesDir)) : undefined;
  log(`bundling ${shown(project, project.entry)}`);
  const bundle = await bundleFunction(project, Number(nodeVersion.split('.')[0]));
  const packages: BuiltPackage[] = [];
  for (const arch of opts.arches ?? ['amd64', 'arm64']) {
    log(`building the ${arch} image`);
    const runtime = await runtimeImage(project, arch, bundle, opts);
    if (opts.runtimeTarballs) await writeImageTarball(join(outDir, `runtime-${arch}.tar`), runtime);
    const image = xpkgImage(runtime, pkgLayer, exLayer);
    const file = join(outDir, `${name}-${arch}.xpkg`);
    await writeImageTarball(file, image);
    packages.push({ arch, file, image });
  }
  return { name, version: project.packageJson.version ?? '0.0.0', packages, packageRoot };
}

/** inputObjects returns the package's objects: the input CRD, when the function has an input schema. */
async function inputObjects(project: FunctionProject, opts: BuildOptions): Promise<JsonObject[]> {
  const fn = await opts.loadFunction(project.entry);
  if (!fn.input) return [];
  return [inputCrd(fn.input, `the input schema of ${shown(project, project.entry)}`)];
}

/**
 * removeEarlierBuilds removes the packages and runtime tarballs an earlier build left in outDir, so
 * that pushing the folder never mixes an architecture of this build with one of an older build.
 */
function removeEarlierBuilds(outDir: string, name: string): void {
  if (!existsSync(outDir)) return;
  for (const f of readdirSync(outDir)) {
    if ((f.startsWith(`${name}-`) && f.endsWith('.xpkg')) || /^runtime-[a-z0-9]+\.tar$/.test(f)) {
      rmSync(join(outDir, f), { force: true });
    }
  }
}

/** writePackageRoot writes crossplane.yaml and the input CRD, as the package root `crossplane xpkg build` reads. */
function writePackageRoot(outDir: string, meta: JsonObject, objects: JsonObject[]): string {
  const root = join(outDir, 'package');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'input'), { recursive: true });
  writeFileSync(join(root, 'crossplane.yaml'), stringify(meta, { lineWidth: 0 }));
  for (const o of objects) {
    const n = String((o.metadata as JsonObject).name);
    writeFileSync(join(root, 'input', `${n}.yaml`), stringify(o, { lineWidth: 0 }));
  }
  return root;
}

/** runtimeImage returns the image that runs the function: runtime base, then the function's layer. */
function runtimeImage(
  project: FunctionProject,
  arch: Arch,
  bundle: FunctionBundle,
  opts: BuildOptions,
): Promise<Image> {
  const pkg = project.packageJson;
  return nodeImage(
    arch,
    {
      name: 'function',
      entries: functionEntries(bundle),
      entrypoint: [nodePath, `/${functionDir}/main.mjs`],
      // Node 24's V8 lets the young generation grow to 2 x 64 MiB (Node 20's: 2 x 16 MiB); under load
      // that took a function's peak RSS from ~180 to ~270 MiB and cost more CPU per call, not less
      // (test/bench/functions/NOTES.md). In NODE_OPTIONS, so a DeploymentRuntimeConfig can change it.
      env: ['NODE_ENV=production', 'NODE_OPTIONS=--max-semi-space-size=16'],
      workingDir: `/${functionDir}`,
      ports: [grpcPort],
      labels: openContainerLabels({
        title: packageName(project),
        version: pkg.version,
        description: pkg.description,
        licenses: pkg.license,
      }),
    },
    opts,
  );
}

/** xpkgImage returns the package: the runtime image with package.yaml's layer and the examples' on top, labelled. */
function xpkgImage(
  runtime: Image,
  pkgLayer: Awaited<ReturnType<typeof packageLayer>>,
  exLayer?: Awaited<ReturnType<typeof examplesLayer>>,
): Image {
  const addenda: Addendum[] = [{ layer: pkgLayer, history: { created_by: 'kxp: package.yaml' } }];
  const labels: Record<string, string> = { [`${xpkgLabel}:${pkgLayer.digest}`]: xpkgLayers.package };
  if (exLayer) {
    addenda.push({ layer: exLayer, history: { created_by: 'kxp: examples' } });
    labels[`${xpkgLabel}:${exLayer.digest}`] = xpkgLayers.examples;
  }
  return withLabels(append(runtime, ...addenda), labels);
}
