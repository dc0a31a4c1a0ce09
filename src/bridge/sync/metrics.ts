/** The sync engine's Prometheus metrics, registered in the bridge's registry. */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface SyncMetrics {
  syncs: Counter<'binding' | 'lane' | 'outcome'>;
  queueDepth: Gauge<'binding'>;
  downSyncLatency: Histogram<'binding'>;
}

/** syncMetrics returns the sync engine's metrics, registered in registry. */
export function syncMetrics(registry: Registry): SyncMetrics {
  return {
    syncs: new Counter({
      name: 'kxp_bridge_syncs_total',
      help: 'Passes of the sync engine over one object, by lane (down: to the service cluster, up: to kcp) and outcome (synced, rejected, deleted, requeued, gone, waiting, error).',
      labelNames: ['binding', 'lane', 'outcome'],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'kxp_bridge_sync_queue_depth',
      help: 'Objects waiting in the sync queue of a binding.',
      labelNames: ['binding'],
      registers: [registry],
    }),
    downSyncLatency: new Histogram({
      name: 'kxp_bridge_down_sync_latency_seconds',
      help: 'From a kcp object change being seen to its copy applied in the service cluster.',
      labelNames: ['binding'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
  };
}
