/**
 * The AppConfig API the bridge e2e files sync: a namespaced XR published Crossplane-first (its XRD
 * labelled for an export), with an owner and string settings, composed by functions/app-config.
 */
import { exportLabel } from '../../src/bridge/refs.js';
import type { KubeObject } from '../../src/kube/rest.js';

/** appConfigXrd returns the AppConfig XRD of group, labelled to be published into the export named exportName. */
export function appConfigXrd(group: string, exportName: string): KubeObject {
  return {
    apiVersion: 'apiextensions.crossplane.io/v2',
    kind: 'CompositeResourceDefinition',
    metadata: { name: `appconfigs.${group}`, labels: { [exportLabel]: exportName } },
    spec: {
      scope: 'Namespaced',
      group,
      names: { kind: 'AppConfig', plural: 'appconfigs' },
      versions: [
        {
          name: 'v1alpha1',
          served: true,
          referenceable: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  required: ['owner'],
                  properties: {
                    owner: { type: 'string' },
                    settings: { type: 'object', additionalProperties: { type: 'string' } },
                  },
                },
                status: {
                  type: 'object',
                  properties: { configMapName: { type: 'string' }, settingCount: { type: 'integer' } },
                },
              },
            },
          },
        },
      ],
    },
  };
}
