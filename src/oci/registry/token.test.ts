import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpSession } from './http.js';
import { fetchToken, TokenFailure } from './token.js';

// What fetchToken sends to a token server and how it reads the answers: a token endpoint that
// records requests and answers from a table (the registry side is tested in test/e2e/registry).

interface Seen {
  method: string;
  url: URL;
  authorization?: string;
  form?: URLSearchParams;
}

describe('fetchToken', () => {
  let server: Server;
  let realm = '';
  const seen: Seen[] = [];
  let answer: (s: Seen) => { status: number; body: unknown } = () => ({ status: 200, body: { token: 't' } });
  const session = new HttpSession();

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const s = await record(req);
      seen.push(s);
      const { status, body } = answer(s);
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    realm = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  });
  afterAll(async () => {
    session.close();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen.length = 0;
  });

  const challenge = () => ({ scheme: 'bearer', params: { realm, service: 'registry.example' } });
  const scopes = ['repository:fn/x:pull,push'];

  it('GETs the realm with service, scopes and Basic credentials', async () => {
    answer = () => ({ status: 200, body: { token: 'abc', expires_in: 300 } });
    const before = Date.now();
    const token = await fetchToken(session, challenge(), scopes, { username: 'u', password: 'p' }, true);
    expect(token.token).toBe('abc');
    expect(token.expiresAt).toBeGreaterThan(before + 280_000);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.method).toBe('GET');
    expect(seen[0]!.url.searchParams.get('service')).toBe('registry.example');
    expect(seen[0]!.url.searchParams.getAll('scope')).toEqual(scopes);
    expect(seen[0]!.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
  });

  it('asks anonymously without credentials, and reads access_token', async () => {
    answer = () => ({ status: 200, body: { access_token: 'anon' } });
    expect((await fetchToken(session, challenge(), scopes, undefined, true)).token).toBe('anon');
    expect(seen[0]!.authorization).toBeUndefined();
  });

  it('POSTs a refresh_token grant for an identity token, and GETs when there is no OAuth2 endpoint', async () => {
    answer = (s) =>
      s.method === 'POST' ? { status: 404, body: {} } : { status: 200, body: { token: 'fallback' } };
    const token = await fetchToken(session, challenge(), scopes, { identityToken: 'refresh-me' }, true);
    expect(token.token).toBe('fallback');
    expect(seen.map((s) => s.method)).toEqual(['POST', 'GET']);
    expect(Object.fromEntries(seen[0]!.form!)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'refresh-me',
      client_id: 'kxp',
      scope: scopes[0],
      service: 'registry.example',
    });
  });

  it('says which scopes the token server refused, quoting its errors', async () => {
    answer = () => ({
      status: 401,
      body: { errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] },
    });
    const err = await fetchToken(session, challenge(), scopes, { username: 'u', password: 'x' }, true).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TokenFailure);
    expect(err).toMatchObject({ reason: 'unauthorized', status: 401 });
    expect((err as Error).message).toBe(
      `token server ${realm} refused ${scopes[0]}: denied: UNAUTHORIZED: bad credentials (HTTP 401)`,
    );
  });

  it('refuses an HTTP realm for a registry spoken to over HTTPS', async () => {
    await expect(fetchToken(session, challenge(), scopes, undefined, false)).rejects.toThrow(
      `its Bearer realm ${realm} is not HTTPS (allowed only for a plain-HTTP registry)`,
    );
    expect(seen).toEqual([]);
  });
});

async function record(req: IncomingMessage): Promise<Seen> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  const s: Seen = { method: req.method ?? '', url: new URL(req.url ?? '/', 'http://x') };
  if (req.headers.authorization) s.authorization = req.headers.authorization;
  if (body) s.form = new URLSearchParams(body);
  return s;
}
