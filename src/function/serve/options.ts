import { parseArgs } from 'node:util';

/** How `serve` runs a function; the flags and environment follow the Go and Python SDKs. */
export interface ServeOptions {
  /** gRPC listen address, host:port. */
  address: string;
  /** Serve without TLS (for `crossplane render` with the Development runtime, never in a cluster). */
  insecure: boolean;
  /** Folder with tls.crt, tls.key and ca.crt; client certificates signed by ca.crt are required. */
  tlsCertsDir?: string;
  /** Largest request accepted, in bytes: compositions with many resources exceed gRPC's 4 MiB default. */
  maxRecvMessageSize: number;
  /** HTTP address of /healthz, /readyz and /metrics; empty disables it. */
  metricsAddress: string;
  debug: boolean;
  /** How long SIGTERM waits for calls in flight before closing them. */
  drainTimeoutMs: number;
}

export const defaultServeOptions: ServeOptions = {
  address: '0.0.0.0:9443',
  insecure: false,
  maxRecvMessageSize: 16 * 1024 * 1024,
  metricsAddress: '0.0.0.0:8080',
  debug: false,
  drainTimeoutMs: 25_000,
};

/**
 * serveOptionsFromArgs returns the options given by command-line flags, then the environment
 * (TLS_SERVER_CERTS_DIR, and KXP_METRICS_ADDRESS for the metrics address), then defaults (a packaged function's image defaults the certificates folder to /tls/server, where
 * Crossplane's Deployment runtime mounts them).
 */
export function serveOptionsFromArgs(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  defaults: Partial<ServeOptions> = {},
): ServeOptions {
  const { values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      address: { type: 'string' },
      insecure: { type: 'boolean' },
      'tls-certs-dir': { type: 'string' },
      'max-recv-message-size': { type: 'string' },
      'metrics-address': { type: 'string' },
      debug: { type: 'boolean', short: 'd' },
    },
  });
  const opts: ServeOptions = { ...defaultServeOptions, ...defaults };
  if (values.address) opts.address = values.address;
  if (values.insecure) opts.insecure = true;
  if (values.debug) opts.debug = true;
  const metrics = values['metrics-address'] ?? env.KXP_METRICS_ADDRESS;
  if (metrics !== undefined) opts.metricsAddress = metrics;
  const certs = values['tls-certs-dir'] ?? env.TLS_SERVER_CERTS_DIR;
  if (certs) opts.tlsCertsDir = certs;
  const size = values['max-recv-message-size'];
  if (size !== undefined) opts.maxRecvMessageSize = parseSize(size);
  return opts;
}

/** parseSize returns a byte count from `4194304`, `4Mi`, `64MiB` or `512Ki`. */
export function parseSize(text: string): number {
  const m = /^(\d+)\s*(Ki|Mi|Gi|KiB|MiB|GiB)?$/.exec(text.trim());
  if (!m)
    throw new Error(
      `cannot parse message size ${JSON.stringify(text)}: want bytes, or a number with Ki, Mi or Gi`,
    );
  const unit =
    { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 }[(m[2] ?? '').replace('B', '') as 'Ki' | 'Mi' | 'Gi'] ?? 1;
  return Number(m[1]) * unit;
}
