import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';

// The HTTP exchanges of the registry client, over node:http and node:https (Node's fetch cannot
// take extra CA certificates without undici's own Agent). Bodies are buffered: manifests are
// small, and blobs are pushed and pulled whole so their digests can be checked.

/** A request to send. */
export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: URL;
  headers?: Record<string, string>;
  body?: Buffer;
}

/** An answer, after redirects: its status, headers, whole body, and the URL that gave it. */
export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  url: URL;
}

export interface HttpSessionOptions {
  /** PEM certificates trusted beside Node's built-in roots. */
  caCertificates?: string[];
  /** Per-request inactivity limit (default 60 s). */
  timeoutMs?: number;
  userAgent?: string;
}

const redirects = new Set([301, 302, 303, 307, 308]);
const maxRedirects = 10;

/**
 * An HttpSession keeps connections to one registry (and its token and storage hosts) alive and
 * follows redirects. A redirect to another host loses the Authorization header, so credentials
 * never leave the host they were meant for (blob downloads are often redirected to storage).
 */
export class HttpSession {
  private readonly https: HttpsAgent;
  private readonly http = new HttpAgent({ keepAlive: true });
  private readonly timeoutMs: number;
  private readonly userAgent: string;

  constructor(opts: HttpSessionOptions = {}) {
    const ca = opts.caCertificates?.length ? [...rootCertificates, ...opts.caCertificates] : undefined;
    this.https = new HttpsAgent({ keepAlive: true, ...(ca ? { ca } : {}) });
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.userAgent = opts.userAgent ?? 'kxp';
  }

  /** send returns the answer to req, following redirects of GET and HEAD requests. */
  async send(req: HttpRequest): Promise<HttpAnswer> {
    let current = req;
    for (let hop = 0; ; hop++) {
      const answer = await this.once(current);
      const location = answer.headers.location;
      const follow = redirects.has(answer.status) && location && ['GET', 'HEAD'].includes(current.method);
      if (!follow || hop >= maxRedirects) return answer;
      const next = new URL(location, current.url);
      const headers = { ...current.headers };
      if (next.host !== current.url.host) delete headers.Authorization;
      current = { method: current.method, url: next, headers };
    }
  }

  /** close drops the kept-alive connections. */
  close(): void {
    this.https.destroy();
    this.http.destroy();
  }

  /**
   * once sends req, and sends it again when it went out on a kept-alive connection that the
   * server had closed meanwhile (Node's advice for `request.reusedSocket`).
   */
  private async once(req: HttpRequest): Promise<HttpAnswer> {
    try {
      return await this.attempt(req);
    } catch (err) {
      if (!(err as { reusedSocket?: boolean }).reusedSocket) throw err;
      return this.attempt(req);
    }
  }

  private attempt(req: HttpRequest): Promise<HttpAnswer> {
    const secure = req.url.protocol === 'https:';
    const request = secure ? httpsRequest : httpRequest;
    const headers: Record<string, string> = { 'User-Agent': this.userAgent, ...req.headers };
    if (req.body) headers['Content-Length'] = String(req.body.length);
    else if (req.method === 'PUT' || req.method === 'POST') headers['Content-Length'] = '0';
    return new Promise((resolve, reject) => {
      const r = request(
        req.url,
        { method: req.method, headers, agent: secure ? this.https : this.http, timeout: this.timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks),
              url: req.url,
            }),
          );
        },
      );
      r.on('timeout', () =>
        r.destroy(
          Object.assign(new Error(`no answer within ${this.timeoutMs / 1000}s`), { code: 'ETIMEDOUT' }),
        ),
      );
      r.on('error', (err: NodeJS.ErrnoException) => {
        const stale = r.reusedSocket && (err.code === 'ECONNRESET' || err.message === 'socket hang up');
        reject(stale ? Object.assign(err, { reusedSocket: true }) : err);
      });
      r.end(req.body);
    });
  }
}

/** header returns one response header as a string (the first, if it was sent more than once). */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
