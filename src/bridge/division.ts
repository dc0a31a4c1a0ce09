/**
 * Replicas that divide the exports' endpoints (--divide-endpoints): every replica follows each
 * export's endpoint slice and competes for its share of the endpoints (endpoint-leases.ts), and
 * syncs the workspaces of the endpoints it holds, leader or not. The leader makes the bindings
 * (XRDs, the export) and hands them to its syncs as it reconciles; the others read them from the
 * export's status ConfigMap (followed-bindings.ts) every renew period.
 */
import type { Logger } from 'pino';
import type { RestClient } from '../kube/rest.js';
import { type BridgeConfig, leaseTiming } from './config.js';
import { exportId } from './context.js';
import { EndpointLeases } from './endpoint-leases.js';
import { followedBindings } from './followed-bindings.js';
import { followEndpoints } from './kcp/endpoints.js';
import type { BridgeMetrics } from './metrics.js';
import type { BindingSyncs } from './sync/syncs.js';

export interface DivisionOptions {
  config: BridgeConfig;
  identity: string;
  kcpRoot: RestClient;
  service: RestClient;
  metrics: BridgeMetrics;
  log: Logger;
  /** isLeader says whether this replica leads, and so makes the bindings itself. */
  isLeader: () => boolean;
}

/** Division is this replica's part in dividing the endpoints. */
export interface Division {
  leases: EndpointLeases;
  /** start begins following the slices and competing for endpoints, feeding syncs bindings while not leading. */
  start(syncs: BindingSyncs): void;
  stop(): Promise<void>;
}

/** divideEndpoints returns this replica's part in dividing the exports' endpoints, not yet started. */
export function divideEndpoints(o: DivisionOptions): Division {
  const le = o.config.leaderElection;
  const known = new Set<string>();
  const leases = new EndpointLeases({
    client: o.service,
    namespace: le.namespace,
    leaseName: le.leaseName,
    identity: o.identity,
    ...leaseTiming(le),
    log: o.log,
    onChange: (held) => {
      for (const url of known) o.metrics.endpoints.set({ endpoint: url }, held.includes(url) ? 1 : 0);
      o.log.info({ endpoints: held }, 'endpoints held changed');
    },
  });
  const stopped = new AbortController();
  let timer: NodeJS.Timeout | undefined;

  /** follow reads the leader's bindings of every export while this replica does not lead. */
  const follow = async (syncs: BindingSyncs): Promise<void> => {
    if (!o.isLeader()) {
      for (const e of o.config.exports) {
        try {
          syncs.update(exportId(e), await followedBindings(e, o.kcpRoot.forCluster(e.workspace), o.service));
        } catch (err) {
          o.log.warn({ err, export: exportId(e) }, "cannot read the leader's bindings");
        }
      }
    }
    if (!stopped.signal.aborted) timer = setTimeout(() => void follow(syncs), le.renewSeconds * 1000);
  };

  return {
    leases,
    start(syncs) {
      const byExport = new Map<string, string[]>();
      for (const e of o.config.exports) {
        void followEndpoints({
          kcp: o.kcpRoot.forCluster(e.workspace),
          exportName: e.name,
          onEndpoints: (urls) => {
            byExport.set(exportId(e), urls);
            const all = [...new Set([...byExport.values()].flat())];
            for (const url of all) if (!known.has(url)) known.add(url);
            leases.setEndpoints(all);
          },
          signal: stopped.signal,
          log: o.log,
        });
      }
      leases.start();
      void follow(syncs);
    },
    async stop() {
      stopped.abort();
      clearTimeout(timer);
      await leases.stop();
    },
  };
}
