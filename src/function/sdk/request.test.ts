import { Capability, Ready, type RunFunctionRequest } from '../wire/types.js';
import {
  advertisesCapabilities,
  contextKey,
  credentials,
  desiredComposed,
  desiredComposite,
  hasCapability,
  input,
  observedComposed,
  observedComposite,
  observedConnectionDetails,
  requiredResources,
  requiredSchema,
  requirementFields,
} from './request.js';

const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });

function request(overrides: Partial<RunFunctionRequest> = {}): RunFunctionRequest {
  return {
    meta: { tag: 't', capabilities: [Capability.CAPABILITIES, Capability.REQUIRED_RESOURCES] },
    observed: {
      composite: {
        resource: { kind: 'XApp' },
        connectionDetails: { url: Buffer.from('https://x') },
        ready: Ready.UNSPECIFIED,
      },
      resources: {
        db: {
          resource: cm('db'),
          connectionDetails: { password: Buffer.from('s3cret') },
          ready: Ready.UNSPECIFIED,
        },
      },
    },
    desired: {
      composite: { resource: { status: { a: 1 } }, connectionDetails: {}, ready: Ready.UNSPECIFIED },
      resources: { cache: { resource: cm('cache'), connectionDetails: {}, ready: Ready.TRUE } },
    },
    input: { apiVersion: 'fn.kxp.dev/v1', kind: 'Input', size: 2 },
    context: { 'apiextensions.crossplane.io/environment': { region: 'eu' } },
    extraResources: {},
    credentials: { aws: { credentialData: { data: { key: Buffer.from('k') } } } },
    requiredResources: {},
    requiredSchemas: {},
    ...overrides,
  };
}

describe('state getters', () => {
  const req = request();
  it.each([
    { name: 'observedComposite', got: observedComposite(req), expected: { kind: 'XApp' } },
    { name: 'desiredComposite', got: desiredComposite(req), expected: { status: { a: 1 } } },
    { name: 'observedComposed', got: observedComposed(req), expected: { db: cm('db') } },
    { name: 'desiredComposed', got: desiredComposed(req), expected: { cache: cm('cache') } },
    { name: 'input', got: input(req), expected: { apiVersion: 'fn.kxp.dev/v1', kind: 'Input', size: 2 } },
    {
      name: 'contextKey',
      got: contextKey(req, 'apiextensions.crossplane.io/environment'),
      expected: { region: 'eu' },
    },
    { name: 'contextKey absent', got: contextKey(req, 'nope'), expected: undefined },
    { name: 'credentials', got: credentials(req, 'aws'), expected: { key: Buffer.from('k') } },
    { name: 'credentials absent', got: credentials(req, 'gcp'), expected: undefined },
    {
      name: 'composed connection details',
      got: observedConnectionDetails(req, 'db'),
      expected: { password: Buffer.from('s3cret') },
    },
    {
      name: 'composite connection details',
      got: observedConnectionDetails(req),
      expected: { url: Buffer.from('https://x') },
    },
    { name: 'absent connection details', got: observedConnectionDetails(req, 'nope'), expected: {} },
  ])('$name', ({ got, expected }) => {
    expect(got).toEqual(expected);
  });

  it('answers an empty request', () => {
    const empty = request({ observed: undefined, desired: undefined, input: undefined, context: undefined });
    expect(observedComposite(empty)).toBeUndefined();
    expect(desiredComposite(empty)).toBeUndefined();
    expect(observedComposed(empty)).toEqual({});
    expect(desiredComposed(empty)).toEqual({});
    expect(input(empty)).toBeUndefined();
    expect(contextKey(empty, 'x')).toBeUndefined();
  });
});

describe('requiredResources', () => {
  const items = (...names: string[]) => ({
    items: names.map((n) => ({ resource: cm(n), connectionDetails: {}, ready: Ready.UNSPECIFIED })),
  });
  it.each([
    { name: 'not answered yet', req: request(), expected: undefined },
    {
      name: 'answered, none found',
      req: request({ requiredResources: { cfg: { items: [] } } }),
      expected: [],
    },
    {
      name: 'required_resources',
      req: request({ requiredResources: { cfg: items('a', 'b') } }),
      expected: [cm('a'), cm('b')],
    },
    {
      name: 'falls back to extra_resources',
      req: request({ extraResources: { cfg: items('old') } }),
      expected: [cm('old')],
    },
    {
      name: 'prefers required_resources',
      req: request({ requiredResources: { cfg: items('new') }, extraResources: { cfg: items('old') } }),
      expected: [cm('new')],
    },
  ])('$name', ({ req, expected }) => {
    expect(requiredResources(req, 'cfg')).toEqual(expected);
  });
});

describe('requiredSchema', () => {
  it.each([
    { name: 'not answered yet', req: request(), expected: undefined },
    { name: 'kind unknown', req: request({ requiredSchemas: { s: {} } }), expected: null },
    {
      name: 'found',
      req: request({ requiredSchemas: { s: { openapiV3: { type: 'object' } } } }),
      expected: { type: 'object' },
    },
  ])('$name', ({ req, expected }) => {
    expect(requiredSchema(req, 's')).toEqual(expected);
  });
});

describe('capabilities', () => {
  const old = request({ meta: { tag: '', capabilities: [] } });
  const current = request();
  it.each([
    {
      name: 'advertised capability',
      got: hasCapability(current, Capability.REQUIRED_RESOURCES),
      expected: true,
    },
    { name: 'missing capability', got: hasCapability(current, Capability.CONDITIONS), expected: false },
    { name: 'current Crossplane advertises', got: advertisesCapabilities(current), expected: true },
    { name: 'old Crossplane does not', got: advertisesCapabilities(old), expected: false },
    {
      name: 'no meta',
      got: hasCapability(request({ meta: undefined }), Capability.CAPABILITIES),
      expected: false,
    },
  ])('$name', ({ got, expected }) => {
    expect(got).toBe(expected);
  });

  it.each([
    { name: 'current Crossplane reads resources', req: current, expected: 'resources' },
    { name: 'old Crossplane may read only extraResources', req: old, expected: 'both' },
  ])('requirementFields: $name', ({ req, expected }) => {
    expect(requirementFields(req)).toBe(expected);
  });
});
