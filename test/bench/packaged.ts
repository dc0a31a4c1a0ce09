/**
 * The benchmark function as a kxp package runs it, and the TypeScript SDK's function as its own
 * image would run it, prepared under .kxp/bench/ for servers.ts:
 *
 * - kxp: `kxp package build`'s buildPackages builds a small project around
 *   test/bench/functions/kxp.ts for amd64 and arm64 (image-size.ts reads the sizes); the files the
 *   amd64 image's Entrypoint names (Node 24's binary, /function/main.mjs) are unpacked from its
 *   layers and run with that Entrypoint and the image's Env, on the host's libc.
 * - TypeScript SDK: test/bench/functions/ts-sdk.ts compiled to JavaScript (its imports of
 *   node_modules left as they are, as `tsc` leaves them), run by that same Node 24 binary.
 */
import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import type { DefinedFunction } from '../../src/function/sdk/define.js';
import type { Image } from '../../src/oci/image.js';
import { layerEntries } from '../../src/oci/layer.js';
import { type BuildResult, buildPackages } from '../../src/package/build.js';
import { defaultCacheDir } from '../../src/package/runtime/index.js';

/** A command line and the environment it runs with, beside the host's. */
export interface Command {
  command: string[];
  env: Record<string, string>;
}

/** The bench function's package.json: what a package's metadata needs, and where the function is. */
function projectJson(root: string): object {
  return {
    name: 'function-bench-buckets',
    version: '0.0.0',
    description: 'The kxp function benchmark: a BucketSet XR composing S3-like Buckets.',
    license: 'Apache-2.0',
    author: 'kxp benchmark',
    repository: 'https://example.com/kxp',
    type: 'module',
    kxp: { function: join(root, 'test/bench/functions/kxp.ts') },
  };
}

/**
 * buildBenchPackages returns the bench function's packages for amd64 and arm64, built as `kxp
 * package build` builds them into workDir/package (compressed base layers are cached in kxp's
 * package cache, so only the first run pays for compressing Node).
 */
export async function buildBenchPackages(
  root: string,
  workDir: string,
  log: (message: string) => void,
): Promise<BuildResult> {
  const dir = join(workDir, 'project');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(projectJson(root), null, 2)}\n`);
  try {
    return await buildPackages(dir, {
      outDir: join(workDir, 'package'),
      arches: ['amd64', 'arm64'],
      cacheDir: defaultCacheDir(),
      loadFunction: async (module) =>
        ((await import(pathToFileURL(module).href)) as { default: DefinedFunction }).default,
      log: (m) => log(`package: ${m}`),
    });
  } catch (cause) {
    throw new Error(`cannot build the bench function's packages: ${(cause as Error).message}`, { cause });
  }
}

/**
 * packagedCommand returns the command that runs image's function here: its Entrypoint, each
 * argument that names a file in the image replaced by that file unpacked into workDir (once per
 * layer content), and its Env but PATH and HOME, which name the image's folders. (A Cmd would give
 * way to the arguments the bench adds, as it does to a Deployment's.)
 */
export async function packagedCommand(image: Image, workDir: string): Promise<Command> {
  const { Entrypoint: entrypoint = [], Env: env = [] } = image.config.config;
  if (entrypoint.length === 0)
    throw new Error('cannot run the packaged function: its image has no Entrypoint');
  const wanted = new Map(entrypoint.filter((a) => a.startsWith('/')).map((a) => [a.slice(1), a]));
  const local = new Map<string, string>();
  for (const layer of image.layers) {
    const dir = join(workDir, 'packaged', layer.diffId.replace(/^sha256:/, '').slice(0, 12));
    for await (const entry of layerEntries(layer)) {
      const arg = wanted.get(entry.path);
      if (entry.type !== 'file' || !arg || !entry.content) continue;
      const file = join(dir, basename(entry.path));
      if (!existsSync(file)) {
        mkdirSync(dir, { recursive: true });
        // Written beside and renamed, so an interrupted copy is never taken for a whole one.
        writeFileSync(`${file}.tmp`, entry.content);
        chmodSync(`${file}.tmp`, entry.mode);
        renameSync(`${file}.tmp`, file);
      }
      local.set(arg, file);
    }
  }
  const [program] = entrypoint;
  if (!program || !local.has(program)) {
    throw new Error(`cannot run the packaged function: its image holds no ${program ?? 'Entrypoint'}`);
  }
  const kept = env.filter((e) => !/^(PATH|HOME)=/.test(e));
  return {
    command: entrypoint.map((a) => local.get(a) ?? a),
    env: Object.fromEntries(kept.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)])),
  };
}

/**
 * tsSdkProgram returns the TypeScript SDK's bench function compiled to one ES module in
 * workDir/ts-sdk/main.mjs, which imports the SDK from the repository's node_modules.
 */
export async function tsSdkProgram(root: string, workDir: string): Promise<string> {
  const outfile = join(workDir, 'ts-sdk', 'main.mjs');
  try {
    await esbuild.build({
      entryPoints: [resolve(root, 'test/bench/functions/ts-sdk.ts')],
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node24',
      outfile,
      logLevel: 'silent',
    });
  } catch (cause) {
    throw new Error(`cannot compile the TypeScript SDK's bench function: ${(cause as Error).message}`, {
      cause,
    });
  }
  return outfile;
}
