/**
 * The catalog benchmark (`make bench`, part `catalog`): time to first render of the claims page of a
 * workspace holding 500 claims, against a real kcp. The catalog runs in this process; a team signs in
 * with its own token, and the page is fetched as a browser does:
 *
 * - the server's time: a GET of /w/<workspace>/claims, from request to the last byte of the HTML
 *   (the catalog lists the claims from kcp with the team's identity and renders every row);
 * - in Debian's Chromium (headless, playwright-core): First Contentful Paint of a navigation to the
 *   page, and the time until its live view says it follows the kcp watch.
 *
 *   node --import tsx test/bench/run.ts catalog
 *
 * BENCH_CATALOG_CLAIMS (500) claims, BENCH_CATALOG_RUNS (15) page loads of each kind (medians and p90
 * reported). Target: first render under 1 s (median FCP). State goes to .kxp/bench/catalog/.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { chromium } from 'playwright-core';
import { grantConsumers } from '../../../src/catalog/rights.js';
import { startCatalog } from '../../../src/catalog/server/start.js';
import { apiExports, apiResourceSchemas } from '../../../src/kcp/apis.js';
import { bindExport } from '../../../src/kcp/bindings.js';
import { ensureWorkspace } from '../../../src/kcp/workspaces.js';
import { namespaces, resourcePath } from '../../../src/kube/paths.js';
import { RestClient } from '../../../src/kube/rest.js';
import { startKcp } from '../../../src/stack/kcp.js';
import { percentile, pool } from '../bridge/kube.js';

const root = resolve(import.meta.dirname, '../../..');
const work = join(root, '.kxp', 'bench', 'catalog');
const claims = Number(process.env.BENCH_CATALOG_CLAIMS ?? 500);
const runs = Number(process.env.BENCH_CATALOG_RUNS ?? 15);
const targetMs = 1000;
const log = (message: string) => console.error(`bench: ${message}`);

const group = 'bench.kxp.dev';
const plural = 'postgresqlinstances';
const team = 'root:bench-team';
const provider = 'root:bench-db';

/** The PostgreSQLInstance API as an export offers it (status writable on create: no status subresource). */
const schema = {
  apiVersion: 'apis.kcp.io/v1alpha1',
  kind: 'APIResourceSchema',
  metadata: { name: `v1.${plural}.${group}` },
  spec: {
    group,
    names: {
      kind: 'PostgreSQLInstance',
      plural,
      singular: 'postgresqlinstance',
      listKind: 'PostgreSQLInstanceList',
    },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: true,
        schema: {
          type: 'object',
          properties: {
            spec: {
              type: 'object',
              properties: {
                parameters: {
                  type: 'object',
                  properties: {
                    encoding: { type: 'string', enum: ['UTF8', 'SQL_ASCII', 'LATIN1'], default: 'UTF8' },
                    connectionLimit: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
                  },
                },
                writeConnectionSecretToRef: { type: 'object', properties: { name: { type: 'string' } } },
              },
            },
            status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          },
        },
      },
    ],
  },
};

/** claim returns the ith claim: most Ready, some still being created, as a real workspace's are. */
function claim(i: number) {
  const ready = i % 10 !== 0;
  const now = new Date().toISOString();
  return {
    apiVersion: `${group}/v1alpha1`,
    kind: 'PostgreSQLInstance',
    metadata: { name: `db-${String(i).padStart(4, '0')}`, namespace: `apps-${i % 5}` },
    spec: { parameters: { connectionLimit: 5 }, writeConnectionSecretToRef: { name: `db-${i}-conn` } },
    status: {
      conditions: [
        { type: 'Synced', status: 'True', reason: 'ReconcileSuccess', lastTransitionTime: now },
        ready
          ? { type: 'Ready', status: 'True', reason: 'Available', lastTransitionTime: now }
          : {
              type: 'Ready',
              status: 'False',
              reason: 'Creating',
              message: 'Waiting for the database',
              lastTransitionTime: now,
            },
      ],
    },
  };
}

/** timedGet returns how long a GET of url takes to its last byte, with cookie. */
function timedGet(url: string, cookie: string): Promise<{ ms: number; bytes: number; status: number }> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const req = request(url, { headers: { cookie } }, (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => {
        bytes += d.length;
      });
      res.on('end', () => done({ ms: performance.now() - t0, bytes, status: res.statusCode ?? 0 }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** signIn signs in with token and workspace and returns the session cookie. */
function signIn(base: string, token: string, workspace: string): Promise<string> {
  return new Promise((done, fail) => {
    const body = new URLSearchParams({ token, workspace }).toString();
    const req = request(
      `${base}/signin`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        const cookie = res.headers['set-cookie']?.[0]?.split(';')[0];
        if (res.statusCode === 303 && cookie) done(cookie);
        else fail(new Error(`cannot sign in: ${res.statusCode}`));
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

export async function catalogBench(): Promise<void> {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  log(`catalog: starting kcp (${availableParallelism()} CPUs, load ${loadavg()[0]!.toFixed(1)})`);
  const kcp = await startKcp(work, ['team-a'], false);
  try {
    const admin = new RestClient(kcp.admin);
    await ensureWorkspace(admin, provider);
    await ensureWorkspace(admin, team);
    const db = admin.forCluster(provider);
    await db.ensure(resourcePath(apiResourceSchemas), schema);
    await db.ensure(resourcePath(apiExports), {
      apiVersion: 'apis.kcp.io/v1alpha2',
      kind: 'APIExport',
      metadata: { name: 'databases' },
      spec: { resources: [{ group, name: plural, schema: schema.metadata.name, storage: { crd: {} } }] },
    });
    const ref = { path: provider, name: 'databases' };
    const ws = admin.forCluster(team);
    await bindExport(admin, ws, ref);
    await grantConsumers(admin, ref, ['team-a']);
    await ws.ensure('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'team-a-admins' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'team-a' }],
    });
    for (let n = 0; n < 5; n++)
      await ws.ensure(resourcePath(namespaces), {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: `apps-${n}` },
      });
    log(`catalog: creating ${claims} claims in ${team}`);
    const t0 = performance.now();
    await pool(
      Array.from({ length: claims }, (_, i) => i),
      16,
      async (i) => {
        const c = claim(i);
        await ws.create(
          resourcePath({ group, version: 'v1alpha1', resource: plural }, c.metadata.namespace),
          c,
        );
      },
    );
    log(`catalog: created in ${fmt(performance.now() - t0)}`);

    const catalog = await startCatalog(
      { kcpServer: kcp.url, kcpCa: kcp.admin.ca, exports: [ref], address: '127.0.0.1:0' },
      pino({ level: 'warn' }),
    );
    const token = kcp.users['team-a']!.credentials.token!;
    const cookie = await signIn(catalog.url, token, team);
    const page = `${catalog.url}/w/${team}/claims`;
    const first = await timedGet(page, cookie);
    if (first.status !== 200) throw new Error(`GET ${page} answered ${first.status}`);
    const served: number[] = [first.ms];
    for (let i = 1; i < runs; i++) served.push((await timedGet(page, cookie)).ms);

    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    const fcp: number[] = [];
    const live: number[] = [];
    const [name, value] = cookie.split('=') as [string, string];
    try {
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext();
        await context.addCookies([{ name, value, url: catalog.url }]);
        const tab = await context.newPage();
        const start = performance.now();
        await tab.goto(page, { waitUntil: 'load' });
        const rows = (await tab.evaluate(`document.querySelectorAll('#claims tbody tr').length`)) as number;
        if (rows !== claims) throw new Error(`the claims page shows ${rows} rows, not ${claims}`);
        await tab.waitForSelector('#live:text-is("live")');
        live.push(performance.now() - start);
        // Read once the page is live: at the load event Chromium has not always recorded its first paint yet.
        const paint = (await tab.evaluate(
          `performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1`,
        )) as number;
        if (paint < 0) throw new Error('Chromium recorded no first contentful paint of the claims page');
        fcp.push(paint);
        await context.close();
      }
    } finally {
      await browser.close();
      await catalog.stop();
    }
    const med = (v: number[]) => percentile(v, 0.5);
    const p90 = (v: number[]) => percentile(v, 0.9);
    console.log(
      `\ncatalog: the claims page of a workspace with ${claims} claims (${runs} loads each, kcp on loopback)`,
    );
    console.log(
      `  first GET (cold)                      ${fmt(first.ms)}   (${(first.bytes / 1024).toFixed(0)} KiB of HTML)`,
    );
    console.log(
      `  GET, server to last byte              median ${fmt(med(served))}, p90 ${fmt(p90(served))}`,
    );
    console.log(`  Chromium First Contentful Paint       median ${fmt(med(fcp))}, p90 ${fmt(p90(fcp))}`);
    console.log(`  Chromium until the page is live       median ${fmt(med(live))}, p90 ${fmt(p90(live))}`);
    const verdict = med(fcp) < targetMs ? 'PASS' : 'MISS';
    console.log(
      `  ${verdict}  first render under ${fmt(targetMs)} (median FCP ${fmt(med(fcp))}, ${(targetMs / med(fcp)).toFixed(1)}x under)`,
    );
  } finally {
    await kcp.process.stop();
  }
}
