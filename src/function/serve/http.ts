import type { Server } from 'node:http';
import type { Registry } from 'prom-client';

/**
 * listenHttp serves /healthz (the process answers), /readyz (the gRPC server accepts calls) and
 * /metrics (Prometheus) on a port apart from gRPC's, and resolves once it listens. Express is
 * loaded only then: a process serving no metrics does not pay for it at start.
 */
export async function listenHttp(address: string, registry: Registry, ready: () => boolean): Promise<Server> {
  const { host, port } = splitAddress(address);
  const { default: express } = await import('express');
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok');
  });
  app.get('/readyz', (_req, res) => {
    if (ready()) res.type('text/plain').send('ok');
    else res.status(503).type('text/plain').send('not ready');
  });
  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => resolve(server));
    server.once('error', (cause) => reject(new Error(`cannot listen on ${address} for metrics`, { cause })));
  });
}

/** splitAddress returns host and port of `host:port`, `[::1]:port` or `:port`. */
export function splitAddress(address: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(address);
  if (!m) throw new Error(`cannot parse address ${JSON.stringify(address)}: want host:port`);
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port: Number(m[3]) };
}
