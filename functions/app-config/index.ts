/**
 * app-config: composes an application's settings into a ConfigMap and gives it a ServiceAccount.
 * A small, complete kxp function: typed input and XR (zod), composed resources, XR status, a
 * condition, a result, and auto-readiness. Serve it with `kxp function serve functions/app-config/index.ts`.
 */
import * as z from 'zod';
import { defineFunction } from '../../src/function/sdk/index.js';

/** The step's input in the Composition. */
export const AppConfigInput = z.looseObject({
  /** Labels added to everything the function composes. */
  labels: z.record(z.string(), z.string()).default({}),
});

/** The AppConfig XR (apiVersion example.kxp.dev/v1alpha1), as far as the function reads it. */
export const AppConfig = z.looseObject({
  metadata: z.looseObject({ name: z.string() }),
  spec: z.object({
    /** Who runs the application; recorded in the ConfigMap. */
    owner: z.string().min(1),
    /** Settings written into the ConfigMap, one key each. */
    settings: z.record(z.string(), z.string()).default({}),
  }),
});

export default defineFunction({
  input: AppConfigInput,
  composite: AppConfig,
  autoReady: true,
  compose(ctx) {
    const name = ctx.composite.metadata.name;
    const labels = { ...ctx.input.labels, 'app.kxp.dev/name': name };
    const settings = ctx.composite.spec.settings;
    ctx.compose('settings', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${name}-settings`, labels },
      data: { ...settings, owner: ctx.composite.spec.owner },
    });
    ctx.compose('identity', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name, labels },
    });
    ctx.setStatus({ configMapName: `${name}-settings`, settingCount: Object.keys(settings).length });
    ctx
      .setCondition('SettingsComposed', 'True', 'Composed')
      .withMessage(`${Object.keys(settings).length} settings`);
    ctx.result
      .normal(`composed ${Object.keys(settings).length} settings for ${ctx.composite.spec.owner}`)
      .withReason('Composed');
  },
});
