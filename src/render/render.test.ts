import { parseAllDocuments } from 'yaml';
import appConfig from '../../functions/app-config/index.js';
import { defineFunction } from '../function/sdk/define.js';
import { getField } from '../function/sdk/fieldpath.js';
import type { JsonObject } from '../function/wire/types.js';
import { renderDocuments, renderYaml } from './output.js';
import { RenderError, type RenderInputs, render } from './render.js';
import { inProcessRunner } from './runner.js';

// What `crossplane render` (CLI v2.5.0, core v2.4.0) prints for examples/app-config, the function
// served with `kxp function serve --insecure`: test/e2e/render.test.ts checks it live.
const crossplaneRender = `
---
apiVersion: example.kxp.dev/v1alpha1
kind: AppConfig
metadata:
  name: shop
  namespace: team-a
spec:
  crossplane:
    resourceRefs:
    - apiVersion: v1
      kind: ConfigMap
      name: shop-settings
    - apiVersion: v1
      kind: ServiceAccount
      name: shop
status:
  conditions:
  - lastTransitionTime: "2024-01-01T00:00:00Z"
    reason: WatchCircuitClosed
    status: "True"
    type: Responsive
  - lastTransitionTime: "2024-01-01T00:00:00Z"
    message: 2 settings
    reason: Composed
    status: "True"
    type: SettingsComposed
  - lastTransitionTime: "2024-01-01T00:00:00Z"
    reason: ReconcileSuccess
    status: "True"
    type: Synced
  - lastTransitionTime: "2024-01-01T00:00:00Z"
    message: 'Unready resources: identity, settings'
    reason: Creating
    status: "False"
    type: Ready
  configMapName: shop-settings
  settingCount: 2
---
apiVersion: v1
kind: ServiceAccount
metadata:
  annotations:
    crossplane.io/composition-resource-name: identity
  labels:
    app.kxp.dev/name: shop
    crossplane.io/composite: shop
    team: platform
  name: shop
  namespace: team-a
  ownerReferences:
  - apiVersion: example.kxp.dev/v1alpha1
    blockOwnerDeletion: true
    controller: true
    kind: AppConfig
    name: shop
    uid: d7571200-2771-5728-90e3-fb2d377295c7
---
apiVersion: v1
data:
  FEATURE_CART: "true"
  LOG_LEVEL: info
  owner: team-a
kind: ConfigMap
metadata:
  annotations:
    crossplane.io/composition-resource-name: settings
  labels:
    app.kxp.dev/name: shop
    crossplane.io/composite: shop
    team: platform
  name: shop-settings
  namespace: team-a
  ownerReferences:
  - apiVersion: example.kxp.dev/v1alpha1
    blockOwnerDeletion: true
    controller: true
    kind: AppConfig
    name: shop
    uid: d7571200-2771-5728-90e3-fb2d377295c7
`;

const docs = (yaml: string) => parseAllDocuments(yaml).map((d) => d.toJS() as JsonObject);
const [goldenXr, ...goldenComposed] = docs(crossplaneRender);

const xr: JsonObject = {
  apiVersion: 'example.kxp.dev/v1alpha1',
  kind: 'AppConfig',
  metadata: { name: 'shop', namespace: 'team-a' },
  spec: { owner: 'team-a', settings: { LOG_LEVEL: 'info', FEATURE_CART: 'true' } },
};

/** composition returns a pipeline Composition for AppConfig running the given functions in order. */
function composition(...steps: [string, string, JsonObject?][]): JsonObject {
  return {
    apiVersion: 'apiextensions.crossplane.io/v1',
    kind: 'Composition',
    metadata: { name: 'appconfigs.example.kxp.dev' },
    spec: {
      compositeTypeRef: { apiVersion: 'example.kxp.dev/v1alpha1', kind: 'AppConfig' },
      mode: 'Pipeline',
      pipeline: steps.map(([step, fn, input]) => ({
        step,
        functionRef: { name: fn },
        ...(input ? { input } : {}),
      })),
    },
  };
}

const appConfigInput = { apiVersion: 'app.kxp.dev/v1alpha1', kind: 'Input', labels: { team: 'platform' } };
const inputs = (extra: Partial<RenderInputs> = {}): RenderInputs => ({
  xr,
  composition: composition(['compose', 'kxp-app-config', appConfigInput]),
  run: inProcessRunner({ 'kxp-app-config': appConfig }),
  ...extra,
});

describe('render', () => {
  it('prints what crossplane render prints for examples/app-config', async () => {
    const out = await render(inputs());
    expect(renderDocuments(out)).toEqual([goldenXr, ...goldenComposed]);
    expect(renderYaml(out)).toContain('---\napiVersion: example.kxp.dev/v1alpha1\nkind: AppConfig\n');
  });

  it('keeps observed resources and counts them ready when the function says so', async () => {
    const out = await render(inputs({ observed: goldenComposed }));
    expect(out.composed).toEqual(goldenComposed);
    const ready = (out.xr.status as { conditions: JsonObject[] }).conditions.find((c) => c.type === 'Ready');
    expect(ready).toEqual({
      type: 'Ready',
      status: 'True',
      reason: 'Available',
      lastTransitionTime: '2024-01-01T00:00:00Z',
    });
  });

  it('fails with the FATAL result of the step that returned it', async () => {
    const bad = { ...xr, spec: { owner: '' } };
    await expect(render(inputs({ xr: bad }))).rejects.toMatchObject({
      name: 'RenderError',
      message:
        'cannot compose resources: pipeline step "compose" returned a fatal result: cannot validate composite resource: spec.owner: Too small: expected string to have >=1 characters',
    });
    await expect(render(inputs({ xr: bad }))).rejects.toBeInstanceOf(RenderError);
  });

  it('passes desired state and context from step to step, and requires resources until they stop changing', async () => {
    const calls: string[] = [];
    const first = defineFunction({
      compose(ctx) {
        calls.push('first');
        ctx.compose('a', {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'a', namespace: 'elsewhere' },
        });
        ctx.setContext('greeting', 'hello');
        ctx.result.warning('careful').withReason('Careful');
      },
    });
    const second = defineFunction({
      compose(ctx) {
        calls.push('second');
        const cfg = ctx.required('cfg', {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          matchName: 'cfg',
          namespace: 'team-a',
        });
        if (cfg === undefined) return;
        ctx.compose('b', { apiVersion: 'v1', kind: 'Secret', data: {} }, { ready: true });
        ctx.setStatus({
          greeting: ctx.context.greeting,
          seen: Object.keys(ctx.desired).sort(),
          found: cfg.length,
        });
        ctx.setCondition('Checked', 'True', 'Found').targetCompositeAndClaim();
        ctx.setContext('done', true);
      },
    });
    const cfg = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'team-a' } };
    const out = await render({
      xr,
      composition: composition(['one', 'first'], ['two', 'second']),
      run: inProcessRunner({ first, second }),
      required: [cfg],
    });
    expect(calls).toEqual(['first', 'second', 'second']);
    expect(out.xr.status).toMatchObject({ greeting: 'hello', seen: ['a', 'b'], found: 1 });
    expect(out.context).toEqual({ greeting: 'hello', done: true });
    const [a, b] = out.composed;
    expect(a?.metadata).toMatchObject({ name: 'a', namespace: 'team-a' });
    expect(b?.metadata).toMatchObject({ name: 'shop-b06124b389b2', namespace: 'team-a' });
    expect(out.events).toEqual([
      {
        type: 'Normal',
        reason: 'SelectComposition',
        message: 'Successfully selected composition: appconfigs.example.kxp.dev',
      },
      { type: 'Warning', reason: 'Careful', message: 'Pipeline step "one": careful' },
      {
        type: 'Warning',
        reason: 'NamespaceOverridden',
        message:
          'cannot create composed resource "a" in namespace "elsewhere", using XR namespace "team-a" instead',
      },
      { type: 'Normal', reason: 'ComposeResources', message: 'Composed resource "a" is not yet ready' },
    ]);
    const types = (out.xr.status as { conditions: { type: string; message?: string }[] }).conditions;
    expect(types.map((c) => c.type)).toEqual(['Responsive', 'Checked', 'Synced', 'Ready']);
    expect(types[3]?.message).toBe('Unready resources: a');
  });

  it('renders a legacy XR with its XRD: defaults applied, refs under spec with namespaces, claim labels passed on', async () => {
    const legacyXrd: JsonObject = {
      apiVersion: 'apiextensions.crossplane.io/v1',
      kind: 'CompositeResourceDefinition',
      metadata: { name: 'xapps.example.kxp.dev' },
      spec: {
        group: 'example.kxp.dev',
        names: { kind: 'XApp', plural: 'xapps' },
        claimNames: { kind: 'App', plural: 'apps' },
        versions: [
          {
            name: 'v1',
            served: true,
            referenceable: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: { type: 'object', properties: { size: { type: 'string', default: 'small' } } },
                },
              },
            },
          },
        ],
      },
    };
    const fn = defineFunction({
      compose(ctx) {
        ctx.compose('cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'team-a' } });
        ctx.setStatus({ size: (ctx.composite.spec as JsonObject).size });
        ctx.setCondition('Sized', 'True', 'Sized').targetCompositeAndClaim();
      },
    });
    const claimLabels = { 'crossplane.io/claim-name': 'app', 'crossplane.io/claim-namespace': 'team-a' };
    const comp = composition(['compose', 'fn']);
    (comp.spec as JsonObject).compositeTypeRef = { apiVersion: 'example.kxp.dev/v1', kind: 'XApp' };
    const out = await render({
      xr: {
        apiVersion: 'example.kxp.dev/v1',
        kind: 'XApp',
        metadata: { name: 'app-x', labels: claimLabels },
        spec: {},
      },
      composition: comp,
      xrd: legacyXrd,
      run: inProcessRunner({ fn }),
    });
    expect(out.xr.spec).toEqual({
      resourceRefs: [
        { apiVersion: 'v1', kind: 'ConfigMap', name: 'app-x-38b44baf24ef', namespace: 'team-a' },
      ],
    });
    expect(out.xr.status).toMatchObject({ size: 'small', claimConditionTypes: ['Sized'] });
    expect(getField(out.composed[0] ?? {}, 'metadata.labels')).toEqual({
      'crossplane.io/composite': 'app-x',
      ...claimLabels,
    });
  });

  it("gives functions observed resources' connection details, and drops what no step desires any more", async () => {
    const fn = defineFunction({
      compose(ctx) {
        ctx.setStatus({ password: ctx.connectionDetails('db').password?.toString() });
      },
    });
    const db = {
      apiVersion: 'sql.kxp.dev/v1',
      kind: 'Database',
      metadata: {
        name: 'db',
        namespace: 'team-a',
        annotations: { 'crossplane.io/composition-resource-name': 'db' },
      },
      spec: { writeConnectionSecretToRef: { name: 'db-conn' } },
    };
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db-conn', namespace: 'team-a' },
      data: { password: Buffer.from('s3cret').toString('base64') },
    };
    const out = await render({
      xr,
      composition: composition(['compose', 'fn']),
      run: inProcessRunner({ fn }),
      observed: [db],
      required: [secret],
    });
    expect(out.xr.status).toMatchObject({ password: 's3cret' });
    expect(out.composed).toEqual([]);
    expect(out.xr.spec).toEqual({ crossplane: { resourceRefs: [] } });
  });

  it('renders a paused XR without running its pipeline', async () => {
    const paused = {
      ...xr,
      metadata: { name: 'shop', namespace: 'team-a', annotations: { 'crossplane.io/paused': 'true' } },
    };
    const out = await render(inputs({ xr: paused, run: () => Promise.reject(new Error('must not run')) }));
    expect(out.composed).toEqual([]);
    const synced = (out.xr.status as { conditions: JsonObject[] }).conditions.find(
      (c) => c.type === 'Synced',
    );
    expect(synced).toMatchObject({ status: 'False', reason: 'ReconcilePaused' });
  });

  const refusals: { name: string; extra: Partial<RenderInputs>; message: string }[] = [
    {
      name: 'a Composition for another kind',
      extra: { xr: { ...xr, kind: 'Other' } },
      message: "composition's compositeTypeRef.kind (AppConfig) does not match XR's kind (Other)",
    },
    {
      name: 'a function it has no module for',
      extra: { run: inProcessRunner({}) },
      message:
        'cannot compose resources: cannot run Composition pipeline step "compose": no function named "kxp-app-config" (known: none)',
    },
    {
      name: 'an observed resource of another XR',
      extra: {
        observed: [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: {
              name: 'x',
              namespace: 'team-a',
              ownerReferences: [{ controller: true, uid: 'other' }],
            },
          },
        ],
      },
      message:
        'invalid observed resources: observed resource x has a controller ref but is not controlled by the XR',
    },
  ];

  it.each(refusals)('refuses $name', async ({ extra, message }) => {
    await expect(render(inputs(extra))).rejects.toMatchObject({ name: 'RenderError', message });
  });
});
