import { Testing } from 'cdk8s';
import * as z from 'zod';
import { LegacyCompositeResourceDefinition } from './legacy-xrd.js';
import { CompositeResourceDefinition } from './xrd.js';

const Database = z.looseObject({
  metadata: z.looseObject({ name: z.string() }),
  spec: z
    .object({
      size: z.enum(['small', 'large']).default('small').describe('How big a server'),
      databaseName: z.string().min(1),
    })
    .describe('What the team asks for'),
  status: z.object({ host: z.string().optional() }).optional(),
});

describe('CompositeResourceDefinition', () => {
  it('writes a Crossplane v2 XRD whose schema is the zod schema, without metadata', () => {
    const chart = Testing.chart();
    const xrd = new CompositeResourceDefinition(chart, 'db', {
      group: 'db.kxp.dev',
      names: { kind: 'PostgreSQLInstance', plural: 'postgresqlinstances', shortNames: ['pgi'] },
      versions: [{ name: 'v1alpha1', schema: Database }],
    });
    expect(Testing.synth(chart)).toEqual([
      {
        apiVersion: 'apiextensions.crossplane.io/v2',
        kind: 'CompositeResourceDefinition',
        metadata: { name: 'postgresqlinstances.db.kxp.dev' },
        spec: {
          group: 'db.kxp.dev',
          names: {
            kind: 'PostgreSQLInstance',
            listKind: 'PostgreSQLInstanceList',
            plural: 'postgresqlinstances',
            singular: 'postgresqlinstance',
            shortNames: ['pgi'],
          },
          scope: 'Namespaced',
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
                      description: 'What the team asks for',
                      type: 'object',
                      properties: {
                        size: {
                          description: 'How big a server',
                          type: 'string',
                          default: 'small',
                          enum: ['small', 'large'],
                        },
                        databaseName: { type: 'string', minLength: 1 },
                      },
                      required: ['databaseName'],
                    },
                    status: { type: 'object', properties: { host: { type: 'string' } } },
                  },
                },
              },
            },
          ],
        },
      },
    ]);
    expect(xrd.compositeTypeRef).toEqual({ apiVersion: 'db.kxp.dev/v1alpha1', kind: 'PostgreSQLInstance' });
    expect(xrd.name).toBe('postgresqlinstances.db.kxp.dev');
  });

  it('takes the status schema apart when the XR schema has none, and the marked referenceable version', () => {
    const chart = Testing.chart();
    const spec = z.object({ spec: z.object({ a: z.string() }) });
    const xrd = new CompositeResourceDefinition(chart, 'x', {
      group: 'x.kxp.dev',
      names: { kind: 'Thing', plural: 'things' },
      scope: 'Cluster',
      defaultCompositionUpdatePolicy: 'Manual',
      crdMetadata: { labels: { team: 'a' } },
      versions: [
        { name: 'v1alpha1', schema: spec, status: z.object({ ok: z.boolean() }) },
        { name: 'v1beta1', schema: spec, referenceable: true },
      ],
    });
    const [obj] = Testing.synth(chart);
    expect(obj.spec.scope).toBe('Cluster');
    expect(obj.spec.defaultCompositionUpdatePolicy).toBe('Manual');
    expect(obj.spec.metadata).toEqual({ labels: { team: 'a' } });
    expect(obj.spec.versions.map((v: { referenceable: boolean }) => v.referenceable)).toEqual([false, true]);
    expect(obj.spec.versions[0].schema.openAPIV3Schema.properties.status).toEqual({
      type: 'object',
      properties: { ok: { type: 'boolean' } },
      required: ['ok'],
    });
    expect(xrd.compositeTypeRef.apiVersion).toBe('x.kxp.dev/v1beta1');
  });

  const bad: {
    name: string;
    props: Partial<ConstructorParameters<typeof CompositeResourceDefinition>[2]>;
    message: RegExp;
  }[] = [
    { name: 'a group without a dot', props: { group: 'db' }, message: /group "db" is not a DNS subdomain/ },
    {
      name: 'an uppercase plural',
      props: { names: { kind: 'Db', plural: 'Dbs' } },
      message: /plural "Dbs" is not a lowercase DNS label/,
    },
    {
      name: 'two referenceable versions',
      props: {
        versions: [
          { name: 'v1', schema: Database, referenceable: true },
          { name: 'v2', schema: Database, referenceable: true },
        ],
      },
      message: /versions v1, v2 are all referenceable/,
    },
    {
      name: 'a schema without spec',
      props: { versions: [{ name: 'v1', schema: z.object({ a: z.string() }) }] },
      message: /version v1: its schema has no spec object/,
    },
  ];

  it.each(bad)('refuses $name', ({ props, message }) => {
    const base = {
      group: 'db.kxp.dev',
      names: { kind: 'Db', plural: 'dbs' },
      versions: [{ name: 'v1', schema: Database }],
    };
    expect(() => new CompositeResourceDefinition(Testing.chart(), 'x', { ...base, ...props })).toThrow(
      message,
    );
  });
});

describe('LegacyCompositeResourceDefinition', () => {
  it('writes a v1 XRD, scope LegacyCluster, with claim names and connection secret keys', () => {
    const chart = Testing.chart();
    const xrd = new LegacyCompositeResourceDefinition(chart, 'db', {
      group: 'db.kxp.dev',
      names: { kind: 'XPostgreSQLInstance', plural: 'xpostgresqlinstances' },
      claimNames: { kind: 'PostgreSQLInstance', plural: 'postgresqlinstances' },
      connectionSecretKeys: ['host', 'password'],
      defaultCompositeDeletePolicy: 'Foreground',
      versions: [{ name: 'v1alpha1', schema: Database }],
    });
    const [obj] = Testing.synth(chart);
    expect(obj.apiVersion).toBe('apiextensions.crossplane.io/v1');
    expect(obj.metadata.name).toBe('xpostgresqlinstances.db.kxp.dev');
    expect(obj.spec).toMatchObject({
      scope: 'LegacyCluster',
      claimNames: {
        kind: 'PostgreSQLInstance',
        listKind: 'PostgreSQLInstanceList',
        plural: 'postgresqlinstances',
        singular: 'postgresqlinstance',
      },
      connectionSecretKeys: ['host', 'password'],
      defaultCompositeDeletePolicy: 'Foreground',
    });
    expect(obj.spec.versions[0].schema.openAPIV3Schema.properties.spec.required).toEqual(['databaseName']);
    expect(xrd.claimKind).toBe('PostgreSQLInstance');
    expect(xrd.compositeTypeRef).toEqual({ apiVersion: 'db.kxp.dev/v1alpha1', kind: 'XPostgreSQLInstance' });
  });

  it('refuses claim names equal to the XR names', () => {
    expect(
      () =>
        new LegacyCompositeResourceDefinition(Testing.chart(), 'db', {
          group: 'db.kxp.dev',
          names: { kind: 'Db', plural: 'dbs' },
          claimNames: { kind: 'Db', plural: 'dbclaims' },
          versions: [{ name: 'v1alpha1', schema: Database }],
        }),
    ).toThrow(/the claim's names must differ from the XR's/);
  });
});
