import { kindSchema } from './openapi.js';

const objectMeta = { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' };
const gvk = { group: 'db.kxp.dev', version: 'v1alpha1', kind: 'Database' };

/** document returns an OpenAPI v3 document as kcp serves it for a bound resource. */
function document(schema: object): unknown {
  return {
    openapi: '3.0.0',
    components: {
      schemas: {
        'dev.kxp.db.v1alpha1.DatabaseList': {
          type: 'object',
          'x-kubernetes-group-version-kind': [{ ...gvk, kind: 'DatabaseList' }],
        },
        'dev.kxp.db.v1alpha1.Database': { ...schema, 'x-kubernetes-group-version-kind': [gvk] },
        'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': { type: 'object' },
      },
    },
  };
}

describe('kindSchema', () => {
  it('returns the kind structural schema as the APIResourceSchema held it', () => {
    const served = {
      description: 'A database.',
      type: 'object',
      properties: {
        metadata: { description: "Standard object's metadata.", allOf: [objectMeta] },
        spec: {
          type: 'object',
          properties: {
            size: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
            template: {
              type: 'object',
              'x-kubernetes-embedded-resource': true,
              required: ['kind', 'apiVersion'],
              properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: objectMeta },
            },
            tags: { type: 'array', items: { type: 'string', enum: ['a'] } },
          },
        },
      },
    };
    expect(kindSchema(document(served), gvk)).toEqual({
      description: 'A database.',
      type: 'object',
      properties: {
        metadata: { description: "Standard object's metadata.", type: 'object' },
        spec: {
          type: 'object',
          properties: {
            size: { 'x-kubernetes-int-or-string': true },
            template: {
              type: 'object',
              'x-kubernetes-embedded-resource': true,
              required: ['kind', 'apiVersion'],
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
              },
            },
            tags: { type: 'array', items: { type: 'string', enum: ['a'] } },
          },
        },
      },
    });
  });

  it('returns undefined for a kind the document does not have', () => {
    expect(kindSchema(document({ type: 'object' }), { ...gvk, kind: 'Role' })).toBeUndefined();
    expect(kindSchema({ openapi: '3.0.0' }, gvk)).toBeUndefined();
  });

  it('refuses any other reference, naming the field', () => {
    const served = {
      type: 'object',
      properties: { spec: { type: 'object', properties: { x: objectMeta } } },
    };
    expect(() => kindSchema(document(served), gvk)).toThrow(
      'cannot read the schema of Database (db.kxp.dev/v1alpha1): spec.x refers to another schema ($ref)',
    );
  });
});
