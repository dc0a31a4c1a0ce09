/** A running catalog: the app served over HTTP(S) on its address, with a graceful stop. */
import { createServer as createHttp, type Server } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { CatalogOptions } from '../config.js';
import { Sessions } from '../session/sessions.js';
import { catalogApp } from './app.js';
import { catalogMetrics } from './metrics.js';

export interface RunningCatalog {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** startCatalog serves the catalog of options and resolves once it listens. */
export async function startCatalog(options: CatalogOptions, log: Logger): Promise<RunningCatalog> {
  const sessions = new Sessions();
  const app = catalogApp({ options, sessions, log, metrics: catalogMetrics(() => sessions.size) });
  const server: Server = options.tls
    ? createHttps({ cert: options.tls.cert, key: options.tls.key }, app)
    : createHttp(app);
  const at = options.address.lastIndexOf(':');
  const host = options.address.slice(0, at) || '127.0.0.1';
  const port = Number(options.address.slice(at + 1));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (cause) =>
      reject(new Error(`cannot listen on ${options.address}: ${cause.message}`, { cause })),
    );
    server.listen(port, host.replace(/^\[|\]$/g, ''), resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  const url = `${options.tls ? 'https' : 'http'}://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${bound}`;
  log.info({ url, exports: options.exports.map((e) => `${e.path}:${e.name}`) }, 'catalog serving');
  return {
    url,
    port: bound,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
