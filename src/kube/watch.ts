/**
 * List-then-watch of one collection that keeps going: it watches from the list's resourceVersion,
 * resumes from the last one seen when the server ends the stream, and lists again when the version
 * expired (410 Gone) or the connection failed. Every listed object and every event is reported.
 */
import type { Logger } from 'pino';
import { ApiError, isForbidden } from './errors.js';
import type { KubeObject, RestClient, WatchEvent } from './rest.js';

export interface WatchOptions {
  client: RestClient;
  /** path of the collection, such as /apis/apis.kcp.io/v1alpha2/apiexports. */
  path: string;
  query?: Record<string, string>;
  /** onObject is called for every object listed and every ADDED, MODIFIED or DELETED event. */
  onObject: (obj: KubeObject, type: WatchEvent['type'] | 'LISTED') => void;
  /** onListed is told true once a list has been reported whole, and false when the watch is lost. */
  onListed?: (listed: boolean) => void;
  /** onError is told of each failure; when it returns true it reported the failure itself, and the watch logs nothing. */
  onError?: (err: unknown) => boolean;
  signal: AbortSignal;
  log: Logger;
}

/** watchCollection lists and watches until signal aborts; it never rejects. */
export async function watchCollection(o: WatchOptions): Promise<void> {
  let failures = 0;
  // The first list is served from the server's watch cache (resourceVersion 0), as client-go's
  // reflectors do: far cheaper for the server than a consistent read (kcp kept a CPU busy for a
  // second after a consistent list of 2,000 objects through a virtual workspace, measured), and the
  // watch from the list's version brings what the cache had not caught up with. Later lists follow
  // an expired version (410 Gone) or a lost connection, and read consistently.
  let fromCache = true;
  while (!o.signal.aborted) {
    try {
      const list = await o.client.list(o.path, listQuery(o.query, fromCache));
      for (const item of list.items) o.onObject(item, 'LISTED');
      o.onListed?.(true);
      let rv = list.metadata.resourceVersion;
      failures = 0;
      fromCache = false;
      // Watch from rv until the server says it expired; a stream the server just ends is resumed.
      while (!o.signal.aborted && rv !== undefined) {
        const started = Date.now();
        rv = await watchOnce(o, rv);
        // A server that ends streams at once must not be asked again in a tight loop.
        if (Date.now() - started < 1_000) await sleep(1_000, o.signal);
      }
    } catch (err) {
      o.onListed?.(false);
      if (o.signal.aborted) return;
      failures++;
      await afterFailure(o, err, failures);
    }
  }
}

/**
 * afterFailure reports the nth failure in a row (unless onError reported it) and waits before the
 * next list, jittered; a refused right is not granted in a moment, so it is asked for less often.
 */
async function afterFailure(o: WatchOptions, err: unknown, failures: number): Promise<void> {
  if (!o.onError?.(err)) o.log.warn({ err, path: o.path }, 'cannot watch, listing again');
  const cap = isForbidden(err) ? 30_000 : 10_000;
  await sleep(Math.min(500 * 2 ** failures, cap) * (0.5 + Math.random() / 2), o.signal);
}

/** listQuery returns the query of a list, served from the watch cache when fromCache. */
function listQuery(query: Record<string, string> | undefined, fromCache: boolean) {
  return fromCache ? { ...query, resourceVersion: '0' } : query;
}

/** watchOnce watches one stream from rv and returns the last version seen, or undefined to list again. */
async function watchOnce(o: WatchOptions, from: string): Promise<string | undefined> {
  let rv: string | undefined = from;
  try {
    await o.client.watch(
      o.path,
      { ...o.query, resourceVersion: from },
      (ev) => {
        if (rv === undefined) return;
        if (ev.type === 'ERROR') {
          // A Status object; 410 Gone (or any error) means this version is no longer served.
          rv = undefined;
          return;
        }
        rv = ev.object.metadata?.resourceVersion ?? rv;
        if (ev.type !== 'BOOKMARK') o.onObject(ev.object, ev.type);
      },
      o.signal,
    );
  } catch (err) {
    if (err instanceof ApiError && err.status === 410) return undefined;
    throw err;
  }
  return rv;
}

/** sleep resolves after ms, or at once when signal aborts; it leaves no listener on signal behind. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
