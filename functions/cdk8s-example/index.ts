/**
 * cdk8s-example: composes a web application from cdk8s-plus-28 constructs: a ConfigMap of its
 * environment, a Deployment running its image with that environment, and a Service exposing it.
 * It implements the legacy (v1, claim-based) WebApp API in compositions/web-app: the XR is
 * cluster-scoped, so the resources go to the claim's namespace. The zod schemas below are the
 * API's one source of truth: the XRD's schema is generated from them.
 * Serve it with `kxp function serve functions/cdk8s-example/index.ts`.
 */
import * as kplus from 'cdk8s-plus-28';
import * as z from 'zod';
import { composeChart } from '../../src/compose/cdk8s.js';
import { defineFunction } from '../../src/function/sdk/index.js';

/** The step's input in the Composition. */
export const WebAppInput = z.looseObject({
  labels: z.record(z.string(), z.string()).default({}).describe('Labels added to everything composed.'),
});

/** The XWebApp spec: what a team asks for in its WebApp claim. */
export const WebAppSpec = z.object({
  image: z.string().min(1).describe('Container image to run, e.g. ghcr.io/example/shop:1.4.2.'),
  replicas: z.int().min(0).max(20).default(1).describe('How many pods run the image.'),
  port: z
    .int()
    .min(1)
    .max(65535)
    .default(8080)
    .describe('Port the container listens on, exposed by the Service.'),
  env: z
    .record(z.string(), z.string())
    .default({})
    .describe('Environment variables, kept in a ConfigMap the container reads.'),
  serviceType: z.enum(['ClusterIP', 'NodePort']).default('ClusterIP').describe('How the Service is exposed.'),
});

/** The XWebApp status the function writes. */
export const WebAppStatus = z.object({
  address: z.string().optional().describe('In-cluster URL of the Service.'),
  deployment: z.string().optional().describe('Name of the Deployment running the image.'),
});

/** The XWebApp XR (apiVersion platform.kxp.dev/v1alpha1), as far as the function reads it. */
export const XWebApp = z
  .looseObject({
    metadata: z.looseObject({
      name: z.string(),
      labels: z.record(z.string(), z.string()).optional(),
    }),
    spec: WebAppSpec,
    status: WebAppStatus.optional(),
  })
  .describe('A web application: an image run by a Deployment behind a Service.');

/** The label Crossplane puts on an XR created for a claim, naming the claim's namespace. */
const claimNamespaceLabel = 'crossplane.io/claim-namespace';

export default defineFunction({
  input: WebAppInput,
  composite: XWebApp,
  autoReady: true,
  compose(ctx) {
    const { metadata, spec } = ctx.composite;
    const namespace = metadata.labels?.[claimNamespaceLabel] ?? 'default';
    const labels = { ...ctx.input.labels, 'app.kxp.dev/name': metadata.name };
    let address = '';
    let deploymentName = '';
    composeChart(
      ctx,
      (chart) => {
        const config = new kplus.ConfigMap(chart, 'config', { data: spec.env });
        const deployment = new kplus.Deployment(chart, 'web', {
          replicas: spec.replicas,
          containers: [
            { image: spec.image, portNumber: spec.port, envFrom: [kplus.Env.fromConfigMap(config)] },
          ],
        });
        const service = deployment.exposeViaService({
          serviceType: kplus.ServiceType[spec.serviceType === 'NodePort' ? 'NODE_PORT' : 'CLUSTER_IP'],
        });
        address = `http://${service.name}.${namespace}.svc:${spec.port}`;
        deploymentName = deployment.name;
      },
      { namespace, labels },
    );
    ctx.setStatus({ address, deployment: deploymentName } satisfies z.input<typeof WebAppStatus>);
    ctx.setConnectionDetails({ address });
    ctx.result.normal(`composed ${spec.image} with ${spec.replicas} replicas`).withReason('Composed');
  },
});
