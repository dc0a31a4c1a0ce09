import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FunctionHandler } from './handler.js';

/**
 * loadFunction returns the composition function a module exports: its default export, or the
 * named export given. TypeScript modules are loaded with tsx, so authors need no build step.
 */
export async function loadFunction(modulePath: string, exportName = 'default'): Promise<FunctionHandler> {
  const file = resolve(modulePath);
  if (!existsSync(file)) throw new Error(`cannot load function: ${file} does not exist`);
  let mod: Record<string, unknown>;
  try {
    if (/\.[cm]?ts$/.test(file)) {
      const { tsImport } = await import('tsx/esm/api');
      mod = (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
    } else {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    }
  } catch (cause) {
    throw new Error(`cannot load function module ${file}`, { cause });
  }
  const fn = mod[exportName];
  if (typeof fn !== 'function') {
    const found = Object.keys(mod).join(', ') || 'nothing';
    throw new Error(
      `cannot load function: ${file} has no ${exportName} export that is a function (it exports ${found})`,
    );
  }
  return fn as FunctionHandler;
}
