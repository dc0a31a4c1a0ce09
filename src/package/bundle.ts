/**
 * A program's code in its image: one ES module holding the program (a function and the kxp runtime
 * that serves it; or the bridge) and every production dependency it imports, bundled with esbuild.
 * One file starts fast (no module resolution over node_modules at start) and carries only the code
 * that runs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import type { FunctionProject } from './project.js';

/** Where the image's runtime finds Crossplane's server certificate (the Deployment runtime mounts it there). */
export const imageTlsCertsDir = '/tls/server';

/** A bundled program: its code, and the licences of the packages bundled into it. */
export interface FunctionBundle {
  /** code is an ES module that runs the program (main.mjs serves a function). */
  code: Buffer;
  /** licenses is the text of every bundled package's licence file, one after the other. */
  licenses: Buffer;
}

const serveSpecifier = 'kxp/function/serve';

/**
 * bundleFunction returns project's function bundled with the runtime that serves it: its default
 * export served with the flags Crossplane's runtime passes, certificates from /tls/server by default.
 */
export async function bundleFunction(project: FunctionProject, nodeMajor: number): Promise<FunctionBundle> {
  const main = [
    `import handler from ${JSON.stringify(project.entry)};`,
    `import { serveMain } from ${JSON.stringify(serveSpecifier)};`,
    `await serveMain(handler, process.argv.slice(2), { tlsCertsDir: ${JSON.stringify(imageTlsCertsDir)} });`,
  ].join('\n');
  try {
    return await bundleProgram(main, project.dir, nodeMajor, [serveRuntime()]);
  } catch (cause) {
    throw new Error(
      `cannot bundle the function ${relative(project.dir, project.entry)}: ${(cause as Error).message}`,
      { cause },
    );
  }
}

/**
 * bundleProgram returns main (the source of an ES module, its imports resolved from dir) bundled
 * with everything it imports for Node nodeMajor, and the licences of the packages it took code from.
 */
export async function bundleProgram(
  main: string,
  dir: string,
  nodeMajor: number,
  plugins: esbuild.Plugin[] = [],
): Promise<FunctionBundle> {
  let result: esbuild.BuildResult<{ write: false; metafile: true }>;
  try {
    result = await esbuild.build({
      stdin: { contents: main, resolveDir: dir, sourcefile: 'main.mjs', loader: 'js' },
      absWorkingDir: dir,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: `node${nodeMajor}`,
      write: false,
      metafile: true,
      // Not minified: an uncaught error prints its source line, which must stay one readable line,
      // and stack traces name the functions they pass through. Compressed, it costs little.
      legalComments: 'none',
      logLevel: 'silent',
      // CommonJS dependencies require Node's own modules; an ES module has no `require` of its own.
      banner: {
        js: "import{createRequire as __kxpRequire}from'node:module';const require=__kxpRequire(import.meta.url);",
      },
      plugins: [...plugins, builtinsByRequire()],
    });
  } catch (cause) {
    throw new Error(bundleErrors(cause), { cause });
  }
  const [out] = result.outputFiles;
  if (!out) throw new Error('esbuild wrote nothing');
  return { code: Buffer.from(out.contents), licenses: licensesOf(dir, result.metafile) };
}

/**
 * serveRuntime resolves the kxp runtime from the project's own kxp (so the function and the server
 * share one copy of the SDK), or from the kxp running this build when the project has none (the
 * functions inside kxp's own repository).
 */
function serveRuntime(): esbuild.Plugin {
  return {
    name: 'kxp-serve-runtime',
    setup(build) {
      build.onResolve({ filter: /^kxp\/function\/serve$/ }, async (args) => {
        if (args.pluginData === 'fallback') return undefined;
        const own = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          pluginData: 'fallback',
        });
        if (own.errors.length === 0) return { path: own.path };
        return { path: kxpModule('function/serve/main') };
      });
    },
  };
}

/**
 * builtinsByRequire has the bundle load Node's own modules with require(), not import. Node builds
 * the namespace of an imported built-in by reading every export, the lazy ones too: importing
 * node:http loads undici (for fetch) and web streams, node:fs loads fs/promises and readline,
 * node:crypto loads webcrypto — on one CPU about 50 ms of a function's ~300 ms start and several
 * MB, for modules it never uses. require() returns the exports object without reading them.
 */
function builtinsByRequire(): esbuild.Plugin {
  return {
    name: 'kxp-builtins-by-require',
    setup(build) {
      build.onResolve({ filter: /^[a-z:_/]+$/ }, (args) =>
        args.kind === 'import-statement' && isBuiltin(args.path)
          ? { path: args.path, namespace: 'kxp-builtin' }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'kxp-builtin' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
    },
  };
}

/**
 * kxpModule returns a module of the kxp running now, by its path below src/ without extension
 * ('function/serve/main'): dist's .js when running built, or src's .ts when running under tsx.
 */
export function kxpModule(path: string): string {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const js = join(root, `${path}.js`);
  return existsSync(js) ? js : join(root, `${path}.ts`);
}

/** bundleErrors returns esbuild's errors as one line each, with the file and line they point at. */
function bundleErrors(cause: unknown): string {
  const errors = (cause as { errors?: esbuild.Message[] }).errors;
  if (!errors?.length) return (cause as Error).message;
  return errors
    .map((e) =>
      e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text,
    )
    .join('; ');
}

/** licensesOf returns the licence files of every package the bundle took code from. */
function licensesOf(dir: string, metafile: esbuild.Metafile): Buffer {
  const roots = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m?.[1]) roots.add(m[1]);
  }
  const parts: string[] = [];
  for (const root of [...roots].sort()) {
    const abs = resolve(dir, root);
    const name = root.slice(root.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const files = readdirSync(abs)
      .filter((f) => /^(licen[cs]e|copying|notice)/i.test(f))
      .sort();
    for (const f of files)
      parts.push(`==> ${name}/${f} <==\n${readFileSync(join(abs, f), 'utf8').trimEnd()}\n`);
  }
  return Buffer.from(parts.join('\n'));
}
