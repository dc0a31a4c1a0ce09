import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { peerBinary } from './peers.js';
import { freePorts } from './ports.js';
import { PeerProcess } from './process.js';
import { httpOk, waitUntil } from './ready.js';

/** An OCI registry (the distribution project's `registry`) on loopback, plain HTTP unless given TLS. */
export interface Registry {
  process: PeerProcess;
  /** `127.0.0.1:PORT`, the registry part of image references (`127.0.0.1:PORT/fn/x:v1`). */
  host: string;
  /** `http://127.0.0.1:PORT` (`https://` with TLS). */
  url: string;
  /** The debug server: `/debug/health` and Prometheus `/metrics`. */
  debugUrl: string;
}

export interface RegistryOptions {
  /** Process and folder name under dir (default `registry`), so one stack can run two. */
  name?: string;
  /** An htpasswd file (bcrypt entries): the registry then wants Basic credentials for everything. */
  htpasswd?: string;
  /** PEM files of a server certificate and its key: the registry then serves HTTPS only. */
  tls?: { cert: string; key: string };
}

/**
 * startRegistry starts an OCI registry storing its content under `<dir>/<name>/`, on a free
 * loopback port with deletes enabled, and returns once `GET /v2/` answers (401 counts when
 * it wants credentials).
 */
export async function startRegistry(
  dir: string,
  detach: boolean,
  opts: RegistryOptions = {},
): Promise<Registry> {
  const name = opts.name ?? 'registry';
  const [port, debugPort] = await freePorts(2);
  const host = `127.0.0.1:${port}`;
  const url = `${opts.tls ? 'https' : 'http'}://${host}`;
  const debugUrl = `http://127.0.0.1:${debugPort}`;
  const home = join(dir, name);
  mkdirSync(join(home, 'data'), { recursive: true });
  const config = join(home, 'config.yml');
  writeFileSync(config, stringify(registryConfig(home, host, `127.0.0.1:${debugPort}`, opts)), {
    mode: 0o600,
  });
  const process = PeerProcess.start(name, peerBinary('registry'), ['serve', config], {
    dir,
    detach,
    // Its tracing exports to an OTLP collector on localhost by default: there is none.
    env: { OTEL_TRACES_EXPORTER: 'none' },
  });
  const v2 = opts.htpasswd ? answers401(`${url}/v2/`) : httpOk(`${url}/v2/`);
  await waitUntil(name, `${url}/v2/`, v2, { timeoutMs: 30_000, intervalMs: 100, process });
  return { process, host, url, debugUrl };
}

function registryConfig(home: string, addr: string, debugAddr: string, opts: RegistryOptions): object {
  return {
    version: '0.1',
    log: { level: 'info', accesslog: { disabled: true }, fields: { service: 'registry' } },
    storage: {
      filesystem: { rootdirectory: join(home, 'data') },
      delete: { enabled: true },
      maintenance: { uploadpurging: { enabled: false } },
    },
    http: {
      addr,
      // Upload state is signed with it; a fixed one per start keeps the "generated secret" warning away.
      secret: randomBytes(24).toString('hex'),
      debug: { addr: debugAddr, prometheus: { enabled: true, path: '/metrics' } },
      headers: { 'X-Content-Type-Options': ['nosniff'] },
      ...(opts.tls ? { tls: { certificate: opts.tls.cert, key: opts.tls.key } } : {}),
    },
    ...(opts.htpasswd ? { auth: { htpasswd: { realm: 'kxp', path: opts.htpasswd } } } : {}),
    health: { storagedriver: { enabled: true, interval: '10s', threshold: 3 } },
  };
}

/** answers401 returns a check that passes when url answers 401 (certificates are not verified). */
function answers401(url: string): () => Promise<boolean> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return () =>
    new Promise<boolean>((resolve, reject) => {
      const req = request(url, { rejectUnauthorized: false, timeout: 5000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 401);
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end();
    });
}
