import { basicAuthorization, type Credentials } from './auth.js';
import type { Challenge } from './challenge.js';
import { describeAnswer, parseErrorBody, reasonFor } from './errors.js';
import type { HttpAnswer, HttpRequest, HttpSession } from './http.js';

// Bearer tokens from a registry's token server (the realm of its `Bearer` challenge), as in the
// distribution token spec: GET realm?service=&scope= with Basic credentials (or none), or, with an
// identity token, POST an OAuth2 refresh_token grant (falling back to GET when the server has no
// OAuth2 endpoint).

/** A token and when it stops being valid (ms since the epoch). */
export interface BearerToken {
  token: string;
  expiresAt: number;
}

/** Why a token could not be had; the client turns it into a RegistryError naming its step. */
export class TokenFailure extends Error {
  constructor(
    message: string,
    readonly reason: 'unreachable' | 'unauthorized' | 'denied' | 'http',
    readonly status?: number,
    readonly answer?: HttpAnswer,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * fetchToken returns a token for the scopes from the realm of a Bearer challenge. `plainHttp`
 * says whether the registry itself is spoken to over HTTP; only then may the realm be HTTP.
 */
export async function fetchToken(
  session: HttpSession,
  challenge: Challenge,
  scopes: string[],
  creds: Credentials | undefined,
  plainHttp: boolean,
): Promise<BearerToken> {
  const realm = realmUrl(challenge, plainHttp);
  const service = challenge.params.service;
  let answer: HttpAnswer;
  if (creds?.identityToken) {
    answer = await exchange(session, realm, () => oauthRequest(realm, service, scopes, creds.identityToken!));
    if (answer.status === 404 || answer.status === 405) {
      answer = await exchange(session, realm, () => basicRequest(realm, service, scopes, creds));
    }
  } else {
    answer = await exchange(session, realm, () => basicRequest(realm, service, scopes, creds));
  }
  if (answer.status !== 200) {
    const errors = parseErrorBody(answer.body);
    const reason = reasonFor(answer.status, errors);
    throw new TokenFailure(
      `token server ${realm.origin}${realm.pathname} refused ${scopes.join(' ')}: ${describeAnswer(answer.status, errors, answer.body)}`,
      reason === 'unauthorized' || reason === 'denied' ? reason : 'http',
      answer.status,
      answer,
    );
  }
  return parseToken(answer, realm);
}

function realmUrl(challenge: Challenge, plainHttp: boolean): URL {
  const realm = challenge.params.realm;
  if (!realm) throw new TokenFailure('its Bearer challenge has no realm', 'http');
  let url: URL;
  try {
    url = new URL(realm);
  } catch (cause) {
    throw new TokenFailure(
      `its Bearer realm ${JSON.stringify(realm)} is not a URL`,
      'http',
      undefined,
      undefined,
      {
        cause,
      },
    );
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && plainHttp)) {
    throw new TokenFailure(
      `its Bearer realm ${realm} is not HTTPS (allowed only for a plain-HTTP registry)`,
      'http',
    );
  }
  return url;
}

async function exchange(session: HttpSession, realm: URL, build: () => HttpRequest): Promise<HttpAnswer> {
  try {
    return await session.send(build());
  } catch (cause) {
    throw new TokenFailure(
      `token server ${realm.host} is unreachable: ${(cause as Error).message}`,
      'unreachable',
      undefined,
      undefined,
      {
        cause,
      },
    );
  }
}

function basicRequest(
  realm: URL,
  service: string | undefined,
  scopes: string[],
  creds: Credentials | undefined,
): HttpRequest {
  const url = new URL(realm);
  if (service) url.searchParams.set('service', service);
  for (const scope of scopes) url.searchParams.append('scope', scope);
  const auth = creds ? basicAuthorization(creds) : undefined;
  const headers: Record<string, string> = auth ? { Authorization: auth } : {};
  return { method: 'GET', url, headers };
}

function oauthRequest(
  realm: URL,
  service: string | undefined,
  scopes: string[],
  refreshToken: string,
): HttpRequest {
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: 'kxp',
    scope: scopes.join(' '),
  });
  if (service) form.set('service', service);
  return {
    method: 'POST',
    url: new URL(realm),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: Buffer.from(form.toString()),
  };
}

function parseToken(answer: HttpAnswer, realm: URL): BearerToken {
  let body: { token?: string; access_token?: string; expires_in?: number };
  try {
    body = JSON.parse(answer.body.toString('utf8')) as typeof body;
  } catch (cause) {
    throw new TokenFailure(
      `token server ${realm.host} answered something else than JSON`,
      'http',
      200,
      answer,
      {
        cause,
      },
    );
  }
  const token = body.token || body.access_token;
  if (!token)
    throw new TokenFailure(`token server ${realm.host} answered without a token`, 'http', 200, answer);
  // The spec's default lifetime is 60 s; renew a little early.
  const seconds = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60;
  return { token, expiresAt: Date.now() + Math.max(seconds - 10, 1) * 1000 };
}
