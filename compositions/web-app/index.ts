/**
 * web-app: a WebApp claim (namespaced) for a cluster-scoped XWebApp, defined the legacy way
 * (apiextensions.crossplane.io/v1 with claimNames, which Crossplane v2 keeps for claims) and
 * composed by the cdk8s-example function from cdk8s-plus constructs. The XRD's schema is that
 * function's zod schema; the XR publishes the Service's address as its connection detail.
 */
import { type App, Chart } from 'cdk8s';
import type * as z from 'zod';
import { type WebAppInput, XWebApp } from '../../functions/cdk8s-example/index.js';
import {
  Composition,
  CompositionFunction,
  LegacyCompositeResourceDefinition,
} from '../../src/compose/index.js';
import { exampleComposite } from '../example.js';

/** webApp adds the web-app charts to app: xrd, composition, functions and an example xr. */
export function webApp(app: App): void {
  const xrd = new LegacyCompositeResourceDefinition(new Chart(app, 'xrd'), 'xwebapps', {
    group: 'platform.kxp.dev',
    names: { kind: 'XWebApp', plural: 'xwebapps' },
    claimNames: { kind: 'WebApp', plural: 'webapps' },
    connectionSecretKeys: ['address'],
    versions: [
      {
        name: 'v1alpha1',
        schema: XWebApp,
        additionalPrinterColumns: [{ name: 'Image', type: 'string', jsonPath: '.spec.image' }],
      },
    ],
  });

  const fn = 'kxp-cdk8s-example';
  new CompositionFunction(new Chart(app, 'functions'), fn, {
    name: fn,
    package: 'kxp.dev/functions/cdk8s-example:v0.1.0',
    module: new URL('../../functions/cdk8s-example/index.ts', import.meta.url),
  });

  const input: z.input<typeof WebAppInput> = { labels: { team: 'platform' } };
  new Composition(new Chart(app, 'composition'), 'composition', {
    xrd,
    writeConnectionSecretsToNamespace: 'crossplane-system',
    pipeline: [
      {
        step: 'compose',
        functionRef: { name: fn },
        input: { apiVersion: 'web.kxp.dev/v1alpha1', kind: 'Input', ...input },
      },
    ],
  });

  // The XR Crossplane creates for team-a's WebApp claim `shop`, as `kxp render` and
  // `crossplane render --xrd` take it.
  exampleComposite(new Chart(app, 'xr'), 'shop', {
    type: xrd.compositeTypeRef,
    schema: XWebApp,
    metadata: {
      name: 'shop-x7k2p',
      labels: { 'crossplane.io/claim-name': 'shop', 'crossplane.io/claim-namespace': 'team-a' },
    },
    spec: { image: 'ghcr.io/example/shop:1.4.2', replicas: 2, env: { LOG_LEVEL: 'info' } },
  });
}
