/**
 * Compressed image sizes per architecture: the kxp package's layers as buildPackages wrote them,
 * and beside them what the TypeScript SDK's function would weigh on the same runtime base. Its
 * template's image needs Docker to build, so it is computed: the same base layers (Debian's
 * libraries, Node 24), a layer of the SDK's production node_modules (the SDK and every package it
 * depends on, found the way Node resolves them from this repository's node_modules, as `npm install
 * --omit=dev` would lay them out), a layer with the compiled function, and the same package.yaml —
 * each gzipped as kxp gzips its layers.
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Image } from '../../src/oci/image.js';
import type { TarEntry } from '../../src/oci/tar.js';
import type { BuildResult } from '../../src/package/build.js';
import { cachedLayer, functionDir } from '../../src/package/layers.js';
import { type Arch, defaultCacheDir, runtimeBase } from '../../src/package/runtime/index.js';

/** One image's compressed layers, bottom first. */
export interface ImageSize {
  arch: Arch;
  /** what is measured: the kxp package, or the TypeScript SDK's computed equivalent. */
  what: 'kxp' | 'ts-sdk';
  layers: { name: string; bytes: number }[];
  bytes: number;
}

const sdkPackage = '@crossplane-org/function-sdk-typescript';

/** packageSizes returns the compressed size of each layer of each package in result. */
export function packageSizes(result: BuildResult): ImageSize[] {
  return result.packages.map(({ arch, image }) => sized(arch, 'kxp', layerNames(image), image));
}

/**
 * tsSdkSizes returns, for each architecture of result, the compressed layers of an image running
 * the TypeScript SDK's compiled function (program) on kxp's runtime base, with result's package.yaml.
 */
export async function tsSdkSizes(root: string, result: BuildResult, program: string): Promise<ImageSize[]> {
  const cacheDir = defaultCacheDir();
  const modules = await cachedLayer(nodeModulesEntries(root), cacheDir);
  const fn = await cachedLayer(
    [
      { path: functionDir, type: 'directory', mode: 0o755 },
      { path: `${functionDir}/main.mjs`, type: 'file', mode: 0o644, content: readFileSync(program) },
      {
        path: `${functionDir}/package.json`,
        type: 'file',
        mode: 0o644,
        content: Buffer.from('{"type":"module"}\n'),
      },
    ],
    undefined,
  );
  const out: ImageSize[] = [];
  for (const { arch, image } of result.packages) {
    const base = await runtimeBase(arch, { cacheDir });
    const layers: { name: string; bytes: number }[] = [];
    for (const l of base.layers)
      layers.push({ name: l.name, bytes: (await cachedLayer(l.entries, cacheDir)).size });
    layers.push({ name: 'node_modules', bytes: modules.size }, { name: 'function', bytes: fn.size });
    const names = layerNames(image);
    image.layers.forEach((l, i) => {
      if (names[i] === 'package.yaml') layers.push({ name: 'package.yaml', bytes: l.size });
    });
    out.push({ arch, what: 'ts-sdk', layers, bytes: layers.reduce((n, l) => n + l.bytes, 0) });
  }
  return out;
}

/** layerNames returns each layer's name from the image's history (`kxp: node` is node). */
function layerNames(image: Image): string[] {
  const history = (image.config.history ?? []).filter((h) => !h.empty_layer);
  return image.layers.map((_, i) => (history[i]?.created_by ?? `layer ${i}`).replace(/^kxp: /, ''));
}

function sized(arch: Arch, what: ImageSize['what'], names: string[], image: Image): ImageSize {
  const layers = image.layers.map((l, i) => ({ name: names[i] ?? `layer ${i}`, bytes: l.size }));
  return { arch, what, layers, bytes: layers.reduce((n, l) => n + l.bytes, 0) };
}

/**
 * nodeModulesEntries returns the tar entries of the SDK's production node_modules under
 * /function/node_modules: every file of the SDK and of each package it depends on (dependencies,
 * and the optional and peer dependencies that are installed), transitively, as each package ships.
 */
export function nodeModulesEntries(root: string): TarEntry[] {
  const dirs = productionPackages(root, sdkPackage);
  const entries: TarEntry[] = [{ path: `${functionDir}/node_modules`, type: 'directory', mode: 0o755 }];
  for (const dir of [...dirs].sort()) {
    for (const file of packageFiles(dir)) {
      const content = readFileSync(file);
      entries.push({ path: `${functionDir}/${relative(root, file)}`, type: 'file', mode: 0o644, content });
    }
  }
  return entries;
}

/** productionPackages returns the folders of name and of every package it needs at run time. */
export function productionPackages(root: string, name: string): Set<string> {
  const found = new Set<string>();
  const visit = (from: string, dep: string, optional: boolean): void => {
    const dir = resolvePackage(root, from, dep);
    if (!dir) {
      if (optional) return;
      throw new Error(
        `cannot find ${dep} (needed by ${relative(root, from) || 'the function'}) in node_modules`,
      );
    }
    if (found.has(dir)) return;
    found.add(dir);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const deps = (field: string) => Object.keys((pkg[field] as Record<string, string> | undefined) ?? {});
    for (const d of deps('dependencies')) visit(dir, d, false);
    for (const d of [...deps('optionalDependencies'), ...deps('peerDependencies')]) visit(dir, d, true);
  };
  visit(root, name, false);
  return found;
}

/** resolvePackage returns the folder Node loads dep from when required in from, or undefined. */
function resolvePackage(root: string, from: string, dep: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', dep);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dir === dirname(dir)) return undefined;
  }
}

/** packageFiles returns every file of a package folder, but its nested node_modules (packages of their own). */
function packageFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isDirectory()) {
      if (name !== 'node_modules') files.push(...packageFiles(path));
    } else if (stat.isFile()) files.push(path);
  }
  return files;
}

/** sizeTable returns the sizes as aligned columns: one row per layer and a total per image, in MB. */
export function sizeTable(sizes: ImageSize[]): string {
  const rows: string[][] = [['image', 'arch', 'layer', 'MB gzip']];
  for (const s of sizes) {
    for (const l of s.layers) rows.push([s.what, s.arch, l.name, mb(l.bytes)]);
    rows.push([s.what, s.arch, 'total', mb(s.bytes)]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0))) ?? [];
  return rows
    .map((r) => r.map((c, i) => (i === 3 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  '))
    .join('\n');
}

/** mb returns bytes in megabytes (10^6), to three decimals (a function layer is some kB). */
export function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(3);
}
