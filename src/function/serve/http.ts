import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

/**
 * listenHttp serves /healthz (the process answers), /readyz (the gRPC server accepts calls) and
 * /metrics (Prometheus) on a port apart from gRPC's, and resolves once it listens. Three fixed
 * routes need no web framework: node:http keeps a function's start and memory small.
 */
export async function listenHttp(address: string, registry: Registry, ready: () => boolean): Promise<Server> {
  const { host, port } = splitAddress(address);
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'text/plain', 'method not allowed');
    if (path === '/healthz') return send(res, 200, 'text/plain', 'ok');
    if (path === '/readyz')
      return ready() ? send(res, 200, 'text/plain', 'ok') : send(res, 503, 'text/plain', 'not ready');
    if (path === '/metrics') {
      registry.metrics().then(
        (text) => send(res, 200, registry.contentType, text),
        (err: Error) => send(res, 500, 'text/plain', `cannot collect metrics: ${err.message}`),
      );
      return;
    }
    send(res, 404, 'text/plain', 'not found');
  });
  return new Promise((resolve, reject) => {
    server.once('error', (cause) => reject(new Error(`cannot listen on ${address} for metrics`, { cause })));
    server.listen(port, host, () => resolve(server));
  });
}

/** send answers a request with status and body. */
function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** splitAddress returns host and port of `host:port`, `[::1]:port` or `:port`. */
export function splitAddress(address: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(address);
  if (!m) throw new Error(`cannot parse address ${JSON.stringify(address)}: want host:port`);
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port: Number(m[3]) };
}
