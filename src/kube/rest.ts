import type { IncomingMessage } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import type { Credentials } from './credentials.js';
import { ApiError } from './errors.js';
import { bearerToken } from './in-cluster.js';

/** A Kubernetes-style object, as far as a generic client needs to know it. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface ObjectList<T = KubeObject> {
  metadata: { resourceVersion?: string; continue?: string };
  items: T[];
}

export interface WatchEvent<T = KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

/** RequestLimiter paces a client's requests (not its watches); take resolves when one may be sent. */
export interface RequestLimiter {
  take(): Promise<void>;
}

interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  contentType?: string;
}

/**
 * A small JSON client for Kubernetes-style API servers (kube-apiserver, kcp and its virtual
 * workspaces). It speaks plain paths so the same client reaches `/clusters/<workspace>/...` and
 * `/services/apiexport/...` URLs, and it keeps connections alive across requests.
 */
export class RestClient {
  private readonly origin: string;
  private readonly prefix: string;

  constructor(
    readonly credentials: Credentials,
    private readonly agent: Agent = newAgent(credentials),
    private readonly limiter?: RequestLimiter,
    private readonly timeoutMs?: number,
  ) {
    const url = new URL(credentials.server);
    this.origin = url.origin;
    this.prefix = url.pathname.replace(/\/$/, '');
  }

  /** withServer returns a client for another URL on the same server, sharing connections and identity. */
  withServer(server: string): RestClient {
    return new RestClient({ ...this.credentials, server }, this.agent, this.limiter, this.timeoutMs);
  }

  /** limitedBy returns this client with its requests, and those of clients derived from it, paced by limiter. */
  limitedBy(limiter: RequestLimiter): RestClient {
    return new RestClient(this.credentials, this.agent, limiter, this.timeoutMs);
  }

  /**
   * withTimeout returns this client with each request (not watch), and those of clients derived from
   * it, failed after ms: a request to a peer that went away mid-answer (a server restarting, an API
   * server waiting on its etcd) is retried rather than awaited forever.
   */
  withTimeout(ms: number): RestClient {
    return new RestClient(this.credentials, this.agent, this.limiter, ms);
  }

  /** forCluster returns a client for one kcp workspace (logical cluster name or path), or `*` for all. */
  forCluster(workspace: string): RestClient {
    const base = this.prefix.replace(/\/clusters\/[^/]+$/, '');
    return this.withServer(`${this.origin}${base}/clusters/${workspace}`);
  }

  get url(): string {
    return `${this.origin}${this.prefix}`;
  }

  get<T = KubeObject>(path: string, query?: RequestOptions['query']): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  list<T = KubeObject>(path: string, query?: RequestOptions['query']): Promise<ObjectList<T>> {
    return this.request<ObjectList<T>>('GET', path, { query });
  }

  /** create makes the object in the collection at path; fieldManager names who owns its fields. */
  create<T extends KubeObject>(path: string, body: T, fieldManager?: string): Promise<T> {
    return this.request<T>('POST', path, { body, query: fieldManager ? { fieldManager } : undefined });
  }

  /** ensure creates the object at collection path, or returns the one that already exists under its name. */
  async ensure<T extends KubeObject>(path: string, body: T): Promise<T> {
    try {
      return await this.create(path, body);
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 409)) throw err;
      return this.get<T>(`${path}/${encodeURIComponent(body.metadata?.name ?? '')}`);
    }
  }

  replace<T extends KubeObject>(path: string, body: T): Promise<T> {
    return this.request<T>('PUT', path, { body });
  }

  /** apply makes the object at path match body for the fields fieldManager owns (server-side apply). */
  apply<T extends KubeObject>(path: string, body: T, fieldManager: string, force = true): Promise<T> {
    return this.request<T>('PATCH', path, {
      body,
      query: { fieldManager, force },
      contentType: 'application/apply-patch+yaml',
    });
  }

  mergePatch<T = KubeObject>(path: string, patch: unknown): Promise<T> {
    return this.request<T>('PATCH', path, { body: patch, contentType: 'application/merge-patch+json' });
  }

  /** jsonPatch applies RFC 6902 operations (a failed `test` operation fails the whole patch). */
  jsonPatch<T = KubeObject>(path: string, operations: unknown[]): Promise<T> {
    return this.request<T>('PATCH', path, { body: operations, contentType: 'application/json-patch+json' });
  }

  remove(path: string, propagationPolicy?: 'Foreground' | 'Background' | 'Orphan'): Promise<unknown> {
    const body = propagationPolicy
      ? { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy }
      : undefined;
    return this.request('DELETE', path, { body });
  }

  async request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    await this.limiter?.take();
    const signal = this.timeoutMs === undefined ? undefined : AbortSignal.timeout(this.timeoutMs);
    let text: string;
    let res: IncomingMessage;
    try {
      res = await this.send(method, path, opts, signal);
      text = await readBody(res);
    } catch (cause) {
      if (!signal?.aborted) throw cause;
      throw new Error(
        `cannot ${method} ${this.fullUrl(path, opts.query)}: no answer within ${this.timeoutMs} ms`,
        {
          cause,
        },
      );
    }
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) throw apiError(method, this.fullUrl(path, opts.query), status, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * watch streams the events of a collection until signal aborts or the server ends the stream;
   * it resolves then. Errors from the server reject.
   */
  async watch<T = KubeObject>(
    path: string,
    query: RequestOptions['query'],
    onEvent: (event: WatchEvent<T>) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const res = await this.send(
      'GET',
      path,
      { query: { ...query, watch: true, allowWatchBookmarks: true } },
      signal,
    );
    const status = res.statusCode ?? 0;
    if (status !== 200) throw apiError('WATCH', this.fullUrl(path, query), status, await readBody(res));
    let buffered = '';
    res.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      res.on('data', (chunk: string) => {
        buffered += chunk;
        for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          if (line.trim()) onEvent(JSON.parse(line) as WatchEvent<T>);
        }
      });
      res.on('end', resolve);
      res.on('close', resolve);
      res.on('error', (err) => (signal?.aborted ? resolve() : reject(err)));
    });
  }

  private fullUrl(path: string, query?: RequestOptions['query']): string {
    const url = new URL(`${this.origin}${this.prefix}${path}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return url.toString();
  }

  private send(
    method: string,
    path: string,
    opts: RequestOptions,
    signal?: AbortSignal,
  ): Promise<IncomingMessage> {
    const url = this.fullUrl(path, opts.query);
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = bearerToken(this.credentials);
    if (token) headers.authorization = `Bearer ${token}`;
    if (payload !== undefined) {
      headers['content-type'] = opts.contentType ?? 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve, reject) => {
      const req = httpsRequest(url, { method, headers, agent: this.agent, signal }, resolve);
      req.on('error', (cause) => reject(new Error(`cannot ${method} ${url}: ${cause.message}`, { cause })));
      req.end(payload);
    });
  }
}

function newAgent(c: Credentials): Agent {
  return new Agent({
    keepAlive: true,
    maxSockets: 64,
    ca: c.ca,
    cert: c.cert,
    key: c.key,
    rejectUnauthorized: !c.insecure,
  });
}

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
    res.on('close', () => {
      if (!res.complete) reject(new Error('the connection closed before the answer was complete'));
    });
  });
}

function apiError(method: string, url: string, status: number, text: string): ApiError {
  let reason = '';
  let message = text.trim();
  let details: ApiError['details'] = {};
  try {
    const s = JSON.parse(text) as {
      reason?: string;
      message?: string;
      details?: ApiError['details'] & { causes?: { message?: string }[] };
    };
    reason = s.reason ?? '';
    message = s.message ?? message;
    details = s.details ?? {};
    // A generic message ("the server rejected our request...") keeps what went wrong in its causes.
    const causes = (s.details?.causes ?? []).map((c) => c.message).filter((m) => m && !message.includes(m));
    if (causes.length > 0) message = `${message}: ${causes.join('; ')}`;
  } catch {
    // not a Status object: keep the raw text
  }
  return new ApiError(method, url, status, reason, message, details);
}
