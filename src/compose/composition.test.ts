import { join } from 'node:path';
import { App, Chart, Testing } from 'cdk8s';
import * as z from 'zod';
import { Composition } from './composition.js';
import { CompositionFunction } from './composition-function.js';
import { CompositeResourceDefinition } from './xrd.js';

describe('Composition', () => {
  it('writes a Pipeline Composition for an XRD, named after it, with steps as given', () => {
    const chart = Testing.chart();
    const xrd = new CompositeResourceDefinition(chart, 'xrd', {
      group: 'db.kxp.dev',
      names: { kind: 'Db', plural: 'dbs' },
      versions: [{ name: 'v1alpha1', schema: z.object({ spec: z.object({}) }) }],
    });
    new Composition(chart, 'composition', {
      xrd,
      writeConnectionSecretsToNamespace: 'crossplane-system',
      metadata: { labels: { provider: 'local' } },
      pipeline: [
        {
          step: 'compose',
          functionRef: { name: 'kxp-db' },
          input: { apiVersion: 'db.kxp.dev/v1alpha1', kind: 'Input', engine: 'postgres' },
          credentials: [{ name: 'admin', secretRef: { name: 'pg-admin', namespace: 'crossplane-system' } }],
          requiredResources: [{ requirementName: 'server', apiVersion: 'v1', kind: 'ConfigMap', name: 'pg' }],
        },
        { step: 'ready', functionRef: { name: 'function-auto-ready' } },
      ],
    });
    const [, composition] = Testing.synth(chart);
    expect(composition).toEqual({
      apiVersion: 'apiextensions.crossplane.io/v1',
      kind: 'Composition',
      metadata: { name: 'dbs.db.kxp.dev', labels: { provider: 'local' } },
      spec: {
        compositeTypeRef: { apiVersion: 'db.kxp.dev/v1alpha1', kind: 'Db' },
        mode: 'Pipeline',
        writeConnectionSecretsToNamespace: 'crossplane-system',
        pipeline: [
          {
            step: 'compose',
            functionRef: { name: 'kxp-db' },
            input: { apiVersion: 'db.kxp.dev/v1alpha1', kind: 'Input', engine: 'postgres' },
            credentials: [
              {
                name: 'admin',
                source: 'Secret',
                secretRef: { name: 'pg-admin', namespace: 'crossplane-system' },
              },
            ],
            requirements: {
              requiredResources: [
                { requirementName: 'server', apiVersion: 'v1', kind: 'ConfigMap', name: 'pg' },
              ],
            },
          },
          { step: 'ready', functionRef: { name: 'function-auto-ready' } },
        ],
      },
    });
  });

  const bad: { name: string; props: ConstructorParameters<typeof Composition>[2]; message: RegExp }[] = [
    {
      name: 'no type to compose',
      props: { pipeline: [{ step: 'a', functionRef: { name: 'f' } }] },
      message: /give xrd, or compositeTypeRef and name/,
    },
    {
      name: 'an empty pipeline',
      props: { name: 'c', compositeTypeRef: { apiVersion: 'a.b/v1', kind: 'A' }, pipeline: [] },
      message: /its pipeline has no steps/,
    },
    {
      name: 'two steps of one name',
      props: {
        name: 'c',
        compositeTypeRef: { apiVersion: 'a.b/v1', kind: 'A' },
        pipeline: [
          { step: 'a', functionRef: { name: 'f' } },
          { step: 'a', functionRef: { name: 'g' } },
        ],
      },
      message: /step names must be unique/,
    },
    {
      name: 'an input without a kind',
      props: {
        name: 'c',
        compositeTypeRef: { apiVersion: 'a.b/v1', kind: 'A' },
        pipeline: [{ step: 'a', functionRef: { name: 'f' }, input: { apiVersion: 'x/v1', kind: '' } }],
      },
      message: /step a's input needs an apiVersion and a kind/,
    },
  ];

  it.each(bad)('refuses $name', ({ props, message }) => {
    expect(() => new Composition(Testing.chart(), 'c', props)).toThrow(message);
  });
});

describe('CompositionFunction', () => {
  it('writes a Function whose module annotation is relative to the folder the app writes to', () => {
    const app = new App({ outdir: '/repo/compositions/dist/db' });
    const chart = new Chart(app, 'functions');
    new CompositionFunction(chart, 'fn', {
      name: 'kxp-db',
      package: 'xpkg.example.com/kxp/db:v1',
      module: '/repo/functions/db/index.ts',
      exportName: 'database',
      runtimeConfigName: 'small',
    });
    expect(Testing.synth(chart)).toEqual([
      {
        apiVersion: 'pkg.crossplane.io/v1',
        kind: 'Function',
        metadata: {
          name: 'kxp-db',
          annotations: {
            'render.crossplane.io/runtime': 'Development',
            'render.kxp.dev/module': '../../../functions/db/index.ts',
            'render.kxp.dev/export': 'database',
          },
        },
        spec: { package: 'xpkg.example.com/kxp/db:v1', runtimeConfigRef: { name: 'small' } },
      },
    ]);
  });

  it('takes a module as a file URL and leaves it out when not given', () => {
    const app = new App({ outdir: join(process.cwd(), 'out') });
    const chart = new Chart(app, 'functions');
    new CompositionFunction(chart, 'a', {
      name: 'a',
      package: 'p',
      module: new URL(`file://${process.cwd()}/fn/a.ts`),
    });
    new CompositionFunction(chart, 'b', { name: 'b', package: 'p', renderRuntime: 'Docker' });
    const [a, b] = Testing.synth(chart);
    expect(a.metadata.annotations['render.kxp.dev/module']).toBe('../fn/a.ts');
    expect(b.metadata.annotations).toEqual({ 'render.crossplane.io/runtime': 'Docker' });
  });
});
