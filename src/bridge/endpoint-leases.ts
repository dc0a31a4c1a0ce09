/**
 * Bridge replicas divide an export's endpoints (one virtual workspace per kcp shard) among themselves
 * with one coordination.k8s.io/v1 Lease per endpoint in the service cluster, each held by leader.ts's
 * election with the same timing, so every shard's workspaces are synced by one replica at a time.
 * Each replica also holds a Lease of its own that says it is alive. A replica takes at most its fair
 * share, ceil(endpoints / live replicas), gives up what lies beyond it when replicas join, and takes
 * over the endpoints of a replica whose leases expired (the share grows as that replica's own Lease
 * expires with them).
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { resourcePath } from '../kube/paths.js';
import type { KubeObject, RestClient } from '../kube/rest.js';
import { LeaderElector } from './leader.js';
import { leases } from './refs.js';

/** EndpointGate says which endpoints this replica serves, and tells listeners when that changes. */
export interface EndpointGate {
  serves(url: string): boolean;
  onChange(listener: () => void, signal: AbortSignal): void;
}

/** leaseNameOf returns the name of the Lease of one endpoint or one replica: a hash, as URLs and identities are no names. */
export function leaseNameOf(prefix: string, kind: 'endpoint' | 'replica', key: string): string {
  return `${prefix}-${kind}-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

/** fairShare returns how many of endpoints one of replicas live replicas may hold. */
export function fairShare(endpoints: number, replicas: number): number {
  return Math.ceil(endpoints / Math.max(1, replicas));
}

/** beyondShare returns the held endpoints to give up to keep share: the last ones, in sorted order. */
export function beyondShare(held: readonly string[], share: number): string[] {
  return [...held].sort().slice(Math.max(0, share));
}

export interface EndpointLeaseOptions {
  client: RestClient;
  namespace: string;
  /** leaseName prefixes the Leases' names (the leader election's Lease name). */
  leaseName: string;
  identity: string;
  leaseDurationSeconds: number;
  renewDeadlineSeconds: number;
  renewSeconds: number;
  log: Logger;
  /** onChange is called with the endpoints held whenever they change. */
  onChange: (held: string[]) => void;
}

interface Lease extends KubeObject {
  spec?: { holderIdentity?: string; leaseDurationSeconds?: number };
}

/** EndpointLeases holds this replica's share of the endpoints it is given. */
export class EndpointLeases implements EndpointGate {
  private readonly electors = new Map<string, LeaderElector>();
  private readonly member: LeaderElector;
  /** The other replicas' Leases as last listed: when each last changed by this clock, and for how long it holds. */
  private readonly members = new Map<string, { record: string; at: number; holds: number }>();
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly o: EndpointLeaseOptions) {
    this.member = this.elector(this.memberLease, () => {});
  }

  /** start starts renewing this replica's own Lease and competing for endpoints. */
  start(): void {
    this.member.start();
    void this.tick();
  }

  /** held returns the endpoints this replica holds, sorted. */
  held(): string[] {
    return [...this.electors]
      .filter(([, e]) => e.isLeader)
      .map(([url]) => url)
      .sort();
  }

  serves(url: string): boolean {
    return this.electors.get(url)?.isLeader ?? false;
  }

  onChange(listener: () => void, signal: AbortSignal): void {
    this.listeners.add(listener);
    signal.addEventListener('abort', () => this.listeners.delete(listener), { once: true });
  }

  /** setEndpoints makes urls the endpoints to divide: new ones are competed for, gone ones given up. */
  setEndpoints(urls: readonly string[]): void {
    for (const url of urls) {
      if (this.electors.has(url)) continue;
      const e = this.endpointElector(url);
      this.electors.set(url, e);
      if (!this.stopped) e.start();
    }
    for (const [url, e] of this.electors) {
      if (urls.includes(url)) continue;
      this.electors.delete(url);
      void e.stop().then(() => this.changed());
    }
  }

  /** stop releases every Lease this replica holds, so the others take its endpoints over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.all([...this.electors.values()].map((e) => e.stop()));
    await this.member.stop();
  }

  private get memberLease(): string {
    return leaseNameOf(this.o.leaseName, 'replica', this.o.identity);
  }

  private endpointElector(url: string): LeaderElector {
    return this.elector(
      leaseNameOf(this.o.leaseName, 'endpoint', url),
      () => this.changed(),
      () => this.held().length < fairShare(this.electors.size, this.liveReplicas()),
    );
  }

  private elector(
    name: string,
    onChange: (leading: boolean) => void,
    mayAcquire?: () => boolean,
  ): LeaderElector {
    return new LeaderElector({
      client: this.o.client,
      namespace: this.o.namespace,
      name,
      identity: this.o.identity,
      leaseDurationSeconds: this.o.leaseDurationSeconds,
      renewDeadlineSeconds: this.o.renewDeadlineSeconds,
      renewSeconds: this.o.renewSeconds,
      log: this.o.log,
      onChange,
      ...(mayAcquire ? { mayAcquire } : {}),
    });
  }

  private changed(): void {
    this.o.onChange(this.held());
    for (const listener of this.listeners) listener();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.listMembers();
      await this.keepShare();
    } catch (err) {
      this.o.log.warn({ err }, 'cannot count the bridge replicas');
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.o.renewSeconds * 1000);
  }

  /** listMembers notes when each other replica's Lease last changed, by this replica's clock. */
  private async listMembers(): Promise<void> {
    const prefix = `${this.o.leaseName}-replica-`;
    const list = await this.o.client.list<Lease>(resourcePath(leases, this.o.namespace));
    const now = Date.now();
    const names = new Set<string>();
    for (const lease of list.items) {
      const name = lease.metadata?.name ?? '';
      if (!name.startsWith(prefix) || name === this.memberLease) continue;
      names.add(name);
      const spec = lease.spec ?? {};
      const record = JSON.stringify(spec);
      const seen = this.members.get(name);
      const holds = spec.holderIdentity
        ? (spec.leaseDurationSeconds ?? this.o.leaseDurationSeconds) * 1000
        : 0;
      this.members.set(name, { record, at: seen && seen.record === record ? seen.at : now, holds });
    }
    for (const name of this.members.keys()) if (!names.has(name)) this.members.delete(name);
  }

  /**
   * liveReplicas counts this replica and every other whose own Lease has a holder and changed within
   * its duration, by this replica's clock (as leader.ts judges expiry, so clocks need not agree), now.
   */
  private liveReplicas(): number {
    const now = Date.now();
    let live = 1;
    for (const m of this.members.values()) if (now - m.at <= m.holds) live++;
    return live;
  }

  /** keepShare gives up the endpoints beyond this replica's fair share; another replica takes each at once. */
  private async keepShare(): Promise<void> {
    const replicas = this.liveReplicas();
    const share = fairShare(this.electors.size, replicas);
    for (const url of beyondShare(this.held(), share)) {
      const old = this.electors.get(url);
      const fresh = this.endpointElector(url);
      this.electors.set(url, fresh);
      await old?.stop();
      if (!this.stopped) fresh.start();
      this.o.log.info(
        { endpoint: url, share, replicas },
        "gave up an endpoint beyond this replica's fair share",
      );
    }
  }
}
