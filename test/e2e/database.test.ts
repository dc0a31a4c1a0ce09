import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { credentialsFromKubeconfig } from '../../src/kube/credentials.js';
import { isConflict, isNotFound } from '../../src/kube/errors.js';
import { namespaces, resourcePath, secrets } from '../../src/kube/paths.js';
import type { KubeObject } from '../../src/kube/rest.js';
import { type Postgres, startPostgres } from '../../src/stack/postgres.js';
import {
  applyProviderConfig,
  databasesRef,
  defaultProviderConfig,
  type Provider,
  postgresqlGroup,
  rolesRef,
  startProvider,
} from '../../src/stack/provider.js';
import type { StackInfo } from '../../src/stack/stack.js';
import { eventually, serviceAdmin, stackInfo } from './stack.js';

const run = promisify(execFile);

/** What the test needs of a running PostgreSQL: stack.json's `postgres` once the stack runs one. */
type Server = Pick<Postgres, 'host' | 'port' | 'superuser' | 'password' | 'socketDir' | 'binDir'>;

interface Managed extends KubeObject {
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

/** readyAndSynced throws, with the object's conditions, until both Synced and Ready are True. */
function readyAndSynced(obj: Managed): void {
  const conditions = obj.status?.conditions ?? [];
  const ok = ['Synced', 'Ready'].every((t) => conditions.some((c) => c.type === t && c.status === 'True'));
  if (!ok) {
    throw new Error(
      `${obj.kind} ${obj.metadata?.name} is not Synced and Ready: ${JSON.stringify(conditions)}`,
    );
  }
}

describe('a real database and role through provider-sql', () => {
  const api = serviceAdmin();
  const suffix = randomBytes(3).toString('hex');
  const ns = `db-e2e-${suffix}`;
  const roleName = `app-${suffix}`;
  const dbName = `appdb-${suffix}`;
  let server: Server;
  const started: { postgres?: Postgres; provider?: Provider } = {};

  /** superuserQuery runs SQL as the superuser over the server's Unix socket (trust auth) and returns its rows. */
  async function superuserQuery(sql: string): Promise<string> {
    const { stdout } = await run(
      join(server.binDir, 'psql'),
      [
        '-h',
        server.socketDir,
        '-p',
        String(server.port),
        '-U',
        server.superuser,
        '-d',
        'postgres',
        '-Atc',
        sql,
      ],
      { timeout: 30_000 },
    );
    return stdout.trim();
  }

  /** gone resolves once the object at path no longer exists (the provider removed its finalizer). */
  async function gone(path: string): Promise<void> {
    try {
      await api.get(path);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    throw new Error(`${path} still exists`);
  }

  beforeAll(async () => {
    const info = stackInfo() as StackInfo & { postgres?: Server };
    if (info.postgres) {
      // The stack already runs PostgreSQL and provider-sql: a second provider would fight it.
      server = info.postgres;
    } else {
      // In the stack's own folder: its logs are kept and removed with it.
      const dir = info.dir;
      started.postgres = await startPostgres(dir, false);
      server = started.postgres;
      const kubeconfig = info.service.kubeconfig;
      started.provider = await startProvider(
        dir,
        { kubeconfig, credentials: credentialsFromKubeconfig(kubeconfig) },
        false,
      );
      await applyProviderConfig(api, server);
    }
    try {
      await api.create(resourcePath(namespaces), {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns },
      });
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
  }, 180_000);

  afterAll(async () => {
    await api.remove(resourcePath(namespaces, undefined, ns)).catch(() => undefined);
    // The provider first: PostgreSQL's SIGTERM is a smart shutdown, which waits for its sessions.
    await started.provider?.process.stop();
    await started.postgres?.process.stop();
  });

  it('creates them on the server, lets the role connect, and drops them on delete', async () => {
    await api.create(resourcePath(secrets, ns), {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `${roleName}-password`, namespace: ns },
      stringData: { password: randomBytes(12).toString('hex') },
    });
    const providerConfigRef = { kind: 'ClusterProviderConfig', name: defaultProviderConfig };
    await api.create(resourcePath(rolesRef, ns), {
      apiVersion: `${postgresqlGroup}/v1alpha1`,
      kind: 'Role',
      metadata: { name: roleName, namespace: ns },
      spec: {
        providerConfigRef,
        forProvider: {
          privileges: { login: true },
          passwordSecretRef: { name: `${roleName}-password`, key: 'password' },
        },
        writeConnectionSecretToRef: { name: `${roleName}-connection` },
      },
    });
    await api.create(resourcePath(databasesRef, ns), {
      apiVersion: `${postgresqlGroup}/v1alpha1`,
      kind: 'Database',
      metadata: { name: dbName, namespace: ns },
      spec: { providerConfigRef, forProvider: { owner: roleName } },
    });

    for (const [ref, name] of [
      [rolesRef, roleName],
      [databasesRef, dbName],
    ] as const) {
      await eventually(
        async () => readyAndSynced(await api.get<Managed>(resourcePath(ref, ns, name))),
        90_000,
      );
    }

    // The connection Secret the Role wrote is all a consumer needs to connect.
    const conn = await api.get<{ data: Record<string, string> }>(
      resourcePath(secrets, ns, `${roleName}-connection`),
    );
    const key = (k: string) => Buffer.from(conn.data[k] ?? '', 'base64').toString('utf8');
    expect(key('username')).toBe(roleName);
    expect(`${key('endpoint')}:${key('port')}`).toBe(`${server.host}:${server.port}`);
    const { stdout } = await run(
      join(server.binDir, 'psql'),
      [
        '-h',
        key('endpoint'),
        '-p',
        key('port'),
        '-U',
        key('username'),
        '-d',
        dbName,
        '-Atc',
        'select current_database(), current_user',
      ],
      { env: { ...process.env, PGPASSWORD: key('password') }, timeout: 30_000 },
    );
    expect(stdout.trim()).toBe(`${dbName}|${roleName}`);
    expect(
      await superuserQuery(`select pg_get_userbyid(datdba) from pg_database where datname = '${dbName}'`),
    ).toBe(roleName);

    // The database first: its owner cannot be dropped while it exists. Each deletion takes up to
    // ~40 s here: for 30 s after a create, crossplane-runtime reads "not found" as the server not
    // showing the new object yet, and only then believes the drop (its creation grace period).
    for (const [ref, name] of [
      [databasesRef, dbName],
      [rolesRef, roleName],
    ] as const) {
      await api.remove(resourcePath(ref, ns, name));
      await eventually(() => gone(resourcePath(ref, ns, name)), 60_000);
    }
    expect(await superuserQuery(`select count(*) from pg_database where datname = '${dbName}'`)).toBe('0');
    expect(await superuserQuery(`select count(*) from pg_roles where rolname = '${roleName}'`)).toBe('0');
  }, 240_000);

  it('accepts the manifests for real clusters in providers/provider-sql (server-side dry run)', async () => {
    for (const file of ['provider.yaml', 'providerconfig.yaml', 'database.yaml']) {
      for (const doc of parseAllDocuments(readFileSync(join('providers', 'provider-sql', file), 'utf8'))) {
        const obj = doc.toJS() as KubeObject;
        const [group = '', version = ''] = obj.apiVersion?.includes('/')
          ? obj.apiVersion.split('/')
          : ['', obj.apiVersion];
        const resource = `${obj.kind?.toLowerCase()}s`;
        // In this test's namespace for the team's objects, and under new names: the stack may have
        // the real ones (a dry-run create of an existing name is a conflict, not a validation).
        const namespace = obj.metadata?.namespace === 'team-a' ? ns : obj.metadata?.namespace;
        const body = {
          ...obj,
          metadata: { ...obj.metadata, name: `${obj.metadata?.name}-${suffix}`, namespace },
        };
        await api.request('POST', resourcePath({ group, version, resource }, namespace), {
          body,
          query: { dryRun: 'All' },
        });
      }
    }
  });
});
