/**
 * postgresql: the reference scenario's API. A team orders a PostgreSQLInstance and gets a real
 * database and role (provider-sql) and the credentials to reach them. Two variants of the same
 * zod schema (functions/postgresql/schema.ts):
 *
 * - `postgresql`: a legacy XRD (apiextensions.crossplane.io/v1) whose namespaced claim
 *   PostgreSQLInstance (db.kxp.dev) gets a connection Secret through writeConnectionSecretToRef;
 * - `postgresql-v2`: a Crossplane v2 namespaced XR PostgreSQLInstance (pg.kxp.dev), whose
 *   function composes a Secret labelled kxp.dev/project for the bridge to hand to the consumer.
 *
 * They live in different groups because a claim and a v2 XR of one kind cannot share a group.
 */
import { type App, Chart } from 'cdk8s';
import { PostgreSQLInstance, PostgreSQLInstanceStatus } from '../../functions/postgresql/schema.js';
import {
  CompositeResourceDefinition,
  Composition,
  CompositionFunction,
  LegacyCompositeResourceDefinition,
} from '../../src/compose/index.js';
import { exampleComposite } from '../example.js';

const fn = 'kxp-postgresql';
const connectionKeys = ['host', 'port', 'username', 'password', 'database'];

function functions(app: App): void {
  new CompositionFunction(new Chart(app, 'functions'), fn, {
    name: fn,
    package: 'kxp.dev/functions/postgresql:v0.1.0',
    module: new URL('../../functions/postgresql/index.ts', import.meta.url),
  });
}

/** postgresqlClaim adds the legacy XRD with its claim, the Composition and the function. */
export function postgresqlClaim(app: App): void {
  const xrd = new LegacyCompositeResourceDefinition(new Chart(app, 'xrd'), 'xpostgresqlinstances', {
    group: 'db.kxp.dev',
    names: { kind: 'XPostgreSQLInstance', plural: 'xpostgresqlinstances' },
    claimNames: { kind: 'PostgreSQLInstance', plural: 'postgresqlinstances' },
    connectionSecretKeys: connectionKeys,
    // Deleting a claim waits until the database and role are dropped.
    defaultCompositeDeletePolicy: 'Foreground',
    versions: [{ name: 'v1alpha1', schema: PostgreSQLInstance, status: PostgreSQLInstanceStatus }],
  });
  functions(app);
  new Composition(new Chart(app, 'composition'), 'composition', {
    xrd,
    pipeline: [{ step: 'database', functionRef: { name: fn } }],
    // The XR's connection Secret, from which Crossplane fills the claim's; without it no claim gets one.
    writeConnectionSecretsToNamespace: 'crossplane-system',
  });
  // The XR Crossplane creates for team-a's claim apps/orders, as kxp render and crossplane render take it.
  exampleComposite(new Chart(app, 'xr'), 'orders', {
    type: xrd.compositeTypeRef,
    schema: PostgreSQLInstance,
    metadata: {
      name: 'orders-x7k2p',
      labels: { 'crossplane.io/claim-name': 'orders', 'crossplane.io/claim-namespace': 'apps' },
    },
    spec: { parameters: { connectionLimit: 5, encoding: 'UTF8' } },
  });
}

/** postgresqlNamespaced adds the v2 namespaced XRD, the Composition and the function. */
export function postgresqlNamespaced(app: App): void {
  const xrd = new CompositeResourceDefinition(new Chart(app, 'xrd'), 'postgresqlinstances', {
    group: 'pg.kxp.dev',
    names: { kind: 'PostgreSQLInstance', plural: 'postgresqlinstances' },
    scope: 'Namespaced',
    versions: [{ name: 'v1alpha1', schema: PostgreSQLInstance, status: PostgreSQLInstanceStatus }],
  });
  functions(app);
  new Composition(new Chart(app, 'composition'), 'composition', {
    xrd,
    pipeline: [{ step: 'database', functionRef: { name: fn } }],
  });
  exampleComposite(new Chart(app, 'xr'), 'orders', {
    type: xrd.compositeTypeRef,
    schema: PostgreSQLInstance,
    metadata: { name: 'orders', namespace: 'apps' },
    spec: { parameters: { connectionLimit: 5, encoding: 'UTF8' } },
  });
}
