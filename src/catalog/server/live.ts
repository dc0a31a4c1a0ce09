/**
 * Server-Sent Events relayed from kcp watches made with the user's identity: the page's script gets
 * one `claim` event per object listed or changed, and a comment every 15 s keeps proxies from closing
 * the stream. The watches end when the browser goes away.
 */
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { KubeObject, RestClient } from '../../kube/rest.js';
import { watchCollection } from '../../kube/watch.js';

export interface Relayed {
  /** event names the Server-Sent Event the page's script listens for. */
  event: 'claim' | 'secret';
  client: RestClient;
  path: string;
  query?: Record<string, string>;
  /** data returns what the page gets of an object, or undefined to send nothing. */
  data: (obj: KubeObject, type: string) => unknown;
}

/** relay streams the events of every collection to the response until the request closes. */
export function relay(req: Request, res: Response, log: Logger, collections: readonly Relayed[]): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(': live\n\n');
  const done = new AbortController();
  const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
  req.on('close', () => {
    clearInterval(ping);
    done.abort();
  });
  for (const c of collections) {
    void watchCollection({
      client: c.client,
      path: c.path,
      query: c.query,
      signal: done.signal,
      log,
      onObject: (obj, type) => {
        const data = c.data(obj, type === 'LISTED' ? 'MODIFIED' : type);
        if (data !== undefined) res.write(`event: ${c.event}\ndata: ${JSON.stringify(data)}\n\n`);
      },
    });
  }
}
