import * as z from 'zod';
import type { HandlerContext } from '../handler.js';
import { Capability, ConditionStatus, type JsonObject, Ready, Severity, Target } from '../wire/types.js';
import { defineFunction } from './define.js';
import { type RunOptions, requestFrom } from './testing.js';

const xr = {
  apiVersion: 'example.kxp.dev/v1',
  kind: 'XApp',
  metadata: { name: 'shop' },
  spec: { parameters: { size: 2, region: 'eu-west-1' } },
};
const cm = (name: string, data: JsonObject = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data,
});

/** run calls handler directly (not through runSafely) so a rejection would fail the test. */
async function run(handler: ReturnType<typeof defineFunction>, options: RunOptions = {}) {
  const logged: { level: string; obj: object; msg?: string }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void logged.push({ level, obj, msg });
  const log: HandlerContext['log'] = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  const rsp = await handler(requestFrom({ xr, ...options }), { log });
  return { rsp, logged };
}

describe('validation', () => {
  const fn = defineFunction({
    input: z.object({ spec: z.object({ replicas: z.number().int() }) }),
    composite: z.looseObject({
      spec: z.object({ parameters: z.object({ size: z.number(), region: z.string() }) }),
    }),
    compose(ctx) {
      ctx.compose('cfg', cm(`${ctx.composite.spec.parameters.region}-${ctx.input.spec.replicas}`));
    },
  });

  it('gives compose typed, validated values', async () => {
    const { rsp } = await run(fn, { input: { spec: { replicas: 3 } } });
    expect(rsp.results).toEqual([]);
    expect(rsp.desired?.resources.cfg?.resource).toEqual(cm('eu-west-1-3'));
  });

  it.each([
    {
      name: 'bad composite field',
      options: {
        xr: { ...xr, spec: { parameters: { size: 'big', region: 'eu' } } },
        input: { spec: { replicas: 1 } },
      },
      expected:
        'cannot validate composite resource: spec.parameters.size: Invalid input: expected number, received string',
      reason: 'InvalidCompositeResource',
    },
    {
      name: 'missing input',
      options: {},
      expected: 'cannot validate function input: Invalid input: expected object, received undefined',
      reason: 'InvalidFunctionInput',
    },
    {
      name: 'several bad input fields',
      options: { input: { spec: { replicas: 1.5 } } },
      expected: 'cannot validate function input: spec.replicas: Invalid input: expected int, received number',
      reason: 'InvalidFunctionInput',
    },
  ])('$name is a FATAL result naming the field', async ({ options, expected, reason }) => {
    const { rsp, logged } = await run(fn, options);
    expect(rsp.results).toEqual([
      { severity: Severity.FATAL, message: expected, reason, target: Target.COMPOSITE },
    ]);
    expect(rsp.desired?.resources).toEqual({});
    expect(logged.map((l) => l.level)).toEqual(['warn']);
  });

  it('without schemas, compose sees the raw input and XR', async () => {
    let seen: [JsonObject | undefined, JsonObject] | undefined;
    const fn = defineFunction({
      compose(ctx) {
        seen = [ctx.input, ctx.composite];
      },
    });
    await run(fn, { input: { kind: 'Input' } });
    expect(seen).toEqual([{ kind: 'Input' }, xr]);
  });

  it('quotes keys that are not plain names', async () => {
    const labelled = defineFunction({
      composite: z.looseObject({ metadata: z.object({ labels: z.object({ 'kxp.dev/team': z.string() }) }) }),
      compose() {},
    });
    const { rsp } = await run(labelled, { xr: { ...xr, metadata: { labels: {} } } });
    expect(rsp.results[0]?.message).toBe(
      'cannot validate composite resource: metadata.labels["kxp.dev/team"]: Invalid input: expected string, received undefined',
    );
  });
});

describe('errors', () => {
  it.each([
    {
      name: 'a throw',
      compose: () => {
        throw new Error('cannot compute size: no quota');
      },
      expected: 'cannot compute size: no quota',
    },
    { name: 'a rejection', compose: async () => Promise.reject(new Error('later')), expected: 'later' },
    {
      name: 'a thrown string',
      compose: () => {
        throw 'plain';
      },
      expected: 'plain',
    },
    {
      name: 'a bad resource',
      compose: (ctx: { compose: (n: string, o: object) => void }) => ctx.compose('x', { metadata: {} }),
      expected: 'cannot set desired composed resource "x": apiVersion and kind are required',
    },
  ])('$name becomes a FATAL result and the handler resolves', async ({ compose, expected }) => {
    const fn = defineFunction({ compose });
    const { rsp, logged } = await run(fn, { desired: { earlier: cm('earlier') } });
    expect(rsp.results).toEqual([{ severity: Severity.FATAL, message: expected, target: Target.COMPOSITE }]);
    expect(rsp.desired?.resources.earlier?.resource).toEqual(cm('earlier'));
    expect(logged).toEqual([expect.objectContaining({ level: 'error', msg: 'function failed' })]);
  });

  it('drops what compose wrote before it threw', async () => {
    const fn = defineFunction({
      compose(ctx) {
        ctx.compose('half', cm('half'));
        ctx.result.warning('about to fail');
        throw new Error('boom');
      },
    });
    const { rsp } = await run(fn);
    expect(rsp.desired?.resources.half).toBeUndefined();
    expect(rsp.results.map((r) => r.message)).toEqual(['boom']);
  });
});

describe('desired state', () => {
  it('passes through what an earlier step desired and compose does not touch', async () => {
    const fn = defineFunction({ compose: (ctx) => ctx.compose('mine', cm('mine'), { ready: false }) });
    const { rsp } = await run(fn, {
      desired: { earlier: cm('earlier') },
      desiredXr: { status: { phase: 'x' } },
    });
    expect(rsp.desired?.resources).toEqual({
      earlier: { resource: cm('earlier'), connectionDetails: {}, ready: Ready.UNSPECIFIED },
      mine: { resource: cm('mine'), connectionDetails: {}, ready: Ready.FALSE },
    });
    expect(rsp.desired?.composite?.resource).toEqual({ status: { phase: 'x' } });
  });

  it('shows compose the desired resources, and changing one changes the response', async () => {
    const seen: string[][] = [];
    const fn = defineFunction({
      compose(ctx) {
        seen.push(Object.keys(ctx.desired));
        ctx.compose('mine', cm('mine'));
        seen.push(Object.keys(ctx.desired));
        const earlier = ctx.desired.earlier;
        if (earlier) earlier.data = { touched: 'yes' };
      },
    });
    const { rsp } = await run(fn, { desired: { earlier: cm('earlier') } });
    expect(seen).toEqual([['earlier'], ['earlier', 'mine']]);
    expect(rsp.desired?.resources.earlier?.resource).toEqual(cm('earlier', { touched: 'yes' }));
  });

  it('lets compose take the setters off the context', async () => {
    const fn = defineFunction({
      compose({ compose, setStatus, setCondition }) {
        compose('mine', cm('mine'));
        setStatus({ phase: 'Composed' });
        setCondition('Composed', 'True', 'Done');
      },
    });
    const { rsp } = await run(fn);
    expect(Object.keys(rsp.desired?.resources ?? {})).toEqual(['mine']);
    expect(rsp.desired?.composite?.resource).toEqual({ status: { phase: 'Composed' } });
    expect(rsp.conditions.map((c) => c.type)).toEqual(['Composed']);
  });

  it('keeps the live views off each context, so that every context has the same hidden class', async () => {
    // Getters in an object literal made a hidden class per call, which kept every call's request
    // and response alive through the young generation's collections (see CallContext).
    const contexts: object[] = [];
    const fn = defineFunction({ compose: (ctx) => void contexts.push(ctx) });
    await run(fn);
    await run(fn);
    for (const ctx of contexts) {
      expect(Object.getOwnPropertyDescriptor(ctx, 'desired')).toBeUndefined();
      expect(Object.getOwnPropertyDescriptor(ctx, 'context')).toBeUndefined();
    }
    expect(Object.getPrototypeOf(contexts[0])).toBe(Object.getPrototypeOf(contexts[1]));
    expect(Object.keys(contexts[0] as object)).toEqual(Object.keys(contexts[1] as object));
  });

  it('sets XR status, connection details and conditions', async () => {
    const fn = defineFunction({
      compose(ctx) {
        ctx.setStatus({ endpoint: 'https://shop.example.org' });
        ctx.setConnectionDetails({
          password: ctx.connectionDetails('db').password ?? '',
          url: 'https://shop',
        });
        ctx
          .setCondition('DatabaseReady', 'False', 'Creating')
          .withMessage('RDS is creating')
          .targetCompositeAndClaim();
        ctx.setCondition('Billing', 'True', 'Enabled');
      },
    });
    const { rsp } = await run(fn, {
      observed: { db: cm('db') },
      observedConnectionDetails: { db: { password: 's3cret' } },
    });
    expect(rsp.desired?.composite).toEqual({
      resource: { status: { endpoint: 'https://shop.example.org' } },
      connectionDetails: { password: Buffer.from('s3cret'), url: Buffer.from('https://shop') },
      ready: Ready.UNSPECIFIED,
    });
    expect(rsp.conditions).toEqual([
      {
        type: 'DatabaseReady',
        status: ConditionStatus.FALSE,
        reason: 'Creating',
        message: 'RDS is creating',
        target: Target.COMPOSITE_AND_CLAIM,
      },
      { type: 'Billing', status: ConditionStatus.TRUE, reason: 'Enabled', target: Target.COMPOSITE },
    ]);
  });

  it('adds results with reasons and targets', async () => {
    const fn = defineFunction({
      compose(ctx) {
        ctx.result.normal('composed 2 resources');
        ctx.result.warning('region is deprecated').withReason('DeprecatedRegion').targetCompositeAndClaim();
        ctx.result.fatal('quota exceeded').withReason('Quota');
      },
    });
    const { rsp } = await run(fn);
    expect(rsp.results).toEqual([
      { severity: Severity.NORMAL, message: 'composed 2 resources', target: Target.COMPOSITE },
      {
        severity: Severity.WARNING,
        message: 'region is deprecated',
        reason: 'DeprecatedRegion',
        target: Target.COMPOSITE_AND_CLAIM,
      },
      { severity: Severity.FATAL, message: 'quota exceeded', reason: 'Quota', target: Target.COMPOSITE },
    ]);
  });
});

describe('readiness', () => {
  const deployment = (available: number) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', generation: 1 },
    spec: { replicas: 2 },
    status: { observedGeneration: 1, updatedReplicas: 2, availableReplicas: available },
  });
  const bucket = (ready: string) => ({
    apiVersion: 's3.aws.upbound.io/v1beta1',
    kind: 'Bucket',
    status: { conditions: [{ type: 'Ready', status: ready }] },
  });
  const observed = {
    cfg: cm('cfg'),
    web: deployment(2),
    slow: deployment(1),
    bucket: bucket('True'),
    forced: bucket('True'),
  };
  const compose = (ctx: { compose: (n: string, o: object, opts?: { ready?: boolean }) => void }) => {
    ctx.compose('cfg', cm('cfg'));
    ctx.compose('web', { apiVersion: 'apps/v1', kind: 'Deployment' });
    ctx.compose('slow', { apiVersion: 'apps/v1', kind: 'Deployment' });
    ctx.compose('bucket', { apiVersion: 's3.aws.upbound.io/v1beta1', kind: 'Bucket' });
    ctx.compose('forced', { apiVersion: 's3.aws.upbound.io/v1beta1', kind: 'Bucket' }, { ready: false });
    ctx.compose('new', cm('new'));
  };
  const readiness = (rsp: Awaited<ReturnType<typeof run>>['rsp']) =>
    Object.fromEntries(Object.entries(rsp.desired?.resources ?? {}).map(([n, r]) => [n, r.ready]));

  it('auto-ready follows observed state, and explicit readiness wins', async () => {
    const { rsp } = await run(defineFunction({ autoReady: true, compose }), {
      observed,
      desired: { earlier: cm('earlier') },
    });
    expect(readiness(rsp)).toEqual({
      earlier: Ready.UNSPECIFIED, // not observed yet
      cfg: Ready.TRUE,
      web: Ready.TRUE,
      slow: Ready.UNSPECIFIED,
      bucket: Ready.TRUE,
      forced: Ready.FALSE,
      new: Ready.UNSPECIFIED,
    });
  });

  it('leaves readiness alone without autoReady', async () => {
    const { rsp } = await run(defineFunction({ compose }), { observed });
    expect(Object.values(readiness(rsp))).toEqual([0, 0, 0, 0, Ready.FALSE, 0]);
  });
});

describe('requirements loop', () => {
  const selector = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    matchName: 'platform-defaults',
    namespace: 'crossplane-system',
  };
  const fn = defineFunction({
    compose(ctx) {
      const defaults = ctx.required('defaults', selector);
      if (!defaults) return; // Crossplane calls again with them
      const region = defaults[0]?.data;
      ctx.compose('cfg', cm('cfg', { from: JSON.stringify(region ?? null) }));
    },
  });

  it('asks first, then composes with what Crossplane fetched', async () => {
    const first = await run(fn);
    expect(first.rsp.requirements).toEqual({
      resources: { defaults: selector },
      extraResources: {},
      schemas: {},
    });
    expect(first.rsp.desired?.resources).toEqual({});

    const second = await run(fn, { required: { defaults: [cm('platform-defaults', { region: 'eu' })] } });
    // The same requirements again tell Crossplane they have stabilised.
    expect(second.rsp.requirements).toEqual(first.rsp.requirements);
    expect(second.rsp.desired?.resources.cfg?.resource).toEqual(cm('cfg', { from: '{"region":"eu"}' }));
  });

  it('composes with none found', async () => {
    const { rsp } = await run(fn, { required: { defaults: [] } });
    expect(rsp.desired?.resources.cfg?.resource).toEqual(cm('cfg', { from: 'null' }));
  });

  it('fills the legacy field too for a Crossplane that does not advertise capabilities', async () => {
    const { rsp } = await run(fn, { capabilities: [] });
    expect(rsp.requirements?.extraResources).toEqual({ defaults: selector });
    expect(rsp.requirements?.resources).toEqual({ defaults: selector });
  });

  it('asks for schemas', async () => {
    const schemaFn = defineFunction({
      compose(ctx) {
        const schema = ctx.requiredSchema('bucket', 's3.aws.upbound.io/v1beta1', 'Bucket');
        if (schema !== undefined) ctx.setOutput({ found: schema !== null });
      },
    });
    const first = await run(schemaFn, {
      capabilities: [Capability.CAPABILITIES, Capability.REQUIRED_SCHEMAS],
    });
    expect(first.rsp.requirements?.schemas).toEqual({
      bucket: { apiVersion: 's3.aws.upbound.io/v1beta1', kind: 'Bucket' },
    });
    expect(first.rsp.output).toBeUndefined();
  });
});

describe('context, credentials, TTL and output', () => {
  it('passes context through and adds to it', async () => {
    const fn = defineFunction({
      compose(ctx) {
        ctx.setContext('kxp.dev/seen', {
          by: 'test',
          env: ctx.context['apiextensions.crossplane.io/environment'] ?? null,
        });
      },
    });
    const { rsp } = await run(fn, {
      context: { 'apiextensions.crossplane.io/environment': { region: 'eu' } },
    });
    expect(rsp.context).toEqual({
      'apiextensions.crossplane.io/environment': { region: 'eu' },
      'kxp.dev/seen': { by: 'test', env: { region: 'eu' } },
    });
  });

  it('reads credentials, and a missing one is a FATAL result', async () => {
    const fn = defineFunction({
      compose: (ctx) => ctx.setOutput({ key: ctx.credentials('aws').key?.toString() ?? '' }),
    });
    const ok = await run(fn, { credentials: { aws: { key: 'AKIA' } } });
    expect(ok.rsp.output).toEqual({ key: 'AKIA' });
    const missing = await run(fn);
    expect(missing.rsp.results[0]?.message).toMatch(
      /^cannot get credentials "aws": the request has none by that name/,
    );
  });

  it('sets the TTL (60s by default)', async () => {
    expect((await run(defineFunction({ compose() {} }))).rsp.meta?.ttl).toEqual({ seconds: 60, nanos: 0 });
    const { rsp } = await run(defineFunction({ compose: (ctx) => ctx.setTTL(15) }), { tag: 'abc' });
    expect(rsp.meta).toEqual({ tag: 'abc', ttl: { seconds: 15, nanos: 0 } });
  });

  it('sets Operation output without a composite', async () => {
    const fn = defineFunction({
      compose(ctx) {
        ctx.setOutput({ xrKeys: Object.keys(ctx.xr), checked: Object.keys(ctx.observed).length });
      },
    });
    const rsp = await fn(requestFrom({}), { log: console });
    expect(rsp.output).toEqual({ xrKeys: [], checked: 0 });
  });
});
