import { everyKind, largeRequest, richRequest, richResponse } from '../../../test/fixtures/wire/messages.js';
import { WireError } from './errors.js';
import {
  decodeCredentials,
  decodeRequestMeta,
  decodeRunFunctionRequest,
  decodeSchema,
  encodeCredentials,
  encodeRequestMeta,
  encodeRunFunctionRequest,
  encodeSchema,
} from './messages-request.js';
import {
  decodeRequirements,
  decodeResourceSelector,
  decodeSchemaSelector,
  encodeRequirements,
  encodeResourceSelector,
  encodeSchemaSelector,
} from './messages-requirements.js';
import {
  decodeCondition,
  decodeDuration,
  decodeResponseMeta,
  decodeResult,
  decodeRunFunctionResponse,
  encodeCondition,
  encodeDuration,
  encodeResponseMeta,
  encodeResult,
  encodeRunFunctionResponse,
} from './messages-response.js';
import {
  decodeResource,
  decodeResources,
  decodeState,
  encodeResource,
  encodeResources,
  encodeState,
} from './messages-state.js';
import type { RunFunctionRequest, RunFunctionResponse } from './types.js';

/** A codec pair under test, erased to unknown so that one table holds every message. */
interface Codec {
  name: string;
  encode: (msg: never) => Buffer;
  decode: (bytes: Uint8Array) => unknown;
  input: unknown;
}

const rsp = richResponse();
const req = richRequest();

describe('every message round-trips', () => {
  it.each<Codec>([
    {
      name: 'RunFunctionRequest',
      encode: encodeRunFunctionRequest,
      decode: decodeRunFunctionRequest,
      input: req,
    },
    {
      name: 'RunFunctionResponse',
      encode: encodeRunFunctionResponse,
      decode: decodeRunFunctionResponse,
      input: rsp,
    },
    { name: 'RequestMeta', encode: encodeRequestMeta, decode: decodeRequestMeta, input: req.meta },
    { name: 'State', encode: encodeState, decode: decodeState, input: req.observed },
    { name: 'Resource', encode: encodeResource, decode: decodeResource, input: req.observed?.composite },
    {
      name: 'Resources',
      encode: encodeResources,
      decode: decodeResources,
      input: req.requiredResources.configs,
    },
    { name: 'Credentials', encode: encodeCredentials, decode: decodeCredentials, input: req.credentials.aws },
    { name: 'Schema', encode: encodeSchema, decode: decodeSchema, input: req.requiredSchemas.bucket },
    { name: 'ResponseMeta', encode: encodeResponseMeta, decode: decodeResponseMeta, input: rsp.meta },
    {
      name: 'Duration',
      encode: encodeDuration,
      decode: decodeDuration,
      input: { seconds: -315_576_000_000, nanos: -999_999_999 },
    },
    { name: 'Result', encode: encodeResult, decode: decodeResult, input: rsp.results[0] },
    { name: 'Condition', encode: encodeCondition, decode: decodeCondition, input: rsp.conditions[0] },
    { name: 'Requirements', encode: encodeRequirements, decode: decodeRequirements, input: rsp.requirements },
    {
      name: 'ResourceSelector',
      encode: encodeResourceSelector,
      decode: decodeResourceSelector,
      input: rsp.requirements?.resources.byLabels,
    },
    {
      name: 'SchemaSelector',
      encode: encodeSchemaSelector,
      decode: decodeSchemaSelector,
      input: rsp.requirements?.schemas.bucket,
    },
  ])('$name', ({ encode, decode, input }) => {
    const bytes = encode(input as never);
    const back = decode(bytes);
    expect(back).toEqual(input);
    // Decoding then encoding again gives the same bytes: nothing is lost or reordered.
    expect(encode(back as never).equals(bytes)).toBe(true);
  });

  it('keeps unset optional fields unset', () => {
    const back = decodeRunFunctionResponse(encodeRunFunctionResponse(rsp));
    expect(Object.keys(back.results[2]!)).toEqual(['severity', 'message']);
    expect(Object.keys(back.conditions[2]!)).toEqual(['type', 'status', 'reason']);
    expect(back.results[1]).toEqual({ severity: 2, message: '', reason: '', target: 0 });
    expect(back.requirements?.resources.emptyName).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      matchName: '',
      namespace: '',
    });
  });

  it('round-trips a request of 100 composed resources', () => {
    const large = largeRequest(100);
    const back = decodeRunFunctionRequest(encodeRunFunctionRequest(large));
    expect(back).toEqual(large);
  });
});

describe('proto3 field presence on the wire', () => {
  it.each<{ name: string; encode: (msg: never) => Buffer; input: unknown; expected: number[] }>([
    {
      name: 'zero scalars are not written',
      encode: encodeResult,
      input: { severity: 0, message: '' },
      expected: [],
    },
    {
      name: 'optional fields at zero are written',
      encode: encodeResult,
      input: { severity: 0, message: '', reason: '', target: 0 },
      expected: [0x1a, 0x00, 0x20, 0x00],
    },
    {
      name: 'a condition with its optional fields at zero',
      encode: encodeCondition,
      input: { type: '', status: 0, reason: '', message: '', target: 0 },
      expected: [0x22, 0x00, 0x28, 0x00],
    },
    {
      name: 'an empty match_name is written (oneof)',
      encode: encodeResourceSelector,
      input: { apiVersion: '', kind: '', matchName: '' },
      expected: [0x1a, 0x00],
    },
    {
      name: 'empty match_labels and namespace are written',
      encode: encodeResourceSelector,
      input: { apiVersion: '', kind: '', matchLabels: { labels: {} }, namespace: '' },
      expected: [0x22, 0x00, 0x2a, 0x00],
    },
    {
      name: 'a zero ttl is written',
      encode: encodeResponseMeta,
      input: { tag: '', ttl: { seconds: 0, nanos: 0 } },
      expected: [0x12, 0x00],
    },
    {
      name: 'a zero Duration is empty',
      encode: encodeDuration,
      input: { seconds: 0, nanos: 0 },
      expected: [],
    },
    {
      name: 'capabilities are packed',
      encode: encodeRequestMeta,
      input: { tag: 't', capabilities: [1, 5] },
      expected: [0x0a, 1, 0x74, 0x12, 2, 1, 5],
    },
    {
      name: 'empty credential data is written (oneof)',
      encode: encodeCredentials,
      input: { credentialData: { data: {} } },
      expected: [0x0a, 0x00],
    },
    {
      name: 'an empty openapi_v3 is written',
      encode: encodeSchema,
      input: { openapiV3: {} },
      expected: [0x0a, 0x00],
    },
    {
      name: 'a zero ready is not written',
      encode: encodeResource,
      input: { connectionDetails: {}, ready: 0 },
      expected: [],
    },
    {
      name: 'map entries carry empty keys and values',
      encode: encodeResource,
      input: { connectionDetails: { '': Buffer.alloc(0) }, ready: 0 },
      expected: [0x12, 0x04, 0x0a, 0x00, 0x12, 0x00],
    },
    {
      name: 'an empty input and empty messages are written',
      encode: encodeRunFunctionRequest,
      input: { meta: { tag: '', capabilities: [] }, input: {} },
      expected: [0x0a, 0x00, 0x22, 0x00],
    },
    {
      name: 'a negative enum takes ten bytes',
      encode: encodeResult,
      input: { severity: -1, message: '' },
      expected: [0x08, ...Array(9).fill(0xff), 0x01],
    },
    {
      name: 'missing maps and lists are empty',
      encode: encodeRunFunctionResponse,
      input: { meta: { tag: 'x' } },
      expected: [0x0a, 0x03, 0x0a, 0x01, 0x78],
    },
  ])('$name', ({ encode, input, expected }) => {
    expect([...encode(input as never)]).toEqual(expected);
  });
});

describe('decoding edge cases', () => {
  it.each<{ name: string; decode: (b: Uint8Array) => unknown; input: number[]; expected: unknown }>([
    {
      name: 'a map entry without a value decodes to an empty message',
      decode: decodeRunFunctionRequest,
      input: [0x3a, 0x03, 0x0a, 0x01, 0x61, 0x42, 0x03, 0x0a, 0x01, 0x62],
      expected: { credentials: { a: {} }, requiredResources: { b: { items: [] } } },
    },
    {
      name: 'a map entry without a value decodes to empty bytes or string',
      decode: decodeResourceSelector,
      input: [0x22, 0x05, 0x0a, 0x03, 0x0a, 0x01, 0x6b],
      expected: { apiVersion: '', kind: '', matchLabels: { labels: { k: '' } } },
    },
    {
      name: 'unpacked and packed capabilities both decode',
      decode: decodeRequestMeta,
      input: [0x10, 0x01, 0x12, 0x02, 0x02, 0x03, 0x10, 0x05],
      expected: { tag: '', capabilities: [1, 2, 3, 5] },
    },
    {
      name: 'a repeated message field merges, scalars last wins, lists append',
      decode: decodeRunFunctionRequest,
      input: [0x0a, 0x05, 0x0a, 0x01, 0x61, 0x10, 0x01, 0x0a, 0x05, 0x0a, 0x01, 0x62, 0x10, 0x02],
      expected: { meta: { tag: 'b', capabilities: [1, 2] } },
    },
    {
      name: 'the later member of the oneof match wins',
      decode: decodeResourceSelector,
      input: [0x22, 0x00, 0x1a, 0x01, 0x6e],
      expected: { apiVersion: '', kind: '', matchName: 'n' },
    },
    {
      name: 'unknown fields of every wire type are skipped',
      decode: decodeResult,
      input: [
        0x78, 0x01, 0x79, 1, 2, 3, 4, 5, 6, 7, 8, 0x7a, 0x01, 0x00, 0x7b, 0x7c, 0x7d, 1, 2, 3, 4, 0x08, 0x03,
      ],
      expected: { severity: 3, message: '' },
    },
    {
      name: 'a negative Duration',
      decode: decodeDuration,
      input: [
        0x08,
        ...Array(9).fill(0xff),
        0x01,
        0x10,
        0x80,
        0x80,
        0x80,
        0x80,
        0xf8,
        0xff,
        0xff,
        0xff,
        0xff,
        0x01,
      ],
      expected: { seconds: -1, nanos: -(2 ** 31) },
    },
  ])('$name', ({ decode, input, expected }) => {
    expect(decode(Uint8Array.from(input))).toEqual(expect.objectContaining(expected as object));
  });

  it('decodes maps as null-prototype records that keep any key', () => {
    const back = decodeRunFunctionRequest(encodeRunFunctionRequest(req));
    const resources = back.observed!.resources;
    expect(Object.getPrototypeOf(resources)).toBeNull();
    expect(Object.keys(resources)).toEqual(['bucket', '__proto__']);
    expect(Object.getOwnPropertyDescriptor(resources, '__proto__')?.value.resource).toEqual({ kind: 'Odd' });
    expect(resources.constructor).toBeUndefined();
    expect(({} as Record<string, unknown>).resource).toBeUndefined();
  });

  it.each<{ name: string; decode: (b: Uint8Array) => unknown; input: number[]; message: RegExp }>([
    {
      name: 'meta sent as a varint',
      decode: decodeRunFunctionRequest,
      input: [0x08, 0x01],
      message: /^cannot decode RunFunctionRequest: .*field meta \(1\).*VARINT, want LEN/,
    },
    {
      name: 'ready sent as a string',
      decode: decodeResource,
      input: [0x1a, 0x00],
      message: /field ready \(3\).*LEN, want VARINT/,
    },
    {
      name: 'a map key sent as a varint',
      decode: decodeState,
      input: [0x12, 0x02, 0x08, 0x01],
      message: /resources.key \(1\)/,
    },
    {
      name: 'seconds sent as fixed64',
      decode: decodeDuration,
      input: [0x09, 0, 0, 0, 0, 0, 0, 0, 0],
      message: /seconds/,
    },
    {
      name: 'a truncated nested message',
      decode: decodeRunFunctionResponse,
      input: [0x12, 0x05, 0x0a, 0x03],
      message: /overflows/,
    },
  ])('rejects $name', ({ decode, input, message }) => {
    expect(() => decode(Uint8Array.from(input))).toThrow(WireError);
    expect(() => decode(Uint8Array.from(input))).toThrow(message);
  });
});

describe('encoding errors', () => {
  it('names the path of a value a Struct cannot carry, from the message down', () => {
    const bad: RunFunctionResponse = {
      desired: {
        resources: {
          'my-bucket': {
            resource: { spec: { forProvider: { size: (() => 1) as never } } },
            connectionDetails: {},
            ready: 0,
          },
        },
      },
      results: [],
      conditions: [],
    };
    expect(() => encodeRunFunctionResponse(bad)).toThrow(
      'cannot encode desired.resources["my-bucket"].resource.spec.forProvider.size: a function cannot be represented',
    );
  });

  it('names the path through lists and request maps', () => {
    const bad: RunFunctionRequest = {
      ...richRequest(),
      requiredResources: {
        env: {
          items: [
            { connectionDetails: {}, ready: 0 },
            { resource: { n: Number.NaN }, connectionDetails: {}, ready: 0 },
          ],
        },
      },
    };
    expect(() => encodeRunFunctionRequest(bad)).toThrow(
      'cannot encode requiredResources.env.items[1].resource.n: NaN is not a JSON number',
    );
  });

  it('refuses a selector with both members of the oneof match', () => {
    const rsp: RunFunctionResponse = {
      results: [],
      conditions: [],
      requirements: {
        extraResources: {},
        schemas: {},
        resources: { x: { apiVersion: 'v1', kind: 'Secret', matchName: 'a', matchLabels: { labels: {} } } },
      },
    };
    expect(() => encodeRunFunctionResponse(rsp)).toThrow(
      'cannot encode requirements.resources.x.matchName: matchName and matchLabels are both set, but only one of them may be',
    );
  });
});

it('everyKind has every Value kind', () => {
  const kinds = new Set(
    Object.values(everyKind).map((v) => (v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v)),
  );
  expect([...kinds].sort()).toEqual(['boolean', 'list', 'null', 'number', 'object', 'string']);
});
