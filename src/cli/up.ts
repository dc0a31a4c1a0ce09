import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { credentialsFromKubeconfig } from '../kube/credentials.js';
import { resourcePath, secrets } from '../kube/paths.js';
import { type KubeObject, RestClient } from '../kube/rest.js';
import { bridgeUser } from '../stack/bridge-identity.js';
import { peerBinary } from '../stack/peers.js';
import { isAlive } from '../stack/process.js';
import { waitUntil } from '../stack/ready.js';
import { claims, runScenario, type Scenario } from '../stack/scenario.js';
import { readState, type StackInfo, stackFile, startStack, stopRecordedStack } from '../stack/stack.js';

const scenarioFile = 'scenario.json';

/** What team A got: its database's connection, read from its Secret with team A's own identity. */
interface TeamAConnection {
  host: string;
  port: string;
  username: string;
  password: string;
  database: string;
}

/**
 * up starts the local platform detached in dir (kcp with shards shards) and returns what it offers,
 * or the one already running there when it has as many shards.
 */
export async function up(dir: string, log: (m: string) => void, shards = 1): Promise<StackInfo> {
  const abs = resolve(dir);
  if (existsSync(join(abs, stackFile))) {
    const state = readState(abs);
    const sameShards = Math.max(1, state.kcp?.shards?.length ?? 0) === shards;
    if (state.kcp && sameShards && state.processes.every((p) => isAlive(p.pid))) return state;
    if (state.kcp && !sameShards)
      log(`stopping the platform running in ${abs}: it has another number of kcp shards`);
    await stopRecordedStack(abs, 2000);
  }
  // A fresh platform every time: kcp and etcd must not start over an earlier run's data.
  rmSync(abs, { recursive: true, force: true });
  const stack = await startStack({
    dir: abs,
    detach: true,
    users: ['team-a', 'team-b', bridgeUser],
    log,
    shards,
  });
  const scenario = await runScenario(stack.info, log);
  writeFileSync(join(abs, scenarioFile), JSON.stringify(scenario, null, 2));
  log("waiting for team A's database to be Ready and its Secret to arrive in team A's workspace");
  const connection = await teamAConnection(scenario);
  writeFileSync(join(abs, scenarioFile), JSON.stringify({ ...scenario, connection }, null, 2), {
    mode: 0o600,
  });
  return stack.info;
}

/** teamAConnection waits, as team A, until its PostgreSQLInstance is Ready and its Secret has arrived, and reads it. */
async function teamAConnection(scenario: Scenario): Promise<TeamAConnection> {
  const team = new RestClient(credentialsFromKubeconfig(scenario.teams['team-a'].kubeconfig));
  await waitUntil(
    'bridge',
    "team A's PostgreSQLInstance apps/orders to be Ready",
    async () => {
      const claim = await team.get<
        KubeObject & { status?: { conditions?: { type: string; status: string }[] } }
      >(resourcePath(claims, 'apps', 'orders'));
      return claim.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
    },
    { timeoutMs: 180_000, intervalMs: 1000 },
  );
  let data: Record<string, string> = {};
  await waitUntil(
    'bridge',
    "team A's Secret apps/orders-db",
    async () => {
      data =
        (await team.get<{ data?: Record<string, string> }>(resourcePath(secrets, 'apps', 'orders-db')))
          .data ?? {};
      return Boolean(data.password);
    },
    { timeoutMs: 60_000, intervalMs: 1000 },
  );
  const text = (k: string) => Buffer.from(data[k] ?? '', 'base64').toString('utf8');
  return {
    host: text('host'),
    port: text('port'),
    username: text('username'),
    password: text('password'),
    database: text('database'),
  };
}

/** down stops the local platform recorded in dir and returns the names of the processes it stopped. */
export function down(dir: string): Promise<string[]> {
  return stopRecordedStack(resolve(dir));
}

/** summary returns what a person needs to use a running platform. */
export function summary(info: StackInfo): string {
  const users = Object.entries(info.kcp.users).map(([u, f]) => `    ${u.padEnd(10)} ${f}`);
  return [
    'kxp local platform is up:',
    `  kcp                  ${info.kcp.url}${info.kcp.shards?.length ? '   (kcp-front-proxy)' : ''}`,
    ...(info.kcp.shards ?? []).map((s) => `    shard ${s.name.padEnd(12)} ${s.url}`),
    `    admin kubeconfig   ${info.kcp.kubeconfig}`,
    ...(users.length
      ? ['  kcp users (team admins of their workspaces; the bridge with its rights only):', ...users]
      : []),
    `  service cluster      ${info.service.url}`,
    `    admin kubeconfig   ${info.service.kubeconfig}`,
    `  crossplane health    ${info.crossplane.healthUrl}/readyz`,
    `  postgresql           ${info.postgres.url}`,
    `  provider-sql         ${info.provider.metricsUrl}`,
    `  registry             ${info.registry.url}   (push with kxp package push ... ${info.registry.host}/<repository>:<tag>)`,
    `  function runtime     ${info.functionRuntime.metricsUrl}/metrics   (function logs: ${info.functionRuntime.dir}/revisions/)`,
    `  logs and state       ${info.dir}`,
    ...scenarioSummary(info),
    '',
    `  try:  KUBECONFIG=${info.kcp.kubeconfig} ${peerBinary('kubernetes', 'kubectl')} get workspaces`,
    '  stop: make down',
  ].join('\n');
}

function scenarioSummary(info: StackInfo): string[] {
  const file = join(info.dir, scenarioFile);
  if (!existsSync(file)) return [];
  const s = JSON.parse(readFileSync(file, 'utf8')) as Scenario & { connection?: TeamAConnection };
  const kubectl = peerBinary('kubernetes', 'kubectl');
  const a = s.teams['team-a'];
  const c = s.connection;
  return [
    '',
    'reference scenario (a PostgreSQLInstance offered from root:db, bound by team A and team B):',
    `  team A's workspace   ${a.workspace}   (team B: ${s.teams['team-b'].workspace})`,
    `  its database         KUBECONFIG=${a.kubeconfig} ${kubectl} get postgresqlinstances -n apps`,
    `  its Secret           KUBECONFIG=${a.kubeconfig} ${kubectl} get secret orders-db -n apps -o yaml`,
    ...(c
      ? [
          `  connect              PGPASSWORD='${c.password}' psql -h ${c.host} -p ${c.port} -U ${c.username} -d ${c.database}`,
        ]
      : []),
    ...(s.catalog
      ? [
          '',
          'service catalog (kxp catalog, beside the bridge; each team signs in as itself):',
          `  open                 ${s.catalog}`,
          ...Object.entries(s.teams).map(
            ([team, t]) =>
              `  sign in as ${team.padEnd(10)}paste ${t.kubeconfig} (or its token, with workspace ${t.workspace})`,
          ),
        ]
      : []),
  ];
}
