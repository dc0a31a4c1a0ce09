import { fixture } from '../../../test/fixtures/bridge/load.js';
import { apiResourceSchemaFromCRD } from './publish.js';
import type { APIResourceSchema, SchemaNode } from './types.js';

const xrCRD = () => fixture('postgresqlinstance.xr-crd.yaml');
const claimCRD = () => fixture('postgresqlinstance.claim-crd.yaml');

/** published returns the APIResourceSchema for crd, failing the test on a refusal. */
function published(crd: unknown, kind: 'claim' | 'xr'): APIResourceSchema {
  const r = apiResourceSchemaFromCRD(crd, { kind });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

/** storageSchema returns the openAPIV3Schema of a CRD's first version, to change it in place. */
function storageSchema(crd: Record<string, unknown>): SchemaNode {
  return (crd as { spec: { versions: { schema: { openAPIV3Schema: SchemaNode } }[] } }).spec.versions[0]!
    .schema.openAPIV3Schema;
}

/** reversed returns value with every object's keys in reverse order. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversed(v)]),
  );
}

describe('apiResourceSchemaFromCRD', () => {
  it('publishes the XR of a v2 Namespaced XRD as the golden APIResourceSchema', () => {
    const want = fixture('postgresqlinstance.published-xr.yaml');
    expect(published(xrCRD(), 'xr')).toEqual(want);
  });

  it.each([
    { name: 'XR', crd: xrCRD, kind: 'xr' as const },
    { name: 'claim', crd: claimCRD, kind: 'claim' as const },
  ])('names the $name schema v<hash>.<plural>.<group>', ({ crd, kind }) => {
    expect(published(crd(), kind).metadata.name).toMatch(
      /^v[0-9a-f]{10}\.postgresqlinstances\.db\.kxp\.dev$/,
    );
  });

  it.each([
    { name: 'keys reordered', change: (crd: Record<string, unknown>) => reversed(crd), same: true },
    {
      name: 'only metadata and status of the CRD changed',
      change: (crd: Record<string, unknown>) => ({
        ...crd,
        metadata: { name: 'x', uid: 'u' },
        status: { acceptedNames: {} },
      }),
      same: true,
    },
    {
      name: 'only Crossplane-managed fields changed',
      change: (crd: Record<string, unknown>) => {
        const crossplane = storageSchema(crd).properties!.spec!.properties!.crossplane!;
        crossplane.description = 'changed';
        return crd;
      },
      same: true,
    },
    {
      name: 'a property added',
      change: (crd: Record<string, unknown>) => {
        storageSchema(crd).properties!.spec!.properties!.parameters!.properties!.tier = { type: 'string' };
        return crd;
      },
      same: false,
    },
    {
      name: 'a validation narrowed',
      change: (crd: Record<string, unknown>) => {
        storageSchema(crd).properties!.spec!.properties!.parameters!.properties!.storageGB!.maximum = 100;
        return crd;
      },
      same: false,
    },
  ])('the name is the same exactly when the published spec is: $name', ({ change, same }) => {
    const before = published(xrCRD(), 'xr').metadata.name;
    const after = published(change(xrCRD()), 'xr').metadata.name;
    expect(after === before).toBe(same);
  });

  it.each([
    {
      name: 'XR: spec.crossplane',
      crd: xrCRD,
      kind: 'xr' as const,
      expected: ['parameters'],
    },
    {
      name: 'claim: Crossplane’s claim fields, keeping writeConnectionSecretToRef',
      crd: claimCRD,
      kind: 'claim' as const,
      expected: ['parameters', 'writeConnectionSecretToRef'],
    },
  ])('removes the spec fields Crossplane owns ($name)', ({ crd, kind, expected }) => {
    const spec = published(crd(), kind).spec.versions[0]!.schema.properties!.spec!;
    expect(Object.keys(spec.properties ?? {}).sort()).toEqual(expected);
  });

  it.each([
    { name: 'XR', crd: xrCRD, kind: 'xr' as const, field: 'crossplane' },
    { name: 'claim', crd: claimCRD, kind: 'claim' as const, field: 'compositionRef' },
  ])('drops removed fields from spec.required ($name)', ({ crd, kind, field }) => {
    const input = crd();
    storageSchema(input).properties!.spec!.required = ['parameters', field];
    expect(published(input, kind).spec.versions[0]!.schema.properties!.spec!.required).toEqual([
      'parameters',
    ]);
  });

  it.each([
    { name: 'XR', crd: xrCRD, kind: 'xr' as const },
    { name: 'claim', crd: claimCRD, kind: 'claim' as const },
  ])(
    'keeps status and its subresource as Crossplane generated them, declaring observedGeneration ($name)',
    ({ crd, kind }) => {
      const input = crd();
      const v = published(input, kind).spec.versions[0]!;
      expect(v.subresources).toEqual({ status: {} });
      const { observedGeneration, ...rest } = v.schema.properties!.status!.properties!;
      expect(observedGeneration).toMatchObject({ type: 'integer', format: 'int64' });
      expect({ ...v.schema.properties!.status, properties: rest }).toEqual(
        storageSchema(input).properties!.status,
      );
    },
  );

  it("keeps an XRD's own status.observedGeneration", () => {
    const input = xrCRD();
    const mine = { type: 'integer', description: 'mine' };
    storageSchema(input).properties!.status!.properties!.observedGeneration = mine;
    expect(
      published(input, 'xr').spec.versions[0]!.schema.properties!.status!.properties!.observedGeneration,
    ).toEqual(mine);
  });

  it.each([
    { name: 'XR', crd: xrCRD, kind: 'xr' as const, expected: ['VERSION', 'SYNCED', 'READY', 'AGE'] },
    {
      name: 'claim',
      crd: claimCRD,
      kind: 'claim' as const,
      expected: ['VERSION', 'SYNCED', 'READY', 'CONNECTION-SECRET', 'AGE'],
    },
  ])('keeps the printer columns of published fields, each name once ($name)', ({ crd, kind, expected }) => {
    const input = crd() as { spec: { versions: { additionalPrinterColumns: unknown[] }[] } };
    input.spec.versions[0]!.additionalPrinterColumns.unshift({
      name: 'READY',
      type: 'string',
      jsonPath: '.status.ready',
    });
    const columns = published(input, kind).spec.versions[0]!.additionalPrinterColumns!;
    expect(columns.map((c) => c.name)).toEqual(['READY', ...expected.filter((n) => n !== 'READY')]);
  });

  it('publishes only served versions, with a None conversion kcp requires for several', () => {
    const input = xrCRD() as { spec: { versions: Record<string, unknown>[]; conversion?: unknown } };
    const v1 = input.spec.versions[0]!;
    input.spec.versions.push(
      { ...v1, name: 'v1beta1', storage: false },
      { ...v1, name: 'v1beta2', served: false, storage: false },
    );
    delete input.spec.conversion;
    const spec = published(input, 'xr').spec;
    expect(spec.versions.map((v) => v.name)).toEqual(['v1alpha1', 'v1beta1']);
    expect(spec.conversion).toEqual({ strategy: 'None' });
  });

  it('defaults singular and listKind as the API server does for CRDs', () => {
    const input = xrCRD() as { spec: { names: Record<string, unknown> } };
    delete input.spec.names.singular;
    delete input.spec.names.listKind;
    const { names } = published(input, 'xr').spec;
    expect([names.singular, names.listKind]).toEqual(['postgresqlinstance', 'PostgreSQLInstanceList']);
  });

  it.each([
    {
      name: 'a cluster-scoped v2 XR',
      input: () => ({ ...xrCRD(), spec: { ...(xrCRD().spec as object), scope: 'Cluster' } }),
      kind: 'xr' as const,
      reason: 'ClusterScopedCompositeResource',
      message: /cluster-scoped XR, which may compose resources in any namespace.*scope Namespaced/,
    },
    {
      name: 'a LegacyCluster XR',
      input: () => {
        const crd = xrCRD() as { spec: { scope: string } };
        crd.spec.scope = 'Cluster';
        storageSchema(crd).properties!.spec!.properties!.claimRef = { type: 'object' };
        return crd;
      },
      kind: 'xr' as const,
      reason: 'ClusterScopedCompositeResource',
      message: /LegacyCluster XR; publish its claim instead/,
    },
    {
      name: 'a claim CRD as an XR',
      input: claimCRD,
      kind: 'xr' as const,
      reason: 'NotGeneratedByCrossplane',
      message: /composite/,
    },
    {
      name: 'an XR CRD as a claim',
      input: xrCRD,
      kind: 'claim' as const,
      reason: 'NotGeneratedByCrossplane',
      message: /claim/,
    },
    {
      name: 'a version name kcp does not take',
      input: () => {
        const crd = xrCRD() as { spec: { versions: { name: string }[] } };
        crd.spec.versions[0]!.name = 'alpha';
        return crd;
      },
      kind: 'xr' as const,
      reason: 'UnsupportedVersionName',
      message: /not alpha/,
    },
    {
      name: 'an unserved storage version',
      input: () => {
        const crd = xrCRD() as { spec: { versions: { served: boolean }[] } };
        crd.spec.versions[0]!.served = false;
        return crd;
      },
      kind: 'xr' as const,
      reason: 'StorageVersionNotServed',
      message: /not served/,
    },
    {
      name: 'a conversion webhook that is a service',
      input: () => {
        const crd = xrCRD() as { spec: { conversion: unknown } };
        crd.spec.conversion = {
          strategy: 'Webhook',
          webhook: {
            clientConfig: { service: { name: 's', namespace: 'n' } },
            conversionReviewVersions: ['v1'],
          },
        };
        return crd;
      },
      kind: 'xr' as const,
      reason: 'UnsupportedConversion',
      message: /in-cluster service/,
    },
    {
      name: 'no CRD at all',
      input: () => ({ kind: 'ConfigMap' }),
      kind: 'xr' as const,
      reason: 'InvalidCRD',
      message: /^cannot read CustomResourceDefinition: metadata/,
    },
  ])('refuses $name', ({ input, kind, reason, message }) => {
    const r = apiResourceSchemaFromCRD(input(), { kind });
    expect(r).toMatchObject({ ok: false, reason });
    expect(r.ok ? '' : r.message).toMatch(message);
    expect(r.ok ? '' : r.message).toMatch(/^cannot (publish|read) /);
  });
});
