/**
 * Leader election with a coordination.k8s.io/v1 Lease in the service cluster, so several replicas can
 * run and only one reconciles. Like client-go, a lease counts as expired when its record has not
 * changed for leaseDuration by this replica's own clock, so clocks need not agree.
 */
import type { Logger } from 'pino';
import { isConflict, isNotFound } from '../kube/errors.js';
import { namespaces, resourcePath } from '../kube/paths.js';
import type { KubeObject, RestClient } from '../kube/rest.js';
import { leases } from './refs.js';

export interface LeaderOptions {
  client: RestClient;
  namespace: string;
  name: string;
  identity: string;
  leaseDurationSeconds: number;
  renewSeconds: number;
  log: Logger;
  /** onChange is called with true when this replica starts leading and false when it stops. */
  onChange: (leading: boolean) => void;
  /** mayAcquire, when given, is asked before taking a lease this replica does not hold (endpoint-leases.ts: its fair share). */
  mayAcquire?: () => boolean;
}

interface Lease extends KubeObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

/** microTime returns now as a Kubernetes MicroTime (RFC 3339 with microseconds). */
export function microTime(d = new Date()): string {
  return d.toISOString().replace(/Z$/, '000Z');
}

export class LeaderElector {
  private leading = false;
  private timer: NodeJS.Timeout | undefined;
  private observed = { record: '', at: 0 };
  private lastRenew = 0;
  private stopped = false;

  constructor(private readonly o: LeaderOptions) {}

  get isLeader(): boolean {
    return this.leading;
  }

  /** start tries to acquire the lease now and then every renewSeconds. */
  start(): void {
    void this.tick();
  }

  /** stop stops trying and releases the lease when this replica holds it, so another can take over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (!this.leading) return;
    this.setLeading(false);
    try {
      const lease = await this.o.client.get<Lease>(this.path(this.o.name));
      if (lease.spec?.holderIdentity !== this.o.identity) return;
      const { holderIdentity: _, ...spec } = lease.spec;
      await this.o.client.replace(this.path(this.o.name), {
        ...lease,
        spec: { ...spec, leaseDurationSeconds: 1, renewTime: microTime() },
      });
    } catch (err) {
      this.o.log.warn({ err }, 'cannot release the leader lease');
    }
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    let ok = false;
    try {
      ok = await this.tryAcquireOrRenew();
    } catch (err) {
      this.o.log.warn({ err }, 'cannot acquire or renew the leader lease');
    }
    if (ok) this.lastRenew = Date.now();
    // A leader that could not renew for a whole lease duration must assume another took over.
    if (this.leading && !ok && Date.now() - this.lastRenew > this.o.leaseDurationSeconds * 1000)
      this.setLeading(false);
    if (ok && !this.leading) this.setLeading(true);
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.o.renewSeconds * 1000);
  }

  private setLeading(leading: boolean): void {
    if (this.leading === leading) return;
    this.leading = leading;
    this.o.log.info(
      { lease: `${this.o.namespace}/${this.o.name}`, identity: this.o.identity },
      leading ? 'started leading' : 'stopped leading',
    );
    this.o.onChange(leading);
  }

  private path(name?: string): string {
    return resourcePath(leases, this.o.namespace, name);
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = microTime();
    const mine = {
      holderIdentity: this.o.identity,
      leaseDurationSeconds: this.o.leaseDurationSeconds,
      renewTime: now,
    };
    let lease: Lease;
    try {
      lease = await this.o.client.get<Lease>(this.path(this.o.name));
    } catch (err) {
      if (!isNotFound(err)) throw err;
      return this.create({ ...mine, acquireTime: now, leaseTransitions: 0 });
    }
    const spec = lease.spec ?? {};
    const record = JSON.stringify(spec);
    if (record !== this.observed.record) this.observed = { record, at: Date.now() };
    const holder = spec.holderIdentity;
    const expired =
      Date.now() - this.observed.at > (spec.leaseDurationSeconds ?? this.o.leaseDurationSeconds) * 1000;
    if (!this.mayTake(holder, expired)) return false;
    const next =
      holder === this.o.identity
        ? { ...spec, ...mine }
        : { ...spec, ...mine, acquireTime: now, leaseTransitions: (spec.leaseTransitions ?? 0) + 1 };
    try {
      const written = await this.o.client.replace<Lease>(this.path(this.o.name), { ...lease, spec: next });
      this.observed = { record: JSON.stringify(written.spec ?? {}), at: Date.now() };
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
  }

  /** mayTake says whether this replica may hold a lease held by holder: its own, or a free one it may acquire. */
  private mayTake(holder: string | undefined, expired: boolean): boolean {
    if (holder === this.o.identity) return true;
    return (!holder || expired) && this.o.mayAcquire?.() !== false;
  }

  private async create(spec: Lease['spec']): Promise<boolean> {
    if (!this.mayTake(undefined, true)) return false;
    try {
      await this.o.client.create(resourcePath(namespaces), {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: this.o.namespace },
      });
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
    try {
      await this.o.client.create(this.path(), {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: this.o.name, namespace: this.o.namespace },
        spec,
      });
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
  }
}
