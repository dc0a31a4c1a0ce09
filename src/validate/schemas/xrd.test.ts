import { fixture } from '../../../test/fixtures/bridge/load.js';
import { canonicalJSON } from '../../bridge/schema/canonical.js';
import { crdsForXRD } from './xrd.js';

/** schemaOf returns the openAPIV3Schema of a CRD's only version. */
function schemaOf(crd: Record<string, unknown>): unknown {
  const versions = (crd.spec as { versions: { schema: { openAPIV3Schema: unknown } }[] }).versions;
  return versions[0]?.schema.openAPIV3Schema;
}

describe('crdsForXRD', () => {
  it.each([
    [
      'the claim CRD of a legacy XRD',
      'postgresqlinstance.xrd-legacy.yaml',
      1,
      'postgresqlinstance.claim-crd.yaml',
    ],
    [
      'the XR CRD of a v2 Namespaced XRD',
      'postgresqlinstance.xrd-v2.yaml',
      0,
      'postgresqlinstance.xr-crd.yaml',
    ],
  ])('derives %s as Crossplane v2.4 generated it', (_name, xrd, index, crd) => {
    const derived = crdsForXRD(fixture(xrd))[index];
    const generated = fixture(crd) as { spec: Record<string, unknown> };
    if (!derived) throw new Error(`no CRD ${index} derived from ${xrd}`);
    expect(canonicalJSON(schemaOf(derived))).toBe(canonicalJSON(schemaOf(generated)));
    expect(derived.spec.scope).toBe(generated.spec.scope);
    expect((derived.spec.names as { categories: string[] }).categories).toEqual(
      (generated.spec.names as { categories: string[] }).categories,
    );
  });

  it.each([
    [
      'v1 without scope: LegacyCluster, an XR and a claim',
      'apiextensions.crossplane.io/v1',
      undefined,
      ['Cluster', 'Namespaced'],
    ],
    ['v2 without scope: Namespaced', 'apiextensions.crossplane.io/v2', undefined, ['Namespaced']],
    ['v2 Cluster', 'apiextensions.crossplane.io/v2', 'Cluster', ['Cluster']],
  ])('%s', (_name, apiVersion, scope, scopes) => {
    const xrd = {
      apiVersion,
      kind: 'CompositeResourceDefinition',
      metadata: { name: 'xthings.example.org' },
      spec: {
        group: 'example.org',
        ...(scope ? { scope } : {}),
        names: { kind: 'XThing', plural: 'xthings' },
        ...(apiVersion.endsWith('v1') ? { claimNames: { kind: 'Thing', plural: 'things' } } : {}),
        versions: [
          { name: 'v1', served: true, referenceable: true, schema: { openAPIV3Schema: { type: 'object' } } },
        ],
      },
    };
    expect(crdsForXRD(xrd).map((c) => c.spec.scope)).toEqual(scopes);
  });

  it('keeps what Crossplane keeps of a schema and caps metadata.name at 63', () => {
    const [xr] = crdsForXRD({
      apiVersion: 'apiextensions.crossplane.io/v2',
      metadata: { name: 'xthings.example.org' },
      spec: {
        group: 'example.org',
        names: { kind: 'Thing', plural: 'things' },
        versions: [
          {
            name: 'v1',
            served: true,
            referenceable: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                required: ['spec', 'other'],
                'x-kubernetes-validations': [{ rule: 'true' }],
                properties: {
                  metadata: {
                    type: 'object',
                    properties: { name: { type: 'string', maxLength: 30, pattern: '^a' } },
                  },
                  spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, minProperties: 1 },
                  status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                  other: { type: 'string' },
                },
              },
            },
          },
        ],
      },
    });
    const s = schemaOf(xr as Record<string, unknown>) as Record<
      string,
      Record<string, Record<string, unknown>>
    >;
    expect(s.required).toEqual(['spec']);
    expect(s['x-kubernetes-validations']).toEqual([{ rule: 'true' }]);
    expect(s.properties?.metadata).toEqual({
      type: 'object',
      properties: { name: { type: 'string', maxLength: 30 } },
    });
    expect(s.properties?.spec?.['x-kubernetes-preserve-unknown-fields']).toBe(true);
    expect(s.properties?.spec?.minProperties).toBeUndefined();
    expect(s.properties?.status?.['x-kubernetes-preserve-unknown-fields']).toBeUndefined();
    expect(s.properties?.other).toBeUndefined();
  });

  it('refuses an XRD it cannot read', () => {
    expect(() => crdsForXRD({ metadata: { name: 'x' }, spec: {} })).toThrow(/^cannot derive CRDs from XRD x/);
  });
});
