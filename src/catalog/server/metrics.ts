/** The catalog's Prometheus metrics, in a registry of its own (several catalogs, and tests, can share a process). */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface CatalogMetrics {
  registry: Registry;
  requests: Histogram<'method' | 'status'>;
  signIns: Counter<'result'>;
  sessions: Gauge;
}

/** catalogMetrics returns a fresh registry with the catalog's metrics; sessions reads the live sessions' count. */
export function catalogMetrics(sessions: () => number): CatalogMetrics {
  const registry = new Registry();
  return {
    registry,
    requests: new Histogram({
      name: 'kxp_catalog_request_duration_seconds',
      help: 'How long the catalog took to answer a request, by method and status.',
      labelNames: ['method', 'status'],
      registers: [registry],
    }),
    signIns: new Counter({
      name: 'kxp_catalog_sign_ins_total',
      help: 'Sign-ins, by result (accepted or refused).',
      labelNames: ['result'],
      registers: [registry],
    }),
    sessions: new Gauge({
      name: 'kxp_catalog_sessions',
      help: 'Signed-in sessions held.',
      registers: [registry],
      collect() {
        this.set(sessions());
      },
    }),
  };
}
