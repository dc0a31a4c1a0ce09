import { basicAuthorization, type Credentials, credentialsFor, dockerConfigPath } from './auth.js';
import { type Challenge, parseChallenges, pickChallenge, repositoryScope } from './challenge.js';
import {
  describeAnswer,
  parseErrorBody,
  RegistryError,
  type RegistryErrorReason,
  reasonFor,
} from './errors.js';
import { type HttpAnswer, type HttpRequest, HttpSession } from './http.js';
import { allowsPlainHttp, refusedTls, registryHost } from './scheme.js';
import { type BearerToken, fetchToken, TokenFailure } from './token.js';

// One registry's connection: which scheme it speaks (found by pinging /v2/), how it wants to be
// authenticated (its challenge), and the tokens it gave, per scope. Every request goes through
// `call`, which authenticates it, retries once after a fresh challenge, and turns whatever goes
// wrong into a RegistryError naming the step.

export interface ConnectionOptions {
  insecure?: boolean;
  caCertificates?: string[];
  /** Credentials to answer challenges with; when absent they are looked up in the Docker config. */
  credentials?: Credentials;
  /** Environment for the Docker config lookup (DOCKER_CONFIG, HOME, PATH for helpers). */
  env?: NodeJS.ProcessEnv;
  userAgent?: string;
  timeoutMs?: number;
  /** Called after every HTTP exchange with the registry (for logs and tests). */
  onRequest?: (method: string, url: string, status: number) => void;
}

/** A request to the registry: a path under its origin (`/v2/...`) or a URL it handed out. */
export interface CallRequest {
  method: HttpRequest['method'];
  target: string | URL;
  /** The repository it concerns (for the token scope and error messages). */
  repository?: string;
  /** Whether it writes (token scope pull,push). */
  push?: boolean;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Statuses that are success; anything else throws. */
  ok: number[];
}

interface Origin {
  base: string;
  challenge?: Challenge;
}

/** A connection to one registry, shared by the operations of a RegistryClient. */
export class RegistryConnection {
  readonly host: string;
  private readonly session: HttpSession;
  private origin?: Promise<Origin>;
  private creds?: Promise<Credentials | undefined>;
  private readonly tokens = new Map<string, BearerToken>();

  constructor(
    readonly registry: string,
    private readonly opts: ConnectionOptions = {},
  ) {
    this.host = registryHost(registry);
    this.session = new HttpSession(opts);
  }

  /** call returns the registry's answer to req when its status is one of req.ok, or throws a RegistryError. */
  async call(step: string, req: CallRequest): Promise<HttpAnswer> {
    const origin = await this.connect(step, req.repository);
    const url = typeof req.target === 'string' ? new URL(req.target, origin.base) : req.target;
    const scope = req.repository ? repositoryScope(req.repository, req.push ?? false) : undefined;
    const first = await this.authorization(step, req, origin, scope, false);
    let answer = await this.send(step, req, url, origin, first);
    if (answer.status === 401) {
      const challenge = pickChallenge(parseChallenges(answer.headers['www-authenticate']));
      if (challenge) {
        origin.challenge = challenge;
        const scopes = [...new Set([scope, challenge.params.scope].filter((s): s is string => !!s))];
        const auth = await this.authorization(step, req, origin, scopes.join(' '), true);
        if (auth !== undefined || first !== undefined) answer = await this.send(step, req, url, origin, auth);
      }
    }
    if (req.ok.includes(answer.status)) return answer;
    const errors = parseErrorBody(answer.body);
    const why = describeAnswer(answer.status, errors, answer.body) + (await this.hint(answer.status));
    throw this.error(step, req.repository, reasonFor(answer.status, errors), why, {
      status: answer.status,
      errors,
    });
  }

  /** hint returns what to do about a refusal: log in, or check the credentials that were sent. */
  private async hint(status: number): Promise<string> {
    if (status !== 401 && status !== 403) return '';
    const creds = await (this.opts.credentials ? Promise.resolve(this.opts.credentials) : this.creds)?.catch(
      () => undefined,
    );
    if (creds && Object.keys(creds).length) {
      return status === 401
        ? `; the credentials for ${this.registry} were refused`
        : `; the credentials for ${this.registry} lack access`;
    }
    const where = this.opts.credentials ? 'were given' : `are in ${dockerConfigPath(this.opts.env)}`;
    return `; no credentials for ${this.registry} ${where} (log in with \`docker login ${this.registry}\`)`;
  }

  /** error returns a RegistryError `cannot <step>: <why>`. */
  error(
    step: string,
    repository: string | undefined,
    reason: RegistryErrorReason,
    why: string,
    extra: { status?: number; errors?: ReturnType<typeof parseErrorBody>; cause?: unknown } = {},
  ): RegistryError {
    const options = extra.cause === undefined ? undefined : { cause: extra.cause };
    return new RegistryError(
      `cannot ${step}: ${why}`,
      reason,
      this.registry,
      repository,
      extra.status,
      extra.errors,
      options,
    );
  }

  /** close drops kept-alive connections. */
  close(): void {
    this.session.close();
  }

  private async send(
    step: string,
    req: CallRequest,
    url: URL,
    origin: Origin,
    auth: string | undefined,
  ): Promise<HttpAnswer> {
    // Credentials go to the registry only, never to a storage or upload host it points at.
    const own = url.origin === new URL(origin.base).origin;
    const headers = { ...req.headers, ...(auth && own ? { Authorization: auth } : {}) };
    try {
      const answer = await this.session.send({
        method: req.method,
        url,
        headers,
        ...(req.body ? { body: req.body } : {}),
      });
      this.opts.onRequest?.(req.method, url.toString(), answer.status);
      return answer;
    } catch (cause) {
      this.origin = undefined; // ping again next time: the registry may have moved or restarted
      throw this.error(
        step,
        req.repository,
        'unreachable',
        `registry ${this.registry} is unreachable: ${message(cause)}`,
        {
          cause,
        },
      );
    }
  }

  private connect(step: string, repository: string | undefined): Promise<Origin> {
    if (!this.origin) {
      this.origin = this.ping();
      this.origin.catch(() => {
        this.origin = undefined;
      });
    }
    return this.origin.catch((cause: unknown) => {
      if (cause instanceof PingFailure) {
        throw this.error(step, repository, cause.reason, cause.message, { cause: cause.cause });
      }
      throw cause;
    });
  }

  /** ping finds the scheme (HTTPS, or HTTP when allowed and HTTPS is refused) and the challenge of /v2/. */
  private async ping(): Promise<Origin> {
    const schemes = this.schemes();
    const tried: string[] = [];
    for (const scheme of schemes) {
      const url = new URL(`${scheme}://${this.host}/v2/`);
      let answer: HttpAnswer;
      try {
        answer = await this.session.send({ method: 'GET', url });
      } catch (cause) {
        tried.push(`${url}: ${message(cause)}`);
        if (scheme === 'https' && schemes.includes('http') && refusedTls(cause)) continue;
        throw this.pingFailure(cause, tried);
      }
      this.opts.onRequest?.('GET', url.toString(), answer.status);
      return this.originOf(scheme, url, answer);
    }
    throw new PingFailure(`registry ${this.registry} is unreachable: ${tried.join('; ')}`, 'unreachable');
  }

  /** schemes returns the schemes to try, in order. */
  private schemes(): string[] {
    if (this.opts.insecure) return ['http'];
    return allowsPlainHttp(this.host) ? ['https', 'http'] : ['https'];
  }

  private originOf(scheme: string, url: URL, answer: HttpAnswer): Origin {
    const base = `${scheme}://${this.host}`;
    if (answer.status === 200) return { base };
    if (answer.status === 401) {
      const challenge = pickChallenge(parseChallenges(answer.headers['www-authenticate']));
      return challenge ? { base, challenge } : { base };
    }
    const errors = parseErrorBody(answer.body);
    throw new PingFailure(
      `${url} answered ${describeAnswer(answer.status, errors, answer.body)}: is ${this.registry} an OCI registry?`,
      'http',
    );
  }

  private pingFailure(cause: unknown, tried: string[]): PingFailure {
    const text = `${message(cause)} ${(cause as NodeJS.ErrnoException).code ?? ''}`;
    if (/certificate|self[- ]signed|altname|CERT_/i.test(text)) {
      const hint = /altname/i.test(text) ? 'it is for another name' : 'trust its CA with caCertificates';
      return new PingFailure(
        `the TLS certificate of registry ${this.registry} is not trusted: ${tried.join('; ')} (${hint})`,
        'tls',
        cause,
      );
    }
    return new PingFailure(
      `registry ${this.registry} is unreachable: ${tried.join('; ')}`,
      'unreachable',
      cause,
    );
  }

  private async authorization(
    step: string,
    req: CallRequest,
    origin: Origin,
    scope: string | undefined,
    fresh: boolean,
  ): Promise<string | undefined> {
    const challenge = origin.challenge;
    if (!challenge) return undefined;
    const creds = await this.credentials(step, req.repository);
    if (challenge.scheme === 'basic') return creds ? basicAuthorization(creds) : undefined;
    if (challenge.scheme !== 'bearer') return undefined;
    if (creds?.registryToken) return `Bearer ${creds.registryToken}`;
    const key = scope ?? '';
    const cached = this.tokens.get(key);
    if (cached && !fresh && cached.expiresAt > Date.now()) return `Bearer ${cached.token}`;
    try {
      const token = await fetchToken(
        this.session,
        challenge,
        key ? key.split(' ') : [],
        creds,
        origin.base.startsWith('http:'),
      );
      this.tokens.set(key, token);
      return `Bearer ${token.token}`;
    } catch (cause) {
      if (!(cause instanceof TokenFailure)) throw cause;
      throw this.error(step, req.repository, cause.reason, cause.message, {
        ...(cause.status ? { status: cause.status } : {}),
        cause,
      });
    }
  }

  private credentials(step: string, repository: string | undefined): Promise<Credentials | undefined> {
    if (this.opts.credentials) return Promise.resolve(this.opts.credentials);
    this.creds ??= credentialsFor(this.registry, this.opts.env);
    return this.creds.catch((cause: unknown) => {
      this.creds = undefined;
      throw this.error(step, repository, 'unauthorized', message(cause), { cause });
    });
  }
}

class PingFailure extends Error {
  constructor(
    message: string,
    readonly reason: RegistryErrorReason,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

function message(err: unknown): string {
  // Duck-typed: errors from Node's internals come from another realm under jest's VM modules.
  if (typeof err !== 'object' || err === null || !('message' in err)) return String(err);
  const e = err as NodeJS.ErrnoException & { errors?: unknown[] };
  if (Array.isArray(e.errors) && e.errors.length) return e.errors.map(message).join('; ');
  const code = e.code;
  if (!e.message) return code ?? 'unknown error';
  return code && !e.message.includes(code) ? `${e.message} (${code})` : e.message;
}
