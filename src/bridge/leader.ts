/**
 * Leader election with a coordination.k8s.io/v1 Lease in the service cluster, so several replicas can
 * run and only one reconciles. Like client-go, a lease counts as expired when its record has not
 * changed for leaseDuration by this replica's own clock, so clocks need not agree; and a leader that
 * has not renewed within its renew deadline (shorter than the lease) stops leading before any other
 * replica may take over, however long its requests hang.
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
  /** renewDeadlineSeconds is how long a leader keeps leading without a renewal; less than the lease. */
  renewDeadlineSeconds: number;
  /** renewSeconds is how often the lease is tried: renewed by the leader, checked by the others. */
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
  /** expiresAt is when the record another replica holds expires by this replica's clock; 0 when none is held by another. */
  private expiresAt = 0;
  /** held is the lease as this replica last wrote it while leading, to release without reading it first. */
  private held: Lease | undefined;
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
      // The lease as last renewed is released at once; one changed since (a renewal that was under
      // way) is read again. Every request counts while the other replicas wait.
      if (!(this.held && (await this.release(this.held))))
        await this.release(await this.o.client.get<Lease>(this.path(this.o.name)));
    } catch (err) {
      this.o.log.warn({ err }, 'cannot release the leader lease');
    }
  }

  /** release writes lease without a holder and with a lease of a second; false when it changed meanwhile. */
  private async release(lease: Lease): Promise<boolean> {
    if (lease.spec?.holderIdentity !== this.o.identity) return true;
    const { holderIdentity: _, ...spec } = lease.spec;
    try {
      await this.o.client.replace(this.path(this.o.name), {
        ...lease,
        spec: { ...spec, leaseDurationSeconds: 1, renewTime: microTime() },
      });
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    let ok = false;
    try {
      ok = await this.tryWithin(
        this.leading ? this.lastRenew + this.o.renewDeadlineSeconds * 1000 : undefined,
      );
    } catch (err) {
      this.o.log.warn({ err }, 'cannot acquire or renew the leader lease');
    }
    if (ok) {
      this.lastRenew = Date.now();
      if (!this.stopped) this.setLeading(true);
    } else if (this.leading && Date.now() - this.lastRenew >= this.o.renewDeadlineSeconds * 1000) {
      // Past the renew deadline another replica may take over soon: stop before it can.
      this.o.log.warn(
        { lease: `${this.o.namespace}/${this.o.name}` },
        'cannot renew the leader lease in time',
      );
      this.setLeading(false);
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.nextTryMs());
  }

  /**
   * nextTryMs is when to try the lease next: a leader renews every renewSeconds; a replica waiting for
   * another's lease looks twice as often, and right when it expires, so that it takes over soon after
   * the lease duration has passed since the last renewal it saw (client-go waits up to a retry period
   * more on both ends).
   */
  private nextTryMs(): number {
    const retry = this.o.renewSeconds * 1000;
    if (this.leading || this.expiresAt === 0) return retry;
    return Math.max(10, Math.min(retry / 2, this.expiresAt - Date.now() + 10));
  }

  /**
   * tryWithin tries to acquire or renew the lease, and gives up with false at deadline (the renew
   * deadline of a leader, one for all its retries), so that a request left hanging cannot keep a
   * replica leading.
   */
  private tryWithin(deadline: number | undefined): Promise<boolean> {
    const trying = this.tryAcquireOrRenew();
    if (deadline === undefined) return trying;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
    });
    return Promise.race([trying, late]).finally(() => clearTimeout(timer));
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
    const expiresAt = this.observed.at + (spec.leaseDurationSeconds ?? this.o.leaseDurationSeconds) * 1000;
    const expired = Date.now() > expiresAt;
    this.expiresAt = holder && holder !== this.o.identity && !expired ? expiresAt : 0;
    if (!this.mayTake(holder, expired)) return false;
    const next =
      holder === this.o.identity
        ? { ...spec, ...mine }
        : { ...spec, ...mine, acquireTime: now, leaseTransitions: (spec.leaseTransitions ?? 0) + 1 };
    try {
      const written = await this.o.client.replace<Lease>(this.path(this.o.name), { ...lease, spec: next });
      this.observed = { record: JSON.stringify(written.spec ?? {}), at: Date.now() };
      this.held = written;
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
      this.held = await this.o.client.create<Lease>(this.path(), {
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
