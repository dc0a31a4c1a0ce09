import type { JsonObject } from '../function/wire/types.js';
import { applyXrdDefaults } from './defaults.js';

const xrd = (scope: object, extra: object = {}): JsonObject => ({
  apiVersion: 'apiextensions.crossplane.io/v2',
  spec: {
    group: 'x.kxp.dev',
    ...scope,
    ...extra,
    versions: [
      {
        name: 'v1',
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: {
                  size: { type: 'string', default: 'small' },
                  tags: { type: 'object', default: {} },
                  owner: { type: 'string', nullable: true, default: 'nobody' },
                  ports: {
                    type: 'array',
                    items: { type: 'object', properties: { protocol: { type: 'string', default: 'TCP' } } },
                  },
                },
              },
            },
          },
        },
      },
    ],
  },
});

describe('applyXrdDefaults', () => {
  it('sets missing fields to their defaults, inside arrays too, and keeps what is set (or null when nullable)', () => {
    const xr: JsonObject = {
      apiVersion: 'x.kxp.dev/v1',
      spec: { size: 'large', owner: null, ports: [{}, { protocol: 'UDP' }] },
    };
    applyXrdDefaults(xr, xrd({ scope: 'Namespaced' }), 'modern');
    expect(xr.spec).toEqual({
      size: 'large',
      tags: {},
      owner: null,
      ports: [{ protocol: 'TCP' }, { protocol: 'UDP' }],
    });
  });

  it("defaults compositionUpdatePolicy where Crossplane's CRD declares it", () => {
    const modern: JsonObject = { apiVersion: 'x.kxp.dev/v1', spec: { crossplane: {} } };
    applyXrdDefaults(modern, xrd({}, { defaultCompositionUpdatePolicy: 'Manual' }), 'modern');
    expect(modern.spec).toMatchObject({ crossplane: { compositionUpdatePolicy: 'Manual' } });
    const legacy: JsonObject = { apiVersion: 'x.kxp.dev/v1', spec: {} };
    applyXrdDefaults(legacy, xrd({}, { defaultCompositionUpdatePolicy: 'Manual' }), 'legacy');
    expect(legacy.spec).toMatchObject({ compositionUpdatePolicy: 'Manual' });
  });

  it('refuses an XR of a version the XRD does not have', () => {
    expect(() => applyXrdDefaults({ apiVersion: 'x.kxp.dev/v9' }, xrd({}), 'modern')).toThrow(
      "the specified API version 'x.kxp.dev/v9' does not exist in the XRD",
    );
  });
});
