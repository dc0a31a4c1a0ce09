/**
 * The reference scenario (DESIGN.md), end to end on the real peers: the database team's
 * PostgreSQLInstance (a claim XRD synthesised from the zod schema) is published into root:db by the
 * bridge; teams A and B bind it and each order a database with the same namespace and name; each
 * gets a Ready claim and a Secret in its own workspace that connects to a real database on the
 * stack's PostgreSQL; neither can read the other's Secret; deleting A's claim drops A's database
 * and role and leaves B's.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RunningBridge } from '../../src/bridge/bridge.js';
import { ApiError, isNotFound } from '../../src/kube/errors.js';
import { resourcePath, secrets } from '../../src/kube/paths.js';
import type { KubeObject, RestClient } from '../../src/kube/rest.js';
import { bindConsumer, claims } from '../../src/stack/scenario.js';
import { startPostgresqlApi } from './postgresql-api.js';
import { eventually, kcpAdmin, kcpUser, serviceAdmin, stackInfo } from './stack.js';

const run = promisify(execFile);
const admin = kcpAdmin();
const service = serviceAdmin();

type Obj = KubeObject & {
  status?: { conditions?: { type: string; status: string }[]; phase?: string; database?: string };
};

/** bind makes workspace a consumer of the export as `kxp up` does, and returns user's own client there. */
async function bind(workspace: string, user: string): Promise<RestClient> {
  await bindConsumer(admin, workspace, user);
  return kcpUser(user).forCluster(workspace);
}

/** query runs SQL with psql as the given login and returns its unaligned output. */
async function query(conn: Record<string, string>, sql: string): Promise<string> {
  const { stdout } = await run(
    join(stackInfo().postgres.binDir, 'psql'),
    ['-h', conn.host!, '-p', conn.port!, '-U', conn.username!, '-d', conn.database!, '-Atc', sql],
    { env: { ...process.env, PGPASSWORD: conn.password }, timeout: 30_000 },
  );
  return stdout.trim();
}

/** superuser runs SQL as the stack's superuser. */
async function superuser(sql: string): Promise<string> {
  const pg = stackInfo().postgres;
  return query(
    {
      host: pg.host,
      port: String(pg.port),
      username: pg.superuser,
      password: pg.password,
      database: 'postgres',
    },
    sql,
  );
}

/** order creates team's PostgreSQLInstance apps/orders and returns its connection once Ready. */
async function order(team: RestClient): Promise<Record<string, string>> {
  await team.create(resourcePath(claims, 'apps'), {
    apiVersion: 'db.kxp.dev/v1alpha1',
    kind: 'PostgreSQLInstance',
    metadata: { name: 'orders' },
    spec: { parameters: { connectionLimit: 5 }, writeConnectionSecretToRef: { name: 'orders-db' } },
  });
  await eventually(async () => {
    const claim = await team.get<Obj>(resourcePath(claims, 'apps', 'orders'));
    expect(claim.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  }, 120_000);
  const secret = await eventually(
    () => team.get<{ data: Record<string, string> }>(resourcePath(secrets, 'apps', 'orders-db')),
    60_000,
  );
  return Object.fromEntries(
    Object.entries(secret.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
  );
}

describe('the reference scenario: self-service PostgreSQL from kcp', () => {
  let bridge: RunningBridge;
  let teamA: RestClient;
  let teamB: RestClient;
  let connA: Record<string, string>;
  let connB: Record<string, string>;

  beforeAll(async () => {
    bridge = await startPostgresqlApi(admin, service);
    [teamA, teamB] = await Promise.all([
      bind('root:org-a:team-a', 'team-a'),
      bind('root:org-b:team-b', 'team-b'),
    ]);
  }, 180_000);

  afterAll(async () => {
    await bridge?.stop();
  });

  it('gives each team a Ready database it can connect to, with the same namespace and name', async () => {
    [connA, connB] = await Promise.all([order(teamA), order(teamB)]);
    expect(connA.database).not.toBe(connB.database);
    expect(await query(connA, 'select current_database(), current_user')).toBe(
      `${connA.database}|${connA.username}`,
    );
    expect(await query(connB, 'select current_database(), current_user')).toBe(
      `${connB.database}|${connB.username}`,
    );
    await query(connA, 'create table orders (id int); insert into orders values (1)');
    expect(await query(connA, 'select count(*) from orders')).toBe('1');
  }, 240_000);

  it('keeps each team out of the other’s Secret (checked as each team, not the admin)', async () => {
    for (const [team, other] of [
      [teamB, 'root:org-a:team-a'],
      [teamA, 'root:org-b:team-b'],
    ] as const) {
      const outsider = team.forCluster(other);
      const err = await outsider.get(resourcePath(secrets, 'apps', 'orders-db')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).status).toBe(403);
    }
  });

  it('deletes everything A’s claim caused, in order, and leaves B’s database', async () => {
    await teamA.remove(resourcePath(claims, 'apps', 'orders'));
    await eventually(async () => {
      const err = await teamA.get(resourcePath(claims, 'apps', 'orders')).catch((e: unknown) => e);
      expect(isNotFound(err)).toBe(true);
    }, 180_000);
    expect(
      isNotFound(await teamA.get(resourcePath(secrets, 'apps', 'orders-db')).catch((e: unknown) => e)),
    ).toBe(true);
    expect(await superuser(`select count(*) from pg_database where datname = '${connA.database}'`)).toBe('0');
    expect(await superuser(`select count(*) from pg_roles where rolname = '${connA.username}'`)).toBe('0');
    expect(await query(connB, 'select current_database()')).toBe(connB.database);
  }, 240_000);
});
