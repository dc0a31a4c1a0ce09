import { AssertionError } from 'node:assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import type { FunctionHandler } from '../handler.js';
import { Capability, Ready } from '../wire/types.js';
import { defineFunction } from './define.js';
import { getField } from './fieldpath.js';
import { nameOf, namespaceOf } from './resource.js';
import {
  expectResponse,
  loadCase,
  requestFrom,
  responseToJson,
  responseToYaml,
  runFunction,
} from './testing.js';

const fixtures = join(import.meta.dirname, '../../../test/fixtures/sdk');

/** webApp is the kind of function an author writes: a Deployment and a Service from an XWebApp. */
const webApp = defineFunction({
  input: z.object({ port: z.number().int().default(80) }),
  composite: z.looseObject({ spec: z.object({ image: z.string(), replicas: z.number().int().min(1) }) }),
  autoReady: true,
  compose(ctx) {
    const registry = ctx.required('registry', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      matchName: 'platform-registry',
      namespace: 'crossplane-system',
    });
    if (!registry) return;
    const prefix = registry[0]?.data;
    const host =
      typeof prefix === 'object' && prefix !== null && !Array.isArray(prefix) ? prefix.registry : undefined;
    const name = nameOf(ctx.xr) ?? 'app';
    const metadata = { name, namespace: 'apps' };
    const labels = { app: name };
    ctx.compose('deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: {
        replicas: ctx.composite.spec.replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'web',
                image: `${host}/${ctx.composite.spec.image}`,
                ports: [{ containerPort: ctx.input.port }],
              },
            ],
          },
        },
      },
    });
    ctx.compose('service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata,
      spec: { type: 'LoadBalancer', selector: labels, ports: [{ port: ctx.input.port }] },
    });
    ctx.setStatus({ url: `http://${name}.${namespaceOf(metadata) ?? 'apps'}.svc:${ctx.input.port}` });
    if (!ctx.observed.service) return;
    ctx
      .setCondition('Exposed', 'False', 'WaitingForAddress')
      .withMessage('the load balancer has no address yet')
      .targetCompositeAndClaim();
    const tier = getField(ctx.context, '["apiextensions.crossplane.io/environment"].tier') ?? 'none';
    ctx.result.normal(`composed ${name} for tier ${tier}`);
  },
});

describe('YAML cases', () => {
  it.each([
    { name: 'web-app', subset: false },
    { name: 'web-app-first-call', subset: false },
    { name: 'web-app-invalid', subset: true },
  ])('$name', async ({ name, subset }) => {
    const c = await loadCase(join(fixtures, name));
    expect(c.expected).toBeDefined();
    expectResponse(await runFunction(webApp, c.options), c.expected ?? '', { subset });
  });
});

describe('requestFrom', () => {
  it('builds a request from YAML and objects', () => {
    const req = requestFrom({
      xr: 'apiVersion: example.org/v1\nkind: XApp\n',
      observed: [
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations: {crossplane.io/composition-resource-name: a}',
        '---',
        'apiVersion: v1\nkind: Secret\nmetadata:\n  annotations: {crossplane.io/composition-resource-name: b}',
      ].join('\n'),
      desired: { c: { apiVersion: 'v1', kind: 'ConfigMap' } },
      input: { kind: 'Input' },
      required: { r: 'kind: A\n---\nkind: B\n' },
      credentials: { aws: { key: 'k' } },
      tag: 't',
    });
    expect(req.meta).toEqual({
      tag: 't',
      capabilities: [
        Capability.CAPABILITIES,
        Capability.REQUIRED_RESOURCES,
        Capability.CREDENTIALS,
        Capability.CONDITIONS,
        Capability.REQUIRED_SCHEMAS,
      ],
    });
    expect(req.observed?.composite?.resource).toEqual({ apiVersion: 'example.org/v1', kind: 'XApp' });
    expect(Object.keys(req.observed?.resources ?? {})).toEqual(['a', 'b']);
    expect(req.desired?.resources.c).toEqual({
      resource: { apiVersion: 'v1', kind: 'ConfigMap' },
      connectionDetails: {},
      ready: Ready.UNSPECIFIED,
    });
    expect(req.input).toEqual({ kind: 'Input' });
    expect(req.requiredResources.r?.items.map((i) => i.resource)).toEqual([{ kind: 'A' }, { kind: 'B' }]);
    expect(req.credentials.aws?.credentialData?.data.key).toEqual(Buffer.from('k'));
  });

  it.each([
    {
      name: 'unnamed observed YAML',
      options: { observed: 'kind: A' },
      expected: 'cannot name observed resource',
    },
    {
      name: 'two documents for one object',
      options: { xr: 'kind: A\n---\nkind: B' },
      expected: 'expected one YAML document',
    },
    {
      name: 'a YAML list',
      options: { input: '- a' },
      expected: 'cannot parse input: a document is not an object',
    },
    { name: 'broken YAML', options: { input: 'a: [' }, expected: 'cannot parse input' },
    {
      name: 'connection details of nothing',
      options: { observedConnectionDetails: { db: { password: 'p' } } },
      expected: 'cannot set connection details of db: no observed resource of that name',
    },
  ])('rejects $name', ({ options, expected }) => {
    expect(() => requestFrom(options)).toThrow(expected);
  });
});

describe('runFunction', () => {
  it('turns a rejecting handler into a FATAL result', async () => {
    const failing: FunctionHandler = async () => {
      throw new Error('raw handler broke');
    };
    const rsp = await runFunction(failing, { desired: { keep: { apiVersion: 'v1', kind: 'ConfigMap' } } });
    expect(responseToJson(rsp)).toMatchObject({
      desired: { resources: { keep: { resource: { apiVersion: 'v1', kind: 'ConfigMap' } } } },
      results: [{ severity: 'SEVERITY_FATAL', message: expect.stringContaining('raw handler broke') }],
    });
  });
});

describe('responseToYaml', () => {
  it('renders enum names, the TTL and connection details as text', async () => {
    const fn = defineFunction({
      compose(ctx) {
        ctx.compose('cfg', { apiVersion: 'v1', kind: 'ConfigMap' }, { ready: true });
        ctx.setConnectionDetails({ user: 'admin' });
        ctx.setTTL(1.5);
      },
    });
    expect(responseToYaml(await runFunction(fn, { tag: 'x' }))).toBe(
      [
        'meta:',
        '  tag: x',
        '  ttl: 1.5s',
        'desired:',
        '  composite:',
        '    connectionDetails:',
        '      user: admin',
        '  resources:',
        '    cfg:',
        '      resource:',
        '        apiVersion: v1',
        '        kind: ConfigMap',
        '      ready: READY_TRUE',
        '',
      ].join('\n'),
    );
  });
});

describe('expectResponse', () => {
  const fn = defineFunction({
    compose(ctx) {
      ctx.compose('cfg', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: '1', b: '2' } });
      ctx.result.warning('careful').withReason('Careful');
    },
  });

  it('compares exactly by default', async () => {
    const rsp = await runFunction(fn);
    expect(() => expectResponse(rsp, 'results: []')).toThrow(AssertionError);
    expectResponse(rsp, {
      meta: { ttl: '60s' },
      desired: {
        resources: { cfg: { resource: { apiVersion: 'v1', kind: 'ConfigMap', data: { a: '1', b: '2' } } } },
      },
      results: [
        { severity: 'SEVERITY_WARNING', message: 'careful', reason: 'Careful', target: 'TARGET_COMPOSITE' },
      ],
    });
  });

  it.each([
    {
      name: 'a nested field',
      expected: 'desired:\n  resources:\n    cfg:\n      resource:\n        data:\n          a: "1"\n',
    },
    { name: 'part of a list item', expected: 'results:\n  - message: careful\n' },
  ])('compares a subset: $name', async ({ expected }) => {
    expectResponse(await runFunction(fn), expected, { subset: true });
  });

  it.each([
    { name: 'a wrong value', expected: 'results:\n  - message: other\n' },
    { name: 'a missing list item', expected: 'results:\n  - message: careful\n  - message: more\n' },
    { name: 'an extra list item', expected: 'results: []\n' },
    { name: 'an absent field', expected: 'output:\n  x: 1\n' },
  ])('fails a subset with $name', async ({ expected }) => {
    const rsp = await runFunction(fn);
    expect(() => expectResponse(rsp, expected, { subset: true })).toThrow(AssertionError);
  });
});

describe('loadCase', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kxp-case-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads an empty folder as an empty case', async () => {
    expect(await loadCase(dir)).toEqual({ options: {} });
  });

  it('rejects two observed resources of one name', async () => {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'observed'));
    await writeFile(join(dir, 'observed', 'a.yaml'), 'kind: A\n---\nkind: B\n');
    await expect(loadCase(dir)).rejects.toThrow('two are named a');
  });
});
