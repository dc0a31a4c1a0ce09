/**
 * Two replicas of the bridge, one leader, on a stack of their own: each a `kxp bridge` process with
 * the bridge's least-privilege identities, electing a leader on a Lease in the service cluster (lease
 * 15 s, renew deadline 10 s, retry 2 s). Killing the leader (SIGKILL) while objects are syncing hands
 * over within the lease duration, and stopping it (SIGTERM) releases the lease to the other at once;
 * either way every object ends synced exactly once, its status converged. The times are printed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signalGroup } from '../../src/stack/process.js';
import {
  type BridgeReplica,
  bindWorkspaces,
  copiesAt,
  copiesByOrigin,
  createObjects,
  editObjects,
  expectSyncedOnce,
  type Fleet,
  leaseHolder,
  leaseOf,
  metricOf,
  seconds,
  startFleet,
  startReplica,
  stopFleet,
} from './fleet.js';
import { eventually } from './stack.js';

const workspaces = 8;
const perWorkspace = 10;
const count = workspaces * perWorkspace;
const leaseSeconds = 15;
const retrySeconds = 2;
const dir = mkdtempSync(join(tmpdir(), 'kxp-bridge-failover-'));
const say = (m: string) => console.log(`failover e2e: ${m}`);
const started = Date.now();

let fleet: Fleet | undefined;
const replicas: BridgeReplica[] = [];

const theFleet = (): Fleet => {
  if (!fleet) throw new Error('the fleet did not start');
  return fleet;
};

/** replica starts one more bridge replica and waits until it serves its metrics. */
async function replica(identity: string): Promise<BridgeReplica> {
  const r = await startReplica(theFleet(), join(dir, 'bridges'), identity);
  replicas.push(r);
  await eventually(async () => expect(await metricOf(r, /^kxp_bridge_leader /)).toBeDefined(), 60_000, 250);
  return r;
}

/** handover returns when the lease names to as its holder, polled every 100 ms. */
async function handover(to: string, timeoutMs: number): Promise<number> {
  await eventually(async () => expect(await leaseHolder(theFleet())).toBe(to), timeoutMs, 100);
  return Date.now();
}

beforeAll(async () => {
  fleet = await startFleet(dir, () => {});
  const first = await replica('bridge-a');
  await handover(first.identity, 60_000);
  await replica('bridge-b');
  await bindWorkspaces(fleet, workspaces);
  say(`stack, two replicas and ${workspaces} workspaces up in ${seconds(started)}`);
}, 600_000);

afterAll(async () => {
  for (const r of replicas) await r.process.stop();
  await stopFleet(fleet);
}, 120_000);

describe('two bridge replicas, one leader', () => {
  it('hands over within the lease duration when the leader is killed, and syncs every object exactly once', async () => {
    const [a, b] = replicas as [BridgeReplica, BridgeReplica];
    expect(await leaseHolder(theFleet())).toBe(a.identity);
    await createObjects(theFleet(), perWorkspace);
    // Kill the leader part of the way through.
    await eventually(
      async () => expect((await copiesByOrigin(theFleet())).size).toBeGreaterThanOrEqual(count / 8),
      120_000,
      100,
    );
    const partial = (await copiesByOrigin(theFleet())).size;
    // Only the leader syncs: the other has done nothing yet.
    expect(await metricOf(b, /^kxp_bridge_leader /)).toBe(0);
    expect(await metricOf(b, /^kxp_bridge_syncs_total\{/)).toBeUndefined();

    const renewed = Date.parse((await leaseOf(theFleet())).spec?.renewTime ?? '');
    const killed = Date.now();
    signalGroup(a.process.pid, 'SIGKILL');
    await a.process.exited;
    const led = await handover(b.identity, (leaseSeconds + 3 * retrySeconds) * 1000);
    // The lease runs from its last renewal, which the other replica sees up to half a retry late.
    expect(led - killed).toBeLessThanOrEqual((leaseSeconds + retrySeconds) * 1000);
    expect(await metricOf(b, /^kxp_bridge_leader /)).toBe(1);
    await eventually(() => expectSyncedOnce(theFleet(), count, 0), 300_000, 1_000);
    say(
      `SIGKILL with ${partial}/${count} copies made -> ${b.identity} leading after ${seconds(killed, led)} ` +
        `(${seconds(renewed, led)} after the last renewal; lease ${leaseSeconds} s); all ${count} synced once and converged ${seconds(led)} after the takeover`,
    );
  }, 600_000);

  it('hands over at once when the leader stops on SIGTERM, releasing its lease', async () => {
    const b = replicas[1] as BridgeReplica;
    const c = await replica('bridge-c');
    expect(await leaseHolder(theFleet())).toBe(b.identity);
    await editObjects(theFleet(), 1);
    await eventually(
      async () => expect(await copiesAt(theFleet(), 1)).toBeGreaterThanOrEqual(1),
      120_000,
      100,
    );

    const stopping = Date.now();
    signalGroup(b.process.pid, 'SIGTERM');
    const led = await handover(c.identity, (leaseSeconds + 3 * retrySeconds) * 1000);
    expect(await b.process.exited).toBe(0);
    // Released, not expired (that takes the lease duration): the other replica takes it at its next try.
    expect(led - stopping).toBeLessThan((leaseSeconds / 2) * 1000);
    await eventually(() => expectSyncedOnce(theFleet(), count, 1), 300_000, 1_000);
    say(
      `SIGTERM -> ${c.identity} leading after ${seconds(stopping, led)}; ` +
        `all ${count} synced once and converged ${seconds(led)} after the takeover`,
    );
  }, 600_000);

  afterAll(() => say(`the file took ${seconds(started)}`));
});
