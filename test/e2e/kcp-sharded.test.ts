/**
 * The bridge on a sharded kcp, as platforms run kcp: its own stack of a cache server, the root shard
 * and shard-1 behind kcp-front-proxy (every client goes through the proxy). The reference scenario's
 * export is served to team A on the root shard and team B on shard-1: each gets its databases, neither
 * sees the other's, the slice's endpoint for shard-1 (listed only once a workspace there binds) is
 * served without a restart, and a shard killed mid-sync is caught up without restarting the bridge.
 * Prints the sharded platform's start-up time, memory per process, and workspaces created per second.
 */
import pino from 'pino';
import { synthAll } from '../../compositions/synth.js';
import { originOf } from '../../src/bridge/sync/origin.js';
import { ensureWorkspace, workspaces } from '../../src/kcp/workspaces.js';
import { credentialsFromKubeconfig } from '../../src/kube/credentials.js';
import { ApiError } from '../../src/kube/errors.js';
import { resourcePath, secrets } from '../../src/kube/paths.js';
import { type KubeObject, RestClient } from '../../src/kube/rest.js';
import { bridgeUser, grantBridge } from '../../src/stack/bridge-identity.js';
import { shardLabel } from '../../src/stack/kcp-sharded.js';
import { signalGroup } from '../../src/stack/process.js';
import {
  bindConsumer,
  claims,
  databaseWorkspace,
  exportName,
  offerDatabases,
  teams,
} from '../../src/stack/scenario.js';
import { type Stack, startStack } from '../../src/stack/stack.js';
import {
  heldEndpoints,
  metric,
  type Replica,
  rssMiB,
  shardOf,
  sliceEndpoints,
  startReplica,
} from './sharded.js';
import { eventually } from './stack.js';

const log = pino({ level: process.env.KXP_TEST_LOG ?? 'silent' });
const figures: string[] = [];
const figure = (line: string) => {
  figures.push(line);
  process.stderr.write(`[kcp-sharded] ${line}\n`);
};

type Claim = KubeObject & { status?: { conditions?: { type: string; status: string }[] } };

/** ready reports whether team's claim apps/name is Ready. */
async function ready(team: RestClient, name: string): Promise<boolean> {
  const claim = await team.get<Claim>(resourcePath(claims, 'apps', name)).catch(() => undefined);
  return claim?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** order creates team's PostgreSQLInstance apps/name. */
function order(team: RestClient, name: string): Promise<KubeObject> {
  return team.create(resourcePath(claims, 'apps'), {
    apiVersion: `${claims.group}/${claims.version}`,
    kind: 'PostgreSQLInstance',
    metadata: { name },
    spec: { parameters: { connectionLimit: 5 }, writeConnectionSecretToRef: { name: `${name}-db` } },
  });
}

/** allReady waits until every named claim of team is Ready. */
async function allReady(team: RestClient, names: string[], timeoutMs: number): Promise<void> {
  await eventually(
    async () => {
      const states = await Promise.all(names.map((n) => ready(team, n)));
      expect(names.filter((_, i) => !states[i])).toEqual([]);
    },
    timeoutMs,
    1000,
  );
}

describe('the bridge on a sharded kcp (cache server, root, shard-1, front proxy)', () => {
  let stack: Stack;
  let admin: RestClient;
  let bridge: Replica;
  let teamA: RestClient;
  let teamB: RestClient;
  const user = (name: string, workspace: string) =>
    new RestClient(credentialsFromKubeconfig(stack.info.kcp.users[name] ?? '')).forCluster(workspace);

  beforeAll(async () => {
    const t0 = Date.now();
    stack = await startStack({ shards: 2, users: ['team-a', 'team-b', bridgeUser] });
    const upMs = Date.now() - t0;
    const rss = ['kcp-cache', 'kcp-root', 'kcp-shard-1', 'kcp-front-proxy'].map((name) => {
      const p = stack.info.processes.find((x) => x.name === name);
      return `${name} ${p ? rssMiB(p.pid) : '?'} MiB`;
    });
    figure(`whole platform up in ${(upMs / 1000).toFixed(1)} s with kcp sharded; RSS ${rss.join(', ')}`);
    admin = new RestClient(credentialsFromKubeconfig(stack.info.kcp.kubeconfig));
    await offerDatabases(stack.info, (m) => log.info(m), synthAll);
    const identity = await grantBridge(stack.info, {
      exports: [{ workspace: databaseWorkspace, name: exportName, mode: 'crossplane-first', claims: false }],
    });
    bridge = await startReplica(stack.info.dir, 'bridge-0', identity);
  }, 600_000);

  afterAll(async () => {
    await bridge?.process.stop();
    await stack?.stop();
    if (figures.length) process.stderr.write(`\n[kcp-sharded] figures:\n  ${figures.join('\n  ')}\n`);
  }, 120_000);

  it('creates workspaces through the front proxy on both shards', async () => {
    const n = 24;
    const names = Array.from({ length: n }, (_, i) => `ws-${i}`);
    const t0 = Date.now();
    for (let i = 0; i < n; i += 8)
      await Promise.all(
        names.slice(i, i + 8).map((name) =>
          admin.create(resourcePath(workspaces), {
            apiVersion: 'tenancy.kcp.io/v1alpha1',
            kind: 'Workspace',
            metadata: { name },
          }),
        ),
      );
    const createdS = (Date.now() - t0) / 1000;
    // One list every half second, rather than a poll per workspace, so the count does not load kcp itself.
    type Ws = KubeObject & { spec?: { cluster?: string }; status?: { phase?: string } };
    let clusters: string[] = [];
    await eventually(
      async () => {
        const items = (await admin.list<Ws>(resourcePath(workspaces))).items;
        const ready = items.filter(
          (w) => names.includes(w.metadata?.name ?? '') && w.status?.phase === 'Ready',
        );
        clusters = ready.map((w) => w.spec?.cluster ?? '');
        expect(clusters).toHaveLength(n);
      },
      180_000,
      500,
    );
    const readyS = (Date.now() - t0) / 1000;
    const where = await Promise.all(clusters.map((c) => shardOf(stack.kcp.shards, c)));
    const onShard1 = where.filter((s) => s === 'shard-1').length;
    figure(
      `${n} workspaces through the front proxy, 8 requests at a time: created at ${(n / createdS).toFixed(1)}/s, all Ready at ${(n / readyS).toFixed(1)}/s (kcp's published load test: about 8/s); ${n - onShard1} on root, ${onShard1} on shard-1`,
    );
    expect(where.every((s) => s === 'root' || s === 'shard-1')).toBe(true);
  }, 300_000);

  it('serves team A on the root shard; the slice lists only the shards with bindings', async () => {
    await bindConsumer(admin, teams['team-a'], 'team-a', { [shardLabel]: 'root' });
    teamA = user('team-a', teams['team-a']);
    const cluster = await ensureWorkspace(admin, teams['team-a']);
    expect(await shardOf(stack.kcp.shards, cluster)).toBe('root');
    await eventually(async () => expect(await sliceEndpoints(admin)).toHaveLength(1), 60_000);
    expect((await sliceEndpoints(admin))[0]?.startsWith(stack.kcp.shards[0]!.url)).toBe(true);
    await order(teamA, 'orders');
    await allReady(teamA, ['orders'], 180_000);
  }, 300_000);

  it('serves shard-1 once team B binds there, without a restart of the bridge', async () => {
    const pid = bridge.process.pid;
    await bindConsumer(admin, teams['team-b'], 'team-b', { [shardLabel]: 'shard-1' });
    teamB = user('team-b', teams['team-b']);
    expect(await shardOf(stack.kcp.shards, await ensureWorkspace(admin, teams['team-b']))).toBe('shard-1');
    await eventually(async () => {
      const urls = await sliceEndpoints(admin);
      expect(stack.kcp.shards.map((s) => urls.some((u) => u.startsWith(s.url)))).toEqual([true, true]);
    }, 60_000);
    // The same namespace and name as team A's: nothing collides.
    await order(teamB, 'orders');
    await allReady(teamB, ['orders'], 180_000);
    const secret = await teamB.get<{ data: Record<string, string> }>(
      resourcePath(secrets, 'apps', 'orders-db'),
    );
    const dbB = Buffer.from(secret.data.database ?? '', 'base64').toString();
    const secretA = await teamA.get<{ data: Record<string, string> }>(
      resourcePath(secrets, 'apps', 'orders-db'),
    );
    expect(dbB).not.toBe(Buffer.from(secretA.data.database ?? '', 'base64').toString());
    expect(bridge.process.running).toBe(true);
    expect(bridge.process.pid).toBe(pid);
  }, 300_000);

  it('keeps each team out of the other’s workspace across shards (as each team)', async () => {
    for (const [team, other] of [
      ['team-a', teams['team-b']],
      ['team-b', teams['team-a']],
    ] as const) {
      const outsider = user(team, other);
      for (const path of [
        resourcePath(secrets, 'apps', 'orders-db'),
        resourcePath(claims, 'apps', 'orders'),
      ]) {
        const err = await outsider.get(path).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ApiError);
        expect((err as ApiError).status).toBe(403);
      }
    }
  });

  it('catches up with a shard killed and restarted mid-sync, without restarting the bridge', async () => {
    const pid = bridge.process.pid;
    const names = ['batch-0', 'batch-1', 'batch-2', 'batch-3'];
    await Promise.all(names.map((n) => order(teamB, n)));
    const t0 = Date.now();
    const { readyMs } = await stack.restartShard('shard-1');
    await allReady(teamB, names, 300_000);
    figure(
      `shard-1 SIGKILLed mid-sync: serving again ${(readyMs / 1000).toFixed(1)} s after the kill, its ${names.length} new claims all Ready ${((Date.now() - t0) / 1000).toFixed(1)} s after`,
    );
    expect(bridge.process.running).toBe(true);
    expect(bridge.process.pid).toBe(pid);
  }, 600_000);

  it('divides the shards between two replicas, one Lease each, and hands a killed one’s shard over', async () => {
    await bridge.process.stop();
    const identity = await grantBridge(stack.info, {
      exports: [{ workspace: databaseWorkspace, name: exportName, mode: 'crossplane-first', claims: false }],
      lease: { namespace: 'kxp-system', name: 'kxp-bridge', divideEndpoints: true },
    });
    const replicas = [
      await startReplica(stack.info.dir, 'bridge-1', identity, ['--divide-endpoints']),
      await startReplica(stack.info.dir, 'bridge-2', identity, ['--divide-endpoints']),
    ];
    try {
      const urls = await sliceEndpoints(admin);
      expect(urls).toHaveLength(2);
      // Each holds one endpoint, together both; one of them leads (binding work).
      await eventually(
        async () => {
          const held = await Promise.all(replicas.map((r) => heldEndpoints(r.metricsUrl)));
          expect(held.map((h) => h.length)).toEqual([1, 1]);
          expect(held.flat().sort()).toEqual(urls);
        },
        90_000,
        1000,
      );
      const leaders = await Promise.all(replicas.map((r) => metric(r.metricsUrl, 'kxp_bridge_leader')));
      expect(leaders.sort()).toEqual([0, 1]);
      const divided = ['div-0', 'div-1'];
      await Promise.all([...divided.map((n) => order(teamA, n)), ...divided.map((n) => order(teamB, n))]);
      await Promise.all([allReady(teamA, divided, 300_000), allReady(teamB, divided, 300_000)]);

      // SIGKILL the replica holding shard-1: its Leases expire and the other takes its endpoint.
      const shard1 = stack.kcp.shards[1]!.url;
      const victim = (await heldEndpoints(replicas[0]!.metricsUrl))[0]?.startsWith(shard1) ? 0 : 1;
      const survivor = replicas[1 - victim]!;
      const t0 = Date.now();
      signalGroup(replicas[victim]!.process.pid, 'SIGKILL');
      await replicas[victim]!.process.exited;
      await eventually(
        async () => expect(await heldEndpoints(survivor.metricsUrl)).toEqual(urls),
        60_000,
        500,
      );
      const takeoverS = (Date.now() - t0) / 1000;
      const after = ['after-0', 'after-1'];
      await Promise.all(after.map((n) => order(teamB, n)));
      await allReady(teamB, after, 300_000);
      figure(
        `two replicas, two shards: one endpoint each; replica holding shard-1 SIGKILLed, its endpoint taken over in ${takeoverS.toFixed(1)} s (lease 15 s, retry 2 s); claims ordered after it Ready ${((Date.now() - t0) / 1000).toFixed(1)} s after the kill`,
      );
      // After the lease duration (15 s), within the renew periods it takes to notice (5 s each).
      expect(takeoverS).toBeLessThan(2 * 15);

      // Every claim of both teams ends synced exactly once: one copy each in the service cluster.
      const service = new RestClient(credentialsFromKubeconfig(stack.info.service.kubeconfig));
      const copies = (await service.list(resourcePath(claims))).items
        .map((c) => originOf(c))
        .filter((o) => o);
      const clustersOf = {
        a: await ensureWorkspace(admin, teams['team-a']),
        b: await ensureWorkspace(admin, teams['team-b']),
      };
      const wanted = [
        ...['orders', ...divided].map((n) => `${clustersOf.a}/apps/${n}`),
        ...['orders', ...divided, ...after, 'batch-0', 'batch-1', 'batch-2', 'batch-3'].map(
          (n) => `${clustersOf.b}/apps/${n}`,
        ),
      ].sort();
      expect(copies.map((o) => `${o?.cluster}/${o?.namespace}/${o?.name}`).sort()).toEqual(wanted);
    } finally {
      await Promise.all(replicas.map((r) => r.process.stop()));
    }
  }, 900_000);
});
