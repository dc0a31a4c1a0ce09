/**
 * app-config: examples/app-config's API and Composition written in TypeScript. The XRD's schema is
 * the zod schema the app-config function validates the XR with (functions/app-config), so the API
 * and the function cannot disagree; the status schema is declared here because the function sets
 * its status without one (the API server prunes status fields the XRD does not declare).
 */
import { type App, Chart } from 'cdk8s';
import * as z from 'zod';
import { AppConfig, type AppConfigInput } from '../../functions/app-config/index.js';
import { CompositeResourceDefinition, Composition, CompositionFunction } from '../../src/compose/index.js';
import { exampleComposite } from '../example.js';

/** The status the app-config function writes on the XR. */
export const AppConfigStatus = z.object({
  configMapName: z.string().optional().describe('Name of the ConfigMap holding the settings.'),
  settingCount: z.int().optional().describe('How many settings the ConfigMap holds.'),
});

/** appConfig adds the app-config charts to app: xrd, composition, functions and an example xr. */
export function appConfig(app: App): void {
  const xrd = new CompositeResourceDefinition(new Chart(app, 'xrd'), 'appconfigs', {
    group: 'example.kxp.dev',
    names: { kind: 'AppConfig', plural: 'appconfigs' },
    scope: 'Namespaced',
    versions: [{ name: 'v1alpha1', schema: AppConfig, status: AppConfigStatus }],
  });

  const fn = 'kxp-app-config';
  new CompositionFunction(new Chart(app, 'functions'), fn, {
    name: fn,
    package: 'kxp.dev/functions/app-config:v0.1.0',
    module: new URL('../../functions/app-config/index.ts', import.meta.url),
  });

  const input: z.input<typeof AppConfigInput> = { labels: { team: 'platform' } };
  new Composition(new Chart(app, 'composition'), 'composition', {
    xrd,
    pipeline: [
      {
        step: 'compose',
        functionRef: { name: fn },
        input: { apiVersion: 'app.kxp.dev/v1alpha1', kind: 'Input', ...input },
      },
    ],
  });

  exampleComposite(new Chart(app, 'xr'), 'shop', {
    type: xrd.compositeTypeRef,
    schema: AppConfig,
    metadata: { name: 'shop', namespace: 'team-a' },
    spec: { owner: 'team-a', settings: { LOG_LEVEL: 'info', FEATURE_CART: 'true' } },
  });
}
