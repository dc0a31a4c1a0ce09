/**
 * Which TypeScript module implements each Function a pipeline names. kxp render runs functions in
 * process, so it needs a module where crossplane render needs an address: the Function object
 * names it with the annotation render.kxp.dev/module (a path relative to the file the Function is
 * in; render.kxp.dev/export names an export other than the default), or the command line does with
 * --function-module <name>=<path> (relative to the working directory), which wins.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import type { FunctionHandler } from '../function/handler.js';
import { loadFunction } from '../function/load.js';
import type { Sourced } from './files.js';
import { isObject } from './store.js';

/** The annotation naming a Function's TypeScript module, relative to the file the Function is in. */
export const moduleAnnotation = 'render.kxp.dev/module';
/** The annotation naming the module's export that is the function, when not the default one. */
export const exportAnnotation = 'render.kxp.dev/export';

/** Where a Function's handler comes from. */
export interface FunctionModule {
  /** module is the absolute path of the module. */
  module: string;
  /** exportName is the export that is the function. */
  exportName: string;
}

/**
 * functionModules returns the module of each Function in functions that has the module annotation,
 * then of each `name=path[#export]` in overrides, by Function name.
 */
export function functionModules(
  functions: readonly Sourced[],
  overrides: readonly string[] = [],
  cwd: string = process.cwd(),
): Record<string, FunctionModule> {
  const out: Record<string, FunctionModule> = {};
  for (const { object, file } of functions) {
    const meta = isObject(object.metadata) ? object.metadata : {};
    const annotations = isObject(meta.annotations) ? meta.annotations : {};
    const module = annotations[moduleAnnotation];
    if (object.kind !== 'Function' || typeof meta.name !== 'string' || typeof module !== 'string') continue;
    const exportName = annotations[exportAnnotation];
    out[meta.name] = {
      module: isAbsolute(module) ? module : resolve(dirname(file), module),
      exportName: typeof exportName === 'string' ? exportName : 'default',
    };
  }
  for (const o of overrides) {
    const [name, m] = override(o, cwd);
    out[name] = m;
  }
  return out;
}

/** override returns the Function name and module a --function-module value gives. */
function override(value: string, cwd: string): [string, FunctionModule] {
  const eq = value.indexOf('=');
  if (eq <= 0 || eq === value.length - 1) {
    throw new Error(
      `cannot read --function-module ${JSON.stringify(value)}: expected <function name>=<module path>`,
    );
  }
  const [path = '', exportName = 'default'] = value.slice(eq + 1).split('#');
  return [value.slice(0, eq), { module: resolve(cwd, path), exportName }];
}

/**
 * moduleHandlers returns a function that returns the handler of the Function called name, loading
 * each module once (with load, loadFunction by default), or throws saying how to name its module.
 */
export function moduleHandlers(
  modules: Readonly<Record<string, FunctionModule>>,
  load: (module: string, exportName: string) => Promise<FunctionHandler> = loadFunction,
): (name: string) => Promise<FunctionHandler> {
  const loaded = new Map<string, Promise<FunctionHandler>>();
  return (name) => {
    const m = modules[name];
    if (!m) {
      return Promise.reject(
        new Error(
          `no TypeScript module for function ${JSON.stringify(name)}: annotate its Function with ${moduleAnnotation}, or pass --function-module ${name}=<path>`,
        ),
      );
    }
    const key = `${m.module}#${m.exportName}`;
    let handler = loaded.get(key);
    if (!handler) {
      handler = load(m.module, m.exportName);
      loaded.set(key, handler);
    }
    return handler;
  };
}
