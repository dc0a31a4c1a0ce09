/** The bridge's Prometheus metrics, in a registry of its own so several bridges (and tests) can share a process. */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface BridgeMetrics {
  registry: Registry;
  reconciles: Counter<'export' | 'result'>;
  duration: Histogram<'export'>;
  resources: Gauge<'export' | 'state'>;
  leader: Gauge;
  endpoints: Gauge<'endpoint'>;
}

/** bridgeMetrics returns a fresh registry with the bridge's metrics. */
export function bridgeMetrics(): BridgeMetrics {
  const registry = new Registry();
  return {
    registry,
    reconciles: new Counter({
      name: 'kxp_bridge_reconciles_total',
      help: 'Reconciles of an export, by result (success or error).',
      labelNames: ['export', 'result'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'kxp_bridge_reconcile_duration_seconds',
      help: 'How long a reconcile of an export took.',
      labelNames: ['export'],
      registers: [registry],
    }),
    resources: new Gauge({
      name: 'kxp_bridge_resources',
      help: 'Resources of an export by state (bound, published, refused, pending).',
      labelNames: ['export', 'state'],
      registers: [registry],
    }),
    leader: new Gauge({
      name: 'kxp_bridge_leader',
      help: '1 while this replica leads and reconciles, else 0.',
      registers: [registry],
    }),
    endpoints: new Gauge({
      name: 'kxp_bridge_endpoint_held',
      help: '1 for each export endpoint (a kcp shard) whose workspaces this replica syncs, 0 for one another replica holds (with --divide-endpoints).',
      labelNames: ['endpoint'],
      registers: [registry],
    }),
  };
}
