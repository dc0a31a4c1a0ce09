/**
 * The service catalog in a real browser (Debian's Chromium, driven by playwright-core) against the
 * real stack: team A signs in with its own kubeconfig, finds PostgreSQLInstance (offered from root:db
 * by the bridge, as in the reference scenario), binds it into a fresh workspace accepting its
 * permission claims, orders a database through the generated form (a wrong value refused next to its
 * field first), sees it become Ready on the page without reloading, reveals its password and connects
 * with psql. Team A sees none of team B's claims or Secrets, also when it types their URLs. A page
 * screenshot of each step is written to .kxp/e2e/catalog/ (the README's come from there).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { type Browser, chromium, type Page } from 'playwright-core';
import { parse } from 'yaml';
import type { RunningBridge } from '../../src/bridge/bridge.js';
import { grantConsumers } from '../../src/catalog/rights.js';
import { type RunningCatalog, startCatalog } from '../../src/catalog/server/start.js';
import { apiBindings } from '../../src/kcp/apis.js';
import { ensureWorkspace } from '../../src/kcp/workspaces.js';
import { credentialsFromKubeconfig } from '../../src/kube/credentials.js';
import { namespaces, resourcePath } from '../../src/kube/paths.js';
import type { KubeObject } from '../../src/kube/rest.js';
import { writeKubeconfig } from '../../src/stack/kubeconfig.js';
import { bindConsumer, claims, databaseWorkspace, exportName } from '../../src/stack/scenario.js';
import { startPostgresqlApi } from './postgresql-api.js';
import { eventually, kcpAdmin, kcpUser, serviceAdmin, stackInfo } from './stack.js';

const run = promisify(execFile);
const admin = kcpAdmin();
const service = serviceAdmin();
const suffix = randomBytes(3).toString('hex');
const homeA = 'root:org-a:team-a';
const homeB = 'root:org-b:team-b';
const fresh = `${homeA}:shop-${suffix}`;
const claimB = `b-orders-${suffix}`;
const ref = { path: databaseWorkspace, name: exportName };
const shots = join(import.meta.dirname, '../../.kxp/e2e/catalog');

type Obj = KubeObject & { status?: { phase?: string } };

describe('the service catalog, in a browser', () => {
  let bridge: RunningBridge;
  let catalog: RunningCatalog;
  let browser: Browser;
  let page: Page;
  let kubeconfigA: string;

  const url = (p: string) => `${catalog.url}${p}`;
  const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    bridge = await startPostgresqlApi(admin, service);
    // Both teams' home workspaces bound (as make up does); team A also gets a fresh workspace of its
    // own, bound to nothing, and both may bind the export themselves (what the provider grants).
    await Promise.all([bindConsumer(admin, homeA, 'team-a'), bindConsumer(admin, homeB, 'team-b')]);
    await grantConsumers(admin, ref, ['team-a', 'team-b']);
    await ensureWorkspace(admin, fresh);
    const ws = admin.forCluster(fresh);
    await ws.ensure('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'team-a-admins' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'team-a' }],
    });
    await ws.ensure(resourcePath(namespaces), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'apps' },
    });
    // Team B's own database, ordered with its own identity.
    await kcpUser('team-b')
      .forCluster(homeB)
      .create(resourcePath(claims, 'apps'), {
        apiVersion: 'db.kxp.dev/v1alpha1',
        kind: 'PostgreSQLInstance',
        metadata: { name: claimB },
        spec: { writeConnectionSecretToRef: { name: `${claimB}-db` } },
      });

    const info = stackInfo();
    const teamA = credentialsFromKubeconfig(info.kcp.users['team-a']!);
    kubeconfigA = writeKubeconfig(
      join(mkdtempSync(join(tmpdir(), 'kxp-catalog-')), 'team-a.kubeconfig'),
      'team-a',
      {
        ...teamA,
        server: `${info.kcp.url}/clusters/${homeA}`,
      },
    );
    catalog = await startCatalog(
      {
        kcpServer: info.kcp.url,
        kcpCa: credentialsFromKubeconfig(info.kcp.kubeconfig).ca,
        exports: [ref],
        address: '127.0.0.1:0',
      },
      pino({ level: process.env.KXP_TEST_LOG ?? 'silent' }),
    );
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await catalog?.stop();
    // The databases ordered here are dropped while the bridge still runs.
    const orders = [
      [admin.forCluster(fresh), 'orders'],
      [admin.forCluster(fresh), `live-${suffix}`],
      [admin.forCluster(homeB), claimB],
    ] as const;
    await Promise.all(
      orders.map(([ws, name]) => ws.remove(resourcePath(claims, 'apps', name)).catch(() => undefined)),
    );
    await eventually(async () => {
      for (const [ws, name] of orders) {
        const err = await ws.get(resourcePath(claims, 'apps', name)).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeDefined();
      }
    }, 150_000).catch(() => undefined);
    await bridge?.stop();
  }, 200_000);

  it('signs team A in with its own kubeconfig, in a secure HTTP-only cookie', async () => {
    await page.goto(url('/apis'));
    expect(new URL(page.url()).pathname).toBe('/signin');
    await shot('signin');
    await page.fill('#kubeconfig', readFileSync(kubeconfigA, 'utf8'));
    await page.click('button[type=submit]:has-text("Sign in")');
    await page.waitForURL(url('/apis'));
    await expect(page.textContent('header')).resolves.toContain(`team-a · ${homeA}`);
    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({ name: 'kxp_catalog', httpOnly: true, secure: true, sameSite: 'Strict' });
    expect(page.url()).not.toContain(cookie!.value);
    const metrics = await (await page.request.get(url('/metrics'))).text();
    expect(metrics).toContain('kxp_catalog_sign_ins_total{result="accepted"} 1');
    expect(metrics).toContain('kxp_catalog_sessions 1');
  });

  it('finds PostgreSQLInstance, with its fields and an example', async () => {
    await shot('services');
    await page.click('a:has-text("PostgreSQLInstance")');
    await page.waitForURL(/\/apis\/root:db:databases\/postgresqlinstances$/);
    const row = page.locator('table.fields tr', { hasText: 'spec.parameters.connectionLimit' });
    await expect(row.textContent()).resolves.toMatch(/integer10≥ 1; ≤ 100How many connections/);
    await expect(
      page.locator('table.fields tr', { hasText: 'spec.parameters.encoding' }).textContent(),
    ).resolves.toContain('UTF8, SQL_ASCII, LATIN1');
    const example = parse((await page.textContent('pre.yaml')) ?? '') as { spec: unknown; kind: string };
    expect(example.kind).toBe('PostgreSQLInstance');
    expect(example.spec).toMatchObject({ parameters: { connectionLimit: 10, encoding: 'UTF8' } });
    await shot('service');
  });

  it('binds it into a fresh workspace once its permission claims are accepted', async () => {
    const exp = await admin
      .forCluster(databaseWorkspace)
      .get<KubeObject & { spec: { permissionClaims?: { resource: string }[] } }>(
        `/apis/apis.kcp.io/v1alpha2/apiexports/${exportName}`,
      );
    const claimed = exp.spec.permissionClaims ?? [];
    const form = page.locator('form.bind');
    for (const c of claimed) await expect(form.textContent()).resolves.toContain(c.resource);
    await page.selectOption('#workspace', fresh);
    await page.click('form.bind button');
    await expect(page.textContent('.error')).resolves.toContain("Accept the export's permission claims");
    await page.selectOption('#workspace', fresh);
    await page.check('input[name=accept]');
    await page.click('form.bind button');
    await page.waitForSelector(`a.order:has-text("Order in ${fresh}")`, { timeout: 90_000 });
    const binding = await admin.forCluster(fresh).get<Obj>(resourcePath(apiBindings, undefined, exportName));
    expect(binding.status?.phase).toBe('Bound');
    await shot('bound');
  }, 120_000);

  it('refuses a wrong value next to its field, before anything is sent to kcp', async () => {
    await page.click(`a.order:has-text("Order in ${fresh}")`);
    await page.fill('[name="metadata.name"]', 'orders');
    await page.fill('[name="spec.parameters.connectionLimit"]', '500');
    await page.fill('[name="spec.writeConnectionSecretToRef.name"]', 'orders-db');
    await page.click('form.order button[type=submit]');
    const error = page.locator('[data-field="spec.parameters.connectionLimit"] .field-error');
    await expect(error.textContent()).resolves.toContain('should be less than or equal to 100');
    await expect(page.locator('.field-error').count()).resolves.toBe(1);
    await shot('order-refused');
    const list = await admin.forCluster(fresh).list(resourcePath(claims, 'apps'));
    expect(list.items).toEqual([]);
  });

  it('orders a database through the form and shows it become Ready live', async () => {
    await page.fill('[name="spec.parameters.connectionLimit"]', '5');
    await page.selectOption('[name="spec.parameters.encoding"]', 'UTF8');
    await page.click('form.order button[type=submit]');
    await page.waitForURL(/\/claims\/postgresqlinstances\/apps\/orders$/);
    await shot('claim-ordered');
    const ready = page.locator('#conditions tr[data-type="Ready"] td:nth-child(2)');
    // No reload from here: the page's script shows the claim's conditions as the kcp watch relays them.
    const before = await page.evaluate(
      `document.querySelector('#conditions tr[data-type="Ready"] td:nth-child(2)')?.textContent ?? null`,
    );
    await page.waitForSelector('#conditions tr[data-type="Ready"] td.s-True', { timeout: 240_000 });
    // Ordered a moment ago: a database is not Ready at once, so the page showed it change.
    expect(before).not.toBe('True');
    await expect(ready.textContent()).resolves.toBe('True');
    await expect(page.textContent('#live')).resolves.toBe('live');
    // Its connection Secret's keys arrive on the page too, values masked.
    await page.waitForSelector('#secret tr[data-key="password"]', { timeout: 90_000 });
    await expect(page.textContent('#secret tr[data-key="password"]')).resolves.toBe('password••••••••');
    await shot('claim-ready');
  }, 260_000);

  it('lists the claims of a workspace and adds a new one live', async () => {
    await page.goto(url(`/w/${fresh}/claims`));
    await expect(page.locator('#claims tbody tr').count()).resolves.toBe(1);
    await expect(page.textContent('#claims tbody tr')).resolves.toMatch(
      /^appsordersPostgreSQLInstanceTrueTrue/,
    );
    await page.waitForSelector('#live:text-is("live")');
    // Team A orders another with kubectl's API, as a GitOps controller would: the open page shows it.
    await kcpUser('team-a')
      .forCluster(fresh)
      .create(resourcePath(claims, 'apps'), {
        apiVersion: 'db.kxp.dev/v1alpha1',
        kind: 'PostgreSQLInstance',
        metadata: { name: `live-${suffix}` },
        spec: {},
      });
    await page.waitForSelector(`#claims tr[id="postgresqlinstances/apps/live-${suffix}"]`, {
      timeout: 30_000,
    });
    await expect(page.textContent('#count')).resolves.toBe('2');
    await page.fill('#filter', `live-${suffix}`);
    await expect(page.locator('#claims tbody tr:visible').count()).resolves.toBe(1);
    await page.fill('#filter', '');
    await shot('claims');
  }, 60_000);

  it('reveals the password on request (a POST), and psql connects with it', async () => {
    await page.goto(url(`/w/${fresh}/claims/postgresqlinstances/apps/orders`));
    await page.waitForSelector('#secret tr[data-key="password"]');
    const secret = await admin
      .forCluster(fresh)
      .get<{ data: Record<string, string> }>(
        resourcePath({ group: '', version: 'v1', resource: 'secrets' }, 'apps', 'orders-db'),
      );
    const password = Buffer.from(secret.data.password!, 'base64').toString('utf8');
    expect(await page.content()).not.toContain(password);
    await page.click('#secret button:has-text("Reveal values")');
    await page.waitForSelector('#secret code.value');
    expect(page.url()).toMatch(/\/reveal$/);
    expect(page.url()).not.toContain(password);
    const value = async (k: string) =>
      (await page.textContent(`#secret tr[data-key="${k}"] code.value`)) ?? '';
    expect(await value('password')).toBe(password);
    await shot('secret-revealed');
    const { stdout } = await run(
      join(stackInfo().postgres.binDir, 'psql'),
      [
        '-h',
        await value('host'),
        '-p',
        await value('port'),
        '-U',
        await value('username'),
        '-d',
        await value('database'),
        '-Atc',
        'select current_database(), current_user',
      ],
      { env: { ...process.env, PGPASSWORD: await value('password') }, timeout: 30_000 },
    );
    expect(stdout.trim()).toBe(`${await value('database')}|${await value('username')}`);
  }, 120_000);

  it('shows team A none of team B’s claims or Secrets, by URL too', async () => {
    for (const ws of [homeA, fresh]) {
      await page.goto(url(`/w/${ws}/claims`));
      expect(await page.content()).not.toContain(claimB);
    }
    for (const p of [
      `/w/${homeB}/claims`,
      `/w/${homeB}/claims/postgresqlinstances/apps/${claimB}`,
      `/w/${homeB}/claims/events`,
    ]) {
      const res = await page.goto(url(p));
      expect(res?.status()).toBe(403);
      expect(await page.content()).not.toContain(`${claimB}-db`);
    }
    await shot('refused');
    const csrf = await page.getAttribute('nav input[name=_csrf]', 'value');
    const reveal = await page.request.post(
      url(`/w/${homeB}/claims/postgresqlinstances/apps/${claimB}/reveal`),
      {
        form: { _csrf: csrf ?? '' },
      },
    );
    expect(reveal.status()).toBe(403);
    expect(await reveal.text()).not.toMatch(/code class="value"/);
  });

  it('refuses a write without the session’s CSRF token', async () => {
    const res = await page.request.post(url(`/w/${fresh}/order/root:db:databases/postgresqlinstances`), {
      form: { 'metadata.name': `forged-${suffix}`, 'metadata.namespace': 'apps' },
    });
    expect(res.status()).toBe(403);
    await expect(
      admin.forCluster(fresh).get(resourcePath(claims, 'apps', `forged-${suffix}`)),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('signs out, and the session is gone', async () => {
    await page.goto(url('/apis'));
    await page.click('nav button:has-text("Sign out")');
    await page.waitForURL(url('/signin'));
    expect(await page.context().cookies()).toEqual([]);
    await page.goto(url(`/w/${fresh}/claims`));
    expect(new URL(page.url()).pathname).toBe('/signin');
  });

  it('offers nothing to a user who may not bind the export', async () => {
    const bridgeUser = credentialsFromKubeconfig(stackInfo().kcp.users['kxp-bridge']!);
    await page.goto(url('/signin'));
    await page.fill('#token', bridgeUser.token ?? '');
    await page.fill('#workspace', databaseWorkspace);
    await page.click('button[type=submit]:has-text("Sign in")');
    await page.waitForURL(url('/apis'));
    await expect(page.textContent('main')).resolves.toContain(
      'No service of this catalog may be bound by you.',
    );
  });
});
