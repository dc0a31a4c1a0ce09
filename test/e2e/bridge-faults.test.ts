/**
 * The bridge survives its peers' faults, on a stack of its own (the restarts would disturb other
 * tests): while one bridge (a child process, with its least-privilege identities and its Lease)
 * syncs 200 objects over 20 workspaces, kcp is restarted, then kube-apiserver, then the service
 * cluster's etcd, and Crossplane is stopped for 30 s. Before each fault every object is edited, so
 * the bridge is in the middle of syncing when it strikes. After each, every object is synced exactly
 * once (one copy, no orphan, one finalizer), its status converged, and the bridge is the same
 * process it was. The recovery times are printed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive } from '../../src/stack/process.js';
import { type RestartablePeer, restartPeer } from '../../src/stack/restart.js';
import {
  type BridgeReplica,
  bindWorkspaces,
  copiesAt,
  createObjects,
  editObjects,
  expectSyncedOnce,
  type Fleet,
  seconds,
  startFleet,
  startReplica,
  stopFleet,
} from './fleet.js';
import { eventually } from './stack.js';

const workspaces = 20;
const perWorkspace = 10;
const count = workspaces * perWorkspace;
const dir = mkdtempSync(join(tmpdir(), 'kxp-bridge-faults-'));
const say = (m: string) => console.log(`faults e2e: ${m}`);
const started = Date.now();

let fleet: Fleet | undefined;
let bridge: BridgeReplica;
let round = 0;

const theFleet = (): Fleet => {
  if (!fleet) throw new Error('the fleet did not start');
  return fleet;
};

beforeAll(async () => {
  fleet = await startFleet(dir, () => {});
  say(`stack up in ${seconds(started)}`);
  bridge = await startReplica(fleet, join(dir, 'bridge'), 'bridge-0');
  await bindWorkspaces(fleet, workspaces);
  say(`${workspaces} workspaces bound in ${seconds(started)}`);
}, 600_000);

afterAll(async () => {
  await bridge?.process.stop();
  await stopFleet(fleet);
}, 120_000);

/** converged waits until every object is synced once at the current round and returns when it was. */
async function converged(timeoutMs: number): Promise<number> {
  await eventually(() => expectSyncedOnce(theFleet(), count, round), timeoutMs, 1_000);
  return Date.now();
}

/**
 * duringSync edits every object to the next round, waits until the bridge has synced part of the
 * edit, restarts peer (stopped for downMs), and waits until every copy has the edit (the bridge's
 * part), then until everything converged (Crossplane's and the bridge's); it prints how long each
 * took after the peer was started again, and checks the bridge was not restarted.
 */
async function duringSync(what: string, peer: RestartablePeer, downMs = 0): Promise<void> {
  const pid = bridge.process.pid;
  round++;
  const edited = Date.now();
  await editObjects(theFleet(), round);
  await eventually(
    async () => expect(await copiesAt(theFleet(), round)).toBeGreaterThanOrEqual(count / 10),
    120_000,
    200,
  );
  const partial = await copiesAt(theFleet(), round);
  const t0 = Date.now();
  const r = await restartPeer(theFleet().stack, peer, { downMs });
  await eventually(async () => expect(await copiesAt(theFleet(), round)).toBe(count), 300_000, 500);
  const copied = Date.now();
  const done = await converged(300_000);
  say(
    `${what}: ${partial}/${count} copies edited when it went down; down for ${seconds(t0, r.startedAt)}; ` +
      `every copy edited ${seconds(r.startedAt, Math.max(copied, r.startedAt))} and all ${count} synced ` +
      `once and converged ${seconds(r.startedAt, done)} after it started again (it reported ready after ` +
      `${seconds(r.startedAt, r.readyAt)}; ${seconds(edited, done)} from the edit)`,
  );
  expect(bridge.process.running).toBe(true);
  expect(bridge.process.pid).toBe(pid);
  expect(isAlive(pid)).toBe(true);
}

describe('the bridge survives its peers', () => {
  it(`syncs ${count} objects over ${workspaces} workspaces exactly once`, async () => {
    const t0 = Date.now();
    await createObjects(theFleet(), perWorkspace);
    const done = await converged(400_000);
    say(`initial sync of ${count} objects: ${seconds(t0, done)}`);
  }, 600_000);

  it(
    'syncs every object exactly once across a restart of kcp',
    () => duringSync('kcp restarted', 'kcp'),
    600_000,
  );

  it(
    'syncs every object exactly once across a restart of kube-apiserver',
    () => duringSync('kube-apiserver restarted', 'kube-apiserver'),
    600_000,
  );

  it(
    "syncs every object exactly once across a restart of the service cluster's etcd",
    () => duringSync('etcd restarted', 'etcd'),
    600_000,
  );

  it(
    'syncs every object exactly once and converges after Crossplane was stopped for 30 s',
    () => duringSync('Crossplane stopped for 30 s', 'crossplane', 30_000),
    600_000,
  );

  afterAll(() => say(`the file took ${seconds(started)}`));
});
