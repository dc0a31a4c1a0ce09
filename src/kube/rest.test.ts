import type { ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { issueCertificateAuthority, issueServerCertificate } from '../stack/certs.js';
import { type ApiError, isNotFound, isObjectNotFound } from './errors.js';
import { RestClient } from './rest.js';

describe('RestClient.forCluster', () => {
  it.each([
    {
      server: 'https://127.0.0.1:6443/clusters/root',
      ws: 'root:org-a',
      want: 'https://127.0.0.1:6443/clusters/root:org-a',
    },
    { server: 'https://127.0.0.1:6443', ws: 'root', want: 'https://127.0.0.1:6443/clusters/root' },
    {
      server: 'https://127.0.0.1:6443/services/apiexport/abc/x.io/clusters/root',
      ws: '*',
      want: 'https://127.0.0.1:6443/services/apiexport/abc/x.io/clusters/*',
    },
  ])('$server -> $ws', ({ server, ws, want }) => {
    expect(new RestClient({ server }).forCluster(ws).url).toBe(want);
  });
});

describe('RestClient against a server', () => {
  let server: Server;
  let client: RestClient;
  /** answer is how the server answers the request it gets next. */
  let answer: (res: ServerResponse) => void;

  beforeAll(async () => {
    const ca = await issueCertificateAuthority('rest-test-ca');
    const pair = await issueServerCertificate(ca, ['127.0.0.1']);
    server = createServer({ cert: pair.cert, key: pair.key }, (_req, res) => answer(res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new RestClient({ server: `https://127.0.0.1:${port}`, ca: ca.cert });
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const status = (code: number, body: unknown) => (res: ServerResponse) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

  it.each([
    {
      name: 'the object named in a Status',
      body: { kind: 'Status', reason: 'NotFound', details: { name: 'shop', kind: 'appconfigs' } },
      gone: true,
    },
    {
      name: 'another object named in a Status',
      body: { kind: 'Status', reason: 'NotFound', details: { name: 'other', kind: 'appconfigs' } },
      gone: false,
    },
    {
      name: 'a resource not served (yet)',
      body: {
        kind: 'Status',
        reason: 'NotFound',
        message: 'the server could not find the requested resource',
        details: {},
      },
      gone: false,
    },
    { name: 'a path without a route', body: '404 page not found\n', gone: false },
  ])('reads a 404 for $name as the object gone: $gone', async ({ body, gone }) => {
    answer = status(404, body);
    const err = await client.get('/apis/x/v1/namespaces/apps/appconfigs/shop').catch((e: unknown) => e);
    expect(isNotFound(err)).toBe(true);
    expect(isObjectNotFound(err, 'shop')).toBe(gone);
  });

  it('keeps the causes of a Status whose message is generic', async () => {
    answer = status(422, {
      kind: 'Status',
      reason: 'Invalid',
      message: 'the server rejected our request due to an error in our request',
      details: { causes: [{ message: 'testing value /metadata/resourceVersion failed: test failed' }] },
    });
    const err = await client.jsonPatch('/api/v1/namespaces/a', []).catch((e: unknown) => e);
    expect((err as ApiError).serverMessage).toBe(
      'the server rejected our request due to an error in our request: testing value /metadata/resourceVersion failed: test failed',
    );
  });

  it('fails a request the server never answers after the client timeout', async () => {
    answer = () => {};
    const t0 = Date.now();
    await expect(client.withTimeout(300).get('/api/v1/namespaces')).rejects.toThrow(
      /no answer within 300 ms/,
    );
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('fails a request whose answer stops half way after the client timeout', async () => {
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"items": [');
    };
    await expect(client.withTimeout(300).forCluster('root').list('/api/v1/namespaces')).rejects.toThrow(
      /no answer within 300 ms/,
    );
  });

  it('answers within the timeout as without one', async () => {
    answer = status(200, { metadata: {}, items: [{ metadata: { name: 'a' } }] });
    const list = await client.withTimeout(5_000).list('/api/v1/namespaces');
    expect(list.items.map((i) => i.metadata?.name)).toEqual(['a']);
  });
});
