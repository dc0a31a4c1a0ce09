import { schemaFromXRD } from './xrd.js';

const schema = {
  type: 'object',
  properties: {
    spec: { type: 'object', properties: { size: { type: 'integer' } } },
    status: { type: 'object', properties: { endpoint: { type: 'string' } } },
  },
};

function xrd(apiVersion: string, spec: object): unknown {
  return {
    apiVersion,
    kind: 'CompositeResourceDefinition',
    metadata: { name: 'xdatabases.db.kxp.dev' },
    spec: {
      group: 'db.kxp.dev',
      names: { kind: 'XDatabase', plural: 'xdatabases' },
      versions: [{ name: 'v1', served: true, referenceable: true, schema: { openAPIV3Schema: schema } }],
      ...spec,
    },
  };
}

const conditions = expect.objectContaining({ type: 'array', 'x-kubernetes-list-type': 'map' });

describe('schemaFromXRD', () => {
  it('offers a legacy XRD as its claim: namespaced, with writeConnectionSecretToRef and conditions', () => {
    const out = schemaFromXRD(
      xrd('apiextensions.crossplane.io/v1', { claimNames: { kind: 'Database', plural: 'databases' } }),
    );
    expect(out).toEqual({
      apiVersion: 'apis.kcp.io/v1alpha1',
      kind: 'APIResourceSchema',
      metadata: { name: 'databases.db.kxp.dev' },
      spec: {
        group: 'db.kxp.dev',
        names: { kind: 'Database', plural: 'databases' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              type: 'object',
              required: ['spec'],
              properties: {
                spec: {
                  type: 'object',
                  properties: {
                    size: { type: 'integer' },
                    writeConnectionSecretToRef: expect.objectContaining({ required: ['name'] }),
                  },
                },
                status: { type: 'object', properties: { endpoint: { type: 'string' }, conditions } },
              },
            },
          },
        ],
      },
    });
    // The XRD itself is left as it was.
    expect(schema.properties.spec.properties).toEqual({ size: { type: 'integer' } });
  });

  it.each([
    ['a legacy XRD without a claim', 'apiextensions.crossplane.io/v1', {}, 'Cluster'],
    ['a v2 XRD', 'apiextensions.crossplane.io/v2', {}, 'Namespaced'],
    ['a v2 cluster XRD', 'apiextensions.crossplane.io/v2', { scope: 'Cluster' }, 'Cluster'],
  ])('offers %s as its composite resource', (_, apiVersion, spec, scope) => {
    const out = schemaFromXRD(xrd(apiVersion, spec)) as {
      spec: { names: object; scope: string; versions: { schema: { properties: { spec: object } } }[] };
    };
    expect(out.spec.names).toEqual({ kind: 'XDatabase', plural: 'xdatabases' });
    expect(out.spec.scope).toBe(scope);
    expect(out.spec.versions[0]?.schema.properties.spec).toEqual(schema.properties.spec);
  });

  it('gives a version without a schema a spec that keeps any field', () => {
    const obj = xrd('apiextensions.crossplane.io/v2', {
      versions: [{ name: 'v1', served: true, referenceable: true }],
    });
    const out = schemaFromXRD(obj) as { spec: { versions: { schema: object }[] } };
    expect(out.spec.versions[0]?.schema).toEqual({
      type: 'object',
      required: ['spec'],
      properties: {
        spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        status: { type: 'object', properties: { conditions } },
      },
    });
  });

  it('refuses a malformed XRD, naming the field', () => {
    expect(() => schemaFromXRD(xrd('apiextensions.crossplane.io/v2', { versions: [] }))).toThrow(
      /^cannot read CompositeResourceDefinition: spec\.versions: /,
    );
  });
});
