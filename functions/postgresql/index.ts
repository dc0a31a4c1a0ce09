/**
 * postgresql: composes a real database and the role that owns it on a PostgreSQL server, through
 * provider-sql's namespaced managed resources, and hands the consumer what it needs to connect
 * (host, port, username, password, database): as connection details for a legacy XR with a claim,
 * and as a Secret labelled kxp.dev/project for a namespaced XR (the bridge projects it to kcp).
 */
import { createHash } from 'node:crypto';
import { defineFunction } from '../../src/function/sdk/index.js';
import { PostgreSQLInstance } from './schema.js';

const sql = 'postgresql.sql.m.crossplane.io/v1alpha1';

/**
 * sqlName returns the name of the XR's role and database: its own name and a hash of its uid. Every
 * team's XRs share one server, and team A's and team B's `orders` must not meet there. It is also
 * the managed resources' Kubernetes name (provider-sql names the role and database after it, and
 * quotes it in SQL), so it keeps to lowercase letters, digits and dashes.
 */
export function sqlName(name: string, uid: string): string {
  const safe = name
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 40)
    .replace(/^-+|-+$/g, '');
  return `${safe}-${createHash('sha256').update(uid).digest('hex').slice(0, 8)}`;
}

export default defineFunction({
  composite: PostgreSQLInstance,
  autoReady: true,
  compose(ctx) {
    const xr = ctx.composite;
    const ident = sqlName(xr.metadata.name, xr.metadata.uid ?? xr.metadata.name);
    const { encoding, connectionLimit } = xr.spec.parameters;
    const roleSecret = `${xr.metadata.name}-role`;
    // provider-sql's resources are namespaced: a namespaced XR composes them in its namespace, and a
    // legacy (cluster-scoped) XR in its claim's, where the claim's connection Secret lives too.
    const namespace = xr.metadata.namespace ?? xr.metadata.labels?.['crossplane.io/claim-namespace'];
    if (!namespace) {
      ctx.result.fatal(
        'a cluster-scoped PostgreSQLInstance needs a claim: its database lives in the claim’s namespace',
      );
      return;
    }

    ctx.compose('role', {
      apiVersion: sql,
      kind: 'Role',
      metadata: { name: ident, namespace },
      spec: {
        forProvider: { privileges: { login: true }, connectionLimit },
        writeConnectionSecretToRef: { name: roleSecret },
      },
    });
    ctx.compose('database', {
      apiVersion: sql,
      kind: 'Database',
      metadata: { name: ident, namespace },
      spec: { forProvider: { owner: ident, encoding } },
    });

    // provider-sql generates the role's password and publishes username, password, endpoint, port.
    const role = ctx.connectionDetails('role');
    if (!role.password) {
      ctx
        .setCondition('ConnectionReady', 'False', 'WaitingForRole')
        .withMessage('the role has no password yet');
      return;
    }
    const details = {
      host: role.endpoint?.toString() ?? '',
      port: role.port?.toString() ?? '5432',
      username: role.username?.toString() ?? ident,
      password: role.password.toString(),
      database: ident,
    };
    ctx.setStatus({ database: ident, role: ident, endpoint: `${details.host}:${details.port}` });
    ctx.setCondition('ConnectionReady', 'True', 'Available');
    if (xr.metadata.namespace) {
      // A namespaced (v2) XR has no connection details: the Secret is composed, for the bridge to project.
      ctx.compose(
        'connection',
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: `${xr.metadata.name}-connection`, labels: { 'kxp.dev/project': 'true' } },
          type: 'connection.crossplane.io/v1alpha1',
          data: Object.fromEntries(
            Object.entries(details).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
          ),
        },
        { ready: true },
      );
    } else {
      ctx.setConnectionDetails(details);
    }
  },
});
