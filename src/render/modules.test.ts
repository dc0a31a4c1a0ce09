import type { FunctionHandler } from '../function/handler.js';
import { functionModules, moduleHandlers } from './modules.js';

const fn = (name: string, annotations: Record<string, string>) => ({
  object: { apiVersion: 'pkg.crossplane.io/v1', kind: 'Function', metadata: { name, annotations } },
  file: '/repo/compositions/dist/app/functions.yaml',
});

describe('functionModules', () => {
  it("reads each Function's module relative to its file; --function-module wins, relative to the working directory", () => {
    const modules = functionModules(
      [
        fn('a', { 'render.kxp.dev/module': '../../../functions/a/index.ts' }),
        fn('b', { 'render.kxp.dev/module': '/abs/b.ts', 'render.kxp.dev/export': 'b' }),
        fn('c', {}),
        fn('d', { 'render.kxp.dev/module': 'd.ts' }),
      ],
      ['d=functions/d/index.ts#handler', 'e=e.ts'],
      '/repo',
    );
    expect(modules).toEqual({
      a: { module: '/repo/functions/a/index.ts', exportName: 'default' },
      b: { module: '/abs/b.ts', exportName: 'b' },
      d: { module: '/repo/functions/d/index.ts', exportName: 'handler' },
      e: { module: '/repo/e.ts', exportName: 'default' },
    });
  });

  it('refuses a --function-module without a name or a path', () => {
    expect(() => functionModules([], ['=x.ts'])).toThrow(/expected <function name>=<module path>/);
    expect(() => functionModules([], ['a='])).toThrow(/expected <function name>=<module path>/);
  });
});

describe('moduleHandlers', () => {
  it('loads each module once, and says how to name a missing one', async () => {
    const loads: string[] = [];
    const handler: FunctionHandler = async () => ({ results: [], conditions: [] });
    const handlers = moduleHandlers({ a: { module: '/a.ts', exportName: 'default' } }, async (m) => {
      loads.push(m);
      return handler;
    });
    await handlers('a');
    await handlers('a');
    expect(loads).toEqual(['/a.ts']);
    await expect(handlers('b')).rejects.toThrow(
      'no TypeScript module for function "b": annotate its Function with render.kxp.dev/module, or pass --function-module b=<path>',
    );
  });
});
