import { runFunction } from '../../src/function/sdk/testing.js';
import { Ready, Severity } from '../../src/function/wire/types.js';
import fn, { sqlName } from './index.js';

const claimXr = {
  apiVersion: 'db.kxp.dev/v1alpha1',
  kind: 'XPostgreSQLInstance',
  metadata: { name: 'db-x7k2p', uid: 'uid-a', labels: { 'crossplane.io/claim-namespace': 'apps' } },
  spec: { parameters: { connectionLimit: 5 } },
};
const namespacedXr = {
  ...claimXr,
  kind: 'PostgreSQLInstance',
  metadata: { name: 'db', namespace: 'apps', uid: 'uid-b' },
};
const roleDetails = { role: { username: 'r', password: 'secret', endpoint: '127.0.0.1', port: '5433' } };
const observedRole = {
  role: {
    apiVersion: 'postgresql.sql.m.crossplane.io/v1alpha1',
    kind: 'Role',
    metadata: { name: 'r' },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  },
};
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('postgresql function', () => {
  it('composes a role and the database it owns, named uniquely per XR, and waits for the password', async () => {
    const rsp = await runFunction(fn, { xr: claimXr });
    const ident = sqlName('db-x7k2p', 'uid-a');
    expect(ident).toMatch(/^db-x7k2p-[0-9a-f]{8}$/);
    expect(rsp.desired?.resources.role?.resource).toMatchObject({
      kind: 'Role',
      metadata: { name: ident, namespace: 'apps' },
      spec: {
        forProvider: { privileges: { login: true }, connectionLimit: 5 },
        writeConnectionSecretToRef: { name: 'db-x7k2p-role' },
      },
    });
    expect(rsp.desired?.resources.database?.resource).toMatchObject({
      kind: 'Database',
      spec: { forProvider: { owner: ident, encoding: 'UTF8' } },
    });
    expect(rsp.conditions).toEqual([
      expect.objectContaining({ type: 'ConnectionReady', reason: 'WaitingForRole' }),
    ]);
    expect(rsp.desired?.composite?.connectionDetails ?? {}).toEqual({});
  });

  it('gives a claim’s XR the connection details once the role has them', async () => {
    const rsp = await runFunction(fn, {
      xr: claimXr,
      observed: observedRole,
      observedConnectionDetails: roleDetails,
    });
    const details = Object.fromEntries(
      Object.entries(rsp.desired?.composite?.connectionDetails ?? {}).map(([k, v]) => [k, v.toString()]),
    );
    expect(details).toEqual({
      host: '127.0.0.1',
      port: '5433',
      username: 'r',
      password: 'secret',
      database: sqlName('db-x7k2p', 'uid-a'),
    });
    expect(rsp.desired?.resources.connection).toBeUndefined();
  });

  it('composes a Secret for the bridge to project for a namespaced XR', async () => {
    const rsp = await runFunction(fn, {
      xr: namespacedXr,
      observed: observedRole,
      observedConnectionDetails: roleDetails,
    });
    expect(rsp.desired?.resources.connection).toMatchObject({
      ready: Ready.TRUE,
      resource: {
        kind: 'Secret',
        metadata: { name: 'db-connection', labels: { 'kxp.dev/project': 'true' } },
        data: { password: b64('secret'), host: b64('127.0.0.1'), database: b64(sqlName('db', 'uid-b')) },
      },
    });
    expect(rsp.desired?.composite?.resource?.status).toMatchObject({ endpoint: '127.0.0.1:5433' });
  });

  it('refuses a cluster-scoped XR without a claim', async () => {
    const rsp = await runFunction(fn, { xr: { ...claimXr, metadata: { name: 'lonely', uid: 'u' } } });
    expect(rsp.results[0]).toMatchObject({
      severity: Severity.FATAL,
      message: expect.stringContaining('needs a claim'),
    });
  });

  it('refuses invalid parameters with a FATAL result naming the field', async () => {
    const rsp = await runFunction(fn, { xr: { ...claimXr, spec: { parameters: { connectionLimit: 0 } } } });
    expect(rsp.results[0]).toMatchObject({
      severity: Severity.FATAL,
      message: expect.stringContaining('spec.parameters.connectionLimit'),
    });
  });
});
