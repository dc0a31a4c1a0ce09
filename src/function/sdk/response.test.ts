import { Ready, type RunFunctionRequest, type RunFunctionResponse } from '../wire/types.js';
import { setField } from './fieldpath.js';
import {
  defaultTTL,
  readyOf,
  requireResources,
  requireSchema,
  setContextKey,
  setDesiredComposedResource,
  setDesiredComposedResources,
  setDesiredCompositeConnectionDetails,
  setDesiredCompositeStatus,
  setOutput,
  setTTL,
  to,
} from './response.js';

const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });

function request(): RunFunctionRequest {
  return {
    meta: { tag: 'abc', capabilities: [] },
    desired: {
      composite: {
        resource: { status: { phase: 'Pending' } },
        connectionDetails: { k: Buffer.from('v') },
        ready: Ready.UNSPECIFIED,
      },
      resources: { earlier: { resource: cm('earlier'), connectionDetails: {}, ready: Ready.TRUE } },
    },
    context: { 'example.org/key': { n: 1 } },
    extraResources: {},
    credentials: {},
    requiredResources: {},
    requiredSchemas: {},
  };
}

describe('to', () => {
  it('starts from the request', () => {
    const req = request();
    const rsp = to(req);
    expect(rsp.meta).toEqual({ tag: 'abc', ttl: { seconds: defaultTTL, nanos: 0 } });
    expect(rsp.desired).toEqual(req.desired);
    expect(rsp.context).toEqual(req.context);
    expect(rsp.results).toEqual([]);
    expect(rsp.conditions).toEqual([]);
    expect(rsp.requirements).toBeUndefined();
  });

  it('copies deeply, so changing the response leaves the request alone', () => {
    const req = request();
    const rsp = to(req);
    setField(rsp.desired?.resources.earlier?.resource ?? {}, 'metadata.name', 'changed');
    rsp.desired?.composite?.connectionDetails.k?.write('X');
    (rsp.context as { 'example.org/key': { n: number } })['example.org/key'].n = 2;
    expect(req.desired?.resources.earlier?.resource).toEqual(cm('earlier'));
    expect(req.desired?.composite?.connectionDetails.k?.toString()).toBe('v');
    expect(req.context).toEqual({ 'example.org/key': { n: 1 } });
    expect(Buffer.isBuffer(rsp.desired?.composite?.connectionDetails.k)).toBe(true);
  });

  it('answers a bare request', () => {
    const rsp = to({ extraResources: {}, credentials: {}, requiredResources: {}, requiredSchemas: {} }, 5);
    expect(rsp).toEqual({
      meta: { tag: '', ttl: { seconds: 5, nanos: 0 } },
      desired: { resources: {} },
      results: [],
      conditions: [],
    });
  });
});

describe('setDesiredComposedResources', () => {
  it.each([
    { name: 'unspecified', ready: undefined, expected: Ready.UNSPECIFIED },
    { name: 'ready', ready: true, expected: Ready.TRUE },
    { name: 'not ready', ready: false, expected: Ready.FALSE },
  ])('sets readiness $name and keeps other resources', ({ ready, expected }) => {
    const rsp = to(request());
    setDesiredComposedResources(rsp, { mine: { resource: cm('mine'), ready } });
    expect(rsp.desired?.resources.mine).toEqual({
      resource: cm('mine'),
      connectionDetails: {},
      ready: expected,
    });
    expect(rsp.desired?.resources.earlier?.ready).toBe(Ready.TRUE);
  });

  it('requires apiVersion and kind', () => {
    expect(() => setDesiredComposedResources(to(request()), { x: { resource: { metadata: {} } } })).toThrow(
      'cannot set desired composed resource "x": apiVersion and kind are required',
    );
  });
});

describe('setDesiredComposedResource', () => {
  it('sets one resource, its readiness unspecified unless given', () => {
    const rsp = to(request());
    setDesiredComposedResource(rsp, 'mine', cm('mine'));
    setDesiredComposedResource(rsp, 'earlier', cm('replaced'), Ready.FALSE);
    expect(rsp.desired?.resources).toEqual({
      earlier: { resource: cm('replaced'), connectionDetails: {}, ready: Ready.FALSE },
      mine: { resource: cm('mine'), connectionDetails: {}, ready: Ready.UNSPECIFIED },
    });
  });

  it('requires a plain object with apiVersion and kind', () => {
    expect(() => setDesiredComposedResource(to(request()), 'x', new Map())).toThrow(
      'cannot set desired composed resource "x": apiVersion and kind are required',
    );
  });
});

describe('setDesiredCompositeStatus', () => {
  it('merges into the status earlier steps desired', () => {
    const rsp = to(request());
    setDesiredCompositeStatus(rsp, { endpoint: 'https://x', nested: { a: 1 } });
    setDesiredCompositeStatus(rsp, { nested: { b: 2 }, list: [1] });
    setDesiredCompositeStatus(rsp, { list: [2] });
    expect(rsp.desired?.composite?.resource).toEqual({
      status: { phase: 'Pending', endpoint: 'https://x', nested: { a: 1, b: 2 }, list: [2] },
    });
  });

  it('creates the desired composite when there is none', () => {
    const rsp: RunFunctionResponse = { results: [], conditions: [] };
    setDesiredCompositeStatus(rsp, { ok: true });
    expect(rsp.desired?.composite).toEqual({
      resource: { status: { ok: true } },
      connectionDetails: {},
      ready: Ready.UNSPECIFIED,
    });
  });
});

describe('setters', () => {
  it('setDesiredCompositeConnectionDetails merges strings and Buffers', () => {
    const rsp = to(request());
    setDesiredCompositeConnectionDetails(rsp, { user: 'admin', pass: Buffer.from('p') });
    expect(rsp.desired?.composite?.connectionDetails).toEqual({
      k: Buffer.from('v'),
      user: Buffer.from('admin'),
      pass: Buffer.from('p'),
    });
  });

  it('setContextKey adds to the context passed on', () => {
    const rsp = to(request());
    setContextKey(rsp, 'kxp.dev/region', 'eu-west-1');
    expect(rsp.context).toEqual({ 'example.org/key': { n: 1 }, 'kxp.dev/region': 'eu-west-1' });
  });

  it('setOutput sets a JSON copy', () => {
    const rsp = to(request());
    setOutput(rsp, { count: 3, skipped: undefined });
    expect(rsp.output).toEqual({ count: 3 });
  });

  it.each([
    { name: 'whole seconds', seconds: 30, expected: { seconds: 30, nanos: 0 } },
    { name: 'fractions', seconds: 1.5, expected: { seconds: 1, nanos: 500_000_000 } },
    { name: 'zero (do not cache)', seconds: 0, expected: { seconds: 0, nanos: 0 } },
  ])('setTTL $name', ({ seconds, expected }) => {
    const rsp = to(request());
    setTTL(rsp, seconds);
    expect(rsp.meta).toEqual({ tag: 'abc', ttl: expected });
  });

  it('setTTL rejects a negative TTL', () => {
    expect(() => setTTL(to(request()), -1)).toThrow('cannot set TTL: -1 is not a duration');
  });

  it.each([
    { name: 'undefined', input: undefined, expected: Ready.UNSPECIFIED },
    { name: 'true', input: true, expected: Ready.TRUE },
    { name: 'false', input: false, expected: Ready.FALSE },
  ])('readyOf $name', ({ input, expected }) => {
    expect(readyOf(input)).toBe(expected);
  });
});

describe('requirements', () => {
  it.each([
    {
      name: 'by name, current fields',
      selector: { apiVersion: 'v1', kind: 'ConfigMap', matchName: 'cfg', namespace: 'ns' },
      fields: 'resources' as const,
      expected: {
        resources: { cfg: { apiVersion: 'v1', kind: 'ConfigMap', matchName: 'cfg', namespace: 'ns' } },
        extraResources: {},
        schemas: {},
      },
    },
    {
      name: 'by labels, both fields',
      selector: { apiVersion: 'v1', kind: 'ConfigMap', matchLabels: { team: 'a' } },
      fields: 'both' as const,
      expected: {
        resources: { cfg: { apiVersion: 'v1', kind: 'ConfigMap', matchLabels: { labels: { team: 'a' } } } },
        extraResources: {
          cfg: { apiVersion: 'v1', kind: 'ConfigMap', matchLabels: { labels: { team: 'a' } } },
        },
        schemas: {},
      },
    },
    {
      name: 'legacy field only',
      selector: { apiVersion: 'v1', kind: 'ConfigMap', matchName: 'cfg' },
      fields: 'extraResources' as const,
      expected: {
        resources: {},
        extraResources: { cfg: { apiVersion: 'v1', kind: 'ConfigMap', matchName: 'cfg' } },
        schemas: {},
      },
    },
  ])('requireResources $name', ({ selector, fields, expected }) => {
    const rsp = to(request());
    requireResources(rsp, 'cfg', selector, fields);
    expect(rsp.requirements).toEqual(expected);
  });

  it.each([
    { name: 'neither match', selector: { apiVersion: 'v1', kind: 'ConfigMap' } },
    {
      name: 'both matches',
      selector: { apiVersion: 'v1', kind: 'ConfigMap', matchName: 'a', matchLabels: {} },
    },
  ])('requireResources rejects $name', ({ selector }) => {
    expect(() => requireResources(to(request()), 'cfg', selector)).toThrow(
      'cannot require resources "cfg": give exactly one of matchName and matchLabels',
    );
  });

  it('requireSchema asks for a kind', () => {
    const rsp = to(request());
    requireSchema(rsp, 'xr', 'example.org/v1', 'XApp');
    expect(rsp.requirements?.schemas).toEqual({ xr: { apiVersion: 'example.org/v1', kind: 'XApp' } });
  });
});
