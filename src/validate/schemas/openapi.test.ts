import { schemaForKind } from './openapi.js';

const doc = {
  components: {
    schemas: {
      'org.example.v1.Thing': {
        type: 'object',
        'x-kubernetes-group-version-kind': [{ group: 'example.org', version: 'v1', kind: 'Thing' }],
        properties: {
          apiVersion: { type: 'string' },
          metadata: {
            description: 'Standard metadata.',
            allOf: [{ $ref: '#/components/schemas/ObjectMeta' }],
          },
          spec: {
            type: 'object',
            'x-kubernetes-validations': [{ rule: 'self.a > 0' }],
            properties: {
              a: { type: 'integer', default: 1 },
              embedded: {
                type: 'object',
                'x-kubernetes-embedded-resource': true,
                properties: { metadata: { $ref: '#/components/schemas/ObjectMeta' } },
              },
              list: { type: 'array', items: { type: 'string', enum: ['x'] } },
            },
          },
        },
      },
      'org.example.v1.ThingList': { type: 'object' },
    },
  },
};

describe('schemaForKind', () => {
  it('returns the published schema as a CRD schema: references to ObjectMeta as objects, the rest as it is', () => {
    expect(schemaForKind(doc, { group: 'example.org', version: 'v1', kind: 'Thing' })).toEqual({
      type: 'object',
      properties: {
        apiVersion: { type: 'string' },
        metadata: { type: 'object', description: 'Standard metadata.' },
        spec: {
          type: 'object',
          'x-kubernetes-validations': [{ rule: 'self.a > 0' }],
          properties: {
            a: { type: 'integer', default: 1 },
            embedded: {
              type: 'object',
              'x-kubernetes-embedded-resource': true,
              properties: { metadata: { type: 'object' } },
            },
            list: { type: 'array', items: { type: 'string', enum: ['x'] } },
          },
        },
      },
    });
  });

  it('finds nothing for a kind the document does not publish', () => {
    expect(schemaForKind(doc, { group: 'example.org', version: 'v2', kind: 'Thing' })).toBeUndefined();
    expect(schemaForKind({}, { group: 'example.org', version: 'v1', kind: 'Thing' })).toBeUndefined();
  });
});
