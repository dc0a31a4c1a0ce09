import { ApiObject, type Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import webApp from '../../functions/cdk8s-example/index.js';
import { defineFunction } from '../function/sdk/define.js';
import { runFunction } from '../function/sdk/testing.js';
import { Ready } from '../function/wire/types.js';
import { chartResources, composeChart } from './cdk8s.js';

/** web builds what a small web app needs: settings, a Deployment running an image, a Service. */
function web(chart: Chart): void {
  const settings = new kplus.ConfigMap(chart, 'settings', { data: { LOG_LEVEL: 'info' } });
  const deployment = new kplus.Deployment(chart, 'web', {
    replicas: 2,
    containers: [{ image: 'nginx:1.27', portNumber: 8080, envFrom: [kplus.Env.fromConfigMap(settings)] }],
  });
  deployment.exposeViaService();
}

describe('chartResources', () => {
  it('names objects by construct path, the same on every call, and names them <id>-<path>', () => {
    const first = chartResources(web, { id: 'shop' });
    const second = chartResources(web, { id: 'shop' });
    expect(Object.keys(first)).toEqual(['settings', 'web', 'web/Service']);
    expect(second).toEqual(first);
    expect(Object.values(first).map((o) => (o.metadata as { name: string }).name)).toEqual([
      'shop-settings',
      'shop-web',
      'shop-web-service',
    ]);
  });

  it('synthesises cdk8s-plus objects completely: a Deployment with its container, selected by its Service', () => {
    const { web: deployment, 'web/Service': service } = chartResources(web, {
      id: 'shop',
      namespace: 'team-a',
      labels: { team: 'platform' },
    });
    expect(deployment).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'shop-web', namespace: 'team-a', labels: { team: 'platform' } },
      spec: {
        replicas: 2,
        template: {
          spec: {
            containers: [
              {
                name: 'main',
                image: 'nginx:1.27',
                ports: [{ containerPort: 8080 }],
                envFrom: [{ configMapRef: { name: 'shop-settings' } }],
              },
            ],
          },
        },
      },
    });
    const selector = (deployment?.spec as { selector: { matchLabels: Record<string, string> } } | undefined)
      ?.selector;
    expect(service).toMatchObject({
      kind: 'Service',
      metadata: { name: 'shop-web-service', namespace: 'team-a' },
      spec: { selector: selector?.matchLabels, ports: [{ port: 8080, targetPort: 8080 }] },
    });
  });

  it('prefixes names, leaves names to Crossplane when asked, and keeps plain ApiObjects', () => {
    const out = chartResources(
      (chart) => {
        new ApiObject(chart, 'bucket', {
          apiVersion: 's3.aws.m.upbound.io/v1beta1',
          kind: 'Bucket',
          spec: {},
        });
      },
      { id: 'shop', prefix: 'storage/', generateNames: true },
    );
    expect(out).toEqual({
      'storage/bucket': { apiVersion: 's3.aws.m.upbound.io/v1beta1', kind: 'Bucket', metadata: {}, spec: {} },
    });
  });

  it("throws cdk8s-plus's validation errors", () => {
    expect(() =>
      chartResources(
        (chart) => {
          new kplus.Deployment(chart, 'web');
        },
        { id: 'shop' },
      ),
    ).toThrow(/cannot compose chart shop: .*web.*container/i);
  });
});

describe('composeChart', () => {
  it('composes each object under its name from a function, named after the XR', async () => {
    const fn = defineFunction({
      compose(ctx) {
        composeChart(ctx, web);
      },
    });
    const xr = {
      apiVersion: 'example.kxp.dev/v1',
      kind: 'App',
      metadata: { name: 'shop', namespace: 'team-a' },
    };
    const rsp = await runFunction(fn, { xr });
    const desired = rsp.desired?.resources ?? {};
    expect(Object.keys(desired)).toEqual(['settings', 'web', 'web/Service']);
    expect(desired.web?.resource?.metadata).toMatchObject({ name: 'shop-web' });
    const again = await runFunction(fn, { xr });
    expect(again.desired).toEqual(rsp.desired);
  });

  it('builds the cdk8s-example function: a ConfigMap, a Deployment and a Service in the claim namespace', async () => {
    const rsp = await runFunction(webApp, {
      xr: {
        apiVersion: 'platform.kxp.dev/v1alpha1',
        kind: 'XWebApp',
        metadata: { name: 'shop-x1', labels: { 'crossplane.io/claim-namespace': 'team-a' } },
        spec: { image: 'ghcr.io/example/shop:1', env: { A: 'b' } },
      },
      input: { apiVersion: 'web.kxp.dev/v1alpha1', kind: 'Input', labels: { team: 'platform' } },
      observed: {
        config: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shop-x1-config' } },
      },
    });
    expect(rsp.results).toEqual([
      expect.objectContaining({ message: 'composed ghcr.io/example/shop:1 with 1 replicas' }),
    ]);
    const desired = rsp.desired?.resources ?? {};
    expect(Object.keys(desired)).toEqual(['config', 'web', 'web/Service']);
    expect(desired.config?.ready).toBe(Ready.TRUE);
    expect(desired.web?.ready).toBe(Ready.UNSPECIFIED);
    expect(desired['web/Service']?.resource).toMatchObject({
      metadata: { namespace: 'team-a', labels: { team: 'platform', 'app.kxp.dev/name': 'shop-x1' } },
      spec: { type: 'ClusterIP', ports: [{ port: 8080 }] },
    });
    expect(rsp.desired?.composite?.resource?.status).toEqual({
      address: 'http://shop-x1-web-service.team-a.svc:8080',
      deployment: 'shop-x1-web',
    });
    expect(rsp.desired?.composite?.connectionDetails.address?.toString()).toBe(
      'http://shop-x1-web-service.team-a.svc:8080',
    );
  });
});
