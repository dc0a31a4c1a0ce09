import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { PeerProcess } from './process.js';

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** The process whose readiness this is: its early exit fails fast, and its log tail is shown. */
  process?: PeerProcess;
}

/**
 * waitUntil polls check until it returns true. It fails when the timeout passes or the peer's
 * process exits, with an error naming the peer, what was awaited, and the tail of its log.
 */
export async function waitUntil(
  peer: string,
  what: string,
  check: () => Promise<boolean>,
  opts: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (opts.process && !opts.process.running) {
      throw new Error(
        `${peer} exited before ${what}\n--- last lines of ${opts.process.log}\n${opts.process.tail()}`,
      );
    }
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
  }
  const lastError = last instanceof Error ? `\nlast error: ${last.message}` : '';
  const log = opts.process ? `\n--- last lines of ${opts.process.log}\n${opts.process.tail()}` : '';
  throw new Error(`${peer}: timed out after ${opts.timeoutMs / 1000}s waiting for ${what}${lastError}${log}`);
}

/** httpOk returns a check that passes when url answers 2xx (TLS certificates are not verified). */
export function httpOk(url: string, headers: Record<string, string> = {}): () => Promise<boolean> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return () =>
    new Promise<boolean>((resolve, reject) => {
      const req = request(url, { headers, rejectUnauthorized: false, timeout: 5000 }, (res) => {
        res.resume();
        resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300);
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end();
    });
}
