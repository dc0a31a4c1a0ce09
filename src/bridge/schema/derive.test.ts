import { fixture } from '../../../test/fixtures/bridge/load.js';
import { compositionLabelsAnnotation, sourceSchemaAnnotation } from './annotations.js';
import { type DeriveOptions, legacyXRNames, xrdFromAPIResourceSchema } from './derive.js';
import type { CompositeResourceDefinition, SchemaNode } from './types.js';

const ars = () => fixture('postgresqlinstance.apiresourceschema.yaml');
type ARS = {
  spec: {
    scope: string;
    names: Record<string, unknown>;
    versions: Record<string, unknown>[];
    conversion?: unknown;
  };
};

/** derived returns the XRD for schema, failing the test on a refusal. */
function derived(schema: unknown, options?: DeriveOptions): CompositeResourceDefinition {
  const r = xrdFromAPIResourceSchema(schema, options);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

/** withSource returns an XRD fixture with the annotation naming the APIResourceSchema it came from. */
function withSource(xrd: Record<string, unknown>): Record<string, unknown> {
  const metadata = xrd.metadata as Record<string, unknown>;
  return {
    ...xrd,
    metadata: { ...metadata, annotations: { [sourceSchemaAnnotation]: 'v1.postgresqlinstances.db.kxp.dev' } },
  };
}

describe('xrdFromAPIResourceSchema', () => {
  it.each([
    {
      name: 'a v2 Namespaced XRD by default',
      options: undefined,
      expected: 'postgresqlinstance.xrd-v2.yaml',
    },
    {
      name: 'a legacy XRD whose claim is the kcp kind',
      options: { claims: true },
      expected: 'postgresqlinstance.xrd-legacy.yaml',
    },
  ])('derives $name', ({ options, expected }) => {
    expect(derived(ars(), options)).toEqual(withSource(fixture(expected)));
  });

  it.each([
    {
      name: 'plain names',
      input: { kind: 'PostgreSQLInstance', plural: 'postgresqlinstances' },
      expected: {
        kind: 'XPostgreSQLInstance',
        listKind: 'XPostgreSQLInstanceList',
        plural: 'xpostgresqlinstances',
        singular: 'xpostgresqlinstance',
      },
    },
    {
      name: 'short names and categories stay with the claim',
      input: {
        kind: 'Bucket',
        plural: 'buckets',
        singular: 'bucket',
        shortNames: ['bk'],
        categories: ['storage'],
      },
      expected: { kind: 'XBucket', listKind: 'XBucketList', plural: 'xbuckets', singular: 'xbucket' },
    },
  ])('names the XR behind a claim: $name', ({ input, expected }) => {
    expect(legacyXRNames(input)).toEqual(expected);
  });

  it.each([
    { name: 'XR', options: {}, field: 'crossplane', status: ['address', 'port'] },
    { name: 'claim', options: { claims: true }, field: 'compositionRef', status: ['address', 'port'] },
  ])('leaves Crossplane’s own fields for Crossplane to add ($name)', ({ options, field, status }) => {
    const input = ars() as ARS;
    const schema = input.spec.versions[0]!.schema as SchemaNode;
    schema.properties!.spec!.properties![field] = { type: 'object' };
    schema.properties!.status!.properties!.connectionDetails = { type: 'object' };
    const out = derived(input, options).spec.versions[0]!.schema.openAPIV3Schema;
    expect(out.properties?.spec?.properties?.[field]).toBeUndefined();
    expect(Object.keys(out.properties?.status?.properties ?? {}).sort()).toEqual(
      options.claims ? status : [...status, 'connectionDetails'].sort(),
    );
    expect(Object.keys(out.properties ?? {}).sort()).toEqual(['spec', 'status']);
  });

  it('drops a status that only Crossplane’s fields made', () => {
    const input = ars() as ARS;
    const status = (input.spec.versions[0]!.schema as SchemaNode).properties!.status!;
    delete status.properties!.address;
    delete status.properties!.port;
    expect(derived(input).spec.versions[0]!.schema.openAPIV3Schema.properties?.status).toBeUndefined();
  });

  it.each([
    { name: 'nothing', options: {}, expected: {} },
    {
      name: 'a default and an enforced Composition',
      options: { defaultCompositionRef: 'pg-sql', enforcedCompositionRef: 'pg-only' },
      expected: { defaultCompositionRef: { name: 'pg-sql' }, enforcedCompositionRef: { name: 'pg-only' } },
    },
    {
      name: 'revision labels and the update policy',
      options: {
        defaultCompositionRevisionLabels: { channel: 'stable' },
        defaultCompositionUpdatePolicy: 'Manual' as const,
      },
      expected: {
        defaultCompositionRevisionSelector: { matchLabels: { channel: 'stable' } },
        defaultCompositionUpdatePolicy: 'Manual',
      },
    },
    {
      name: 'a claim’s delete policy, Foreground unless asked',
      options: { claims: true, defaultCompositeDeletePolicy: 'Background' as const },
      expected: { defaultCompositeDeletePolicy: 'Background' },
    },
  ])('chooses the Composition as asked: $name', ({ options, expected }) => {
    const spec = derived(ars(), options).spec;
    const chosen = Object.fromEntries(
      Object.entries(spec).filter(([k]) => k.startsWith('default') || k.startsWith('enforced')),
    );
    expect(chosen).toEqual(expected);
  });

  it('records composition labels for the sync engine, as canonical JSON', () => {
    const xrd = derived(ars(), { compositionLabels: { provider: 'sql', tier: 'dev' } });
    expect(xrd.metadata.annotations?.[compositionLabelsAnnotation]).toBe('{"provider":"sql","tier":"dev"}');
  });

  it('leaves out categories Crossplane appends itself, and printer columns it adds', () => {
    const input = ars() as ARS;
    input.spec.names.categories = ['composite', 'databases'];
    const xrd = derived(input);
    expect(xrd.spec.names.categories).toEqual(['databases']);
    expect(xrd.spec.versions[0]!.additionalPrinterColumns?.map((c) => c.name)).toEqual(['VERSION']);
  });

  it('keeps every version, the storage one referenceable', () => {
    const input = ars() as ARS;
    const v1 = input.spec.versions[0]!;
    input.spec.versions.push({
      ...v1,
      name: 'v1beta1',
      storage: false,
      deprecated: true,
      deprecationWarning: 'use v1alpha1',
    });
    input.spec.conversion = { strategy: 'None' };
    const spec = derived(input).spec;
    // A None conversion is left out: the CRD defaults to it, and v1 XRDs reject it.
    expect(spec.conversion).toBeUndefined();
    expect(
      spec.versions.map(({ name, served, referenceable, deprecated }) => ({
        name,
        served,
        referenceable,
        deprecated,
      })),
    ).toEqual([
      { name: 'v1alpha1', served: true, referenceable: true, deprecated: undefined },
      { name: 'v1beta1', served: true, referenceable: false, deprecated: true },
    ]);
  });

  it('passes a conversion webhook by URL on', () => {
    const input = ars() as ARS;
    const webhook = { clientConfig: { url: 'https://convert.example/db' }, conversionReviewVersions: ['v1'] };
    input.spec.conversion = { strategy: 'Webhook', webhook };
    expect(derived(input).spec.conversion).toEqual({ strategy: 'Webhook', webhook });
  });

  it.each([
    {
      name: 'a cluster-scoped API',
      change: (s: ARS) => {
        s.spec.scope = 'Cluster';
      },
      reason: 'ClusterScopedAPI',
    },
    {
      name: 'no storage version',
      change: (s: ARS) => {
        s.spec.versions[0]!.storage = false;
      },
      reason: 'NoServedStorageVersion',
    },
    {
      name: 'an unserved storage version',
      change: (s: ARS) => {
        s.spec.versions[0]!.served = false;
      },
      reason: 'NoServedStorageVersion',
    },
    {
      name: 'a version without a schema',
      change: (s: ARS) => {
        delete s.spec.versions[0]!.schema;
      },
      reason: 'InvalidAPIResourceSchema',
    },
  ])('refuses $name', ({ change, reason }) => {
    const input = ars() as ARS;
    change(input);
    const r = xrdFromAPIResourceSchema(input);
    expect(r).toMatchObject({ ok: false, reason });
    expect(r.ok ? '' : r.message).toMatch(
      /^cannot (derive an XRD from APIResourceSchema|read APIResourceSchema)/,
    );
  });
});
