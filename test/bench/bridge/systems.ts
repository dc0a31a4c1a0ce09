/**
 * The two systems under test, each a separate process so its peak RSS is its own: kxp's bridge
 * (`node dist/cli/main.js bridge`, Crossplane-first) and api-syncagent (v0.7.0, built by
 * peers/build.sh), with what each needs in kcp and the service cluster.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { apiBindings, apiExportEndpointSlices, apiExports } from '../../../src/kcp/apis.js';
import { isConflict } from '../../../src/kube/errors.js';
import {
  customResourceDefinitions,
  namespaces,
  type ResourceRef,
  resourcePath,
} from '../../../src/kube/paths.js';
import type { KubeObject, RestClient } from '../../../src/kube/rest.js';
import { writeKubeconfig } from '../../../src/stack/kubeconfig.js';
import { pool, retry, sleep, waitUntil } from './kube.js';

/** The Crossplane-first kind the bridge syncs: a v2 namespaced XR, no Composition. */
export const gadgets: ResourceRef = { group: 'bench.kxp.dev', version: 'v1alpha1', resource: 'gadgets' };
export const gadgetKind = 'Gadget';
export const bridgeExport = 'bench.kxp.dev';

/** The plain CRD kind api-syncagent publishes. */
export const widgets: ResourceRef = {
  group: 'agent.bench.kxp.dev',
  version: 'v1alpha1',
  resource: 'widgets',
};
export const widgetKind = 'Widget';
export const agentExport = 'agent.bench.kxp.dev';

/** The workspace both exports live in. */
export const exportWorkspace = 'root:db';

const idSchema = {
  type: 'object',
  properties: { spec: { type: 'object', properties: { id: { type: 'string' } } } },
};

const gadgetXrd: KubeObject = {
  apiVersion: 'apiextensions.crossplane.io/v2',
  kind: 'CompositeResourceDefinition',
  metadata: { name: `${gadgets.resource}.${gadgets.group}`, labels: { 'kxp.dev/export': bridgeExport } },
  spec: {
    scope: 'Namespaced',
    group: gadgets.group,
    names: { kind: gadgetKind, plural: gadgets.resource },
    versions: [
      { name: gadgets.version, served: true, referenceable: true, schema: { openAPIV3Schema: idSchema } },
    ],
  },
};

const widgetCrd: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${widgets.resource}.${widgets.group}` },
  spec: {
    group: widgets.group,
    scope: 'Namespaced',
    names: { kind: widgetKind, plural: widgets.resource, singular: 'widget', listKind: 'WidgetList' },
    versions: [
      {
        name: widgets.version,
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: idSchema.properties.spec,
              status: {
                type: 'object',
                properties: {
                  conditions: {
                    type: 'array',
                    'x-kubernetes-list-type': 'map',
                    'x-kubernetes-list-map-keys': ['type'],
                    items: {
                      type: 'object',
                      required: ['type', 'status'],
                      properties: {
                        type: { type: 'string' },
                        status: { type: 'string' },
                        reason: { type: 'string' },
                        message: { type: 'string' },
                        lastTransitionTime: { type: 'string', format: 'date-time' },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    ],
  },
};

/** A system under test, running. */
export interface RunningSystem {
  pid: number;
  stop(): Promise<void>;
  /** requests returns the HTTP requests the process has sent so far, by host (the bridge only). */
  requests?: () => Record<string, number>;
  /** metricsSeries returns how many series the process's /metrics serves (the bridge only). */
  metricsSeries?: () => Promise<number>;
}

/** Logs this run has written: a system started again appends to its log rather than replace it. */
const logsWritten = new Set<string>();

export function startProcess(
  command: string,
  args: string[],
  logFile: string,
  cwd?: string,
  env?: Record<string, string>,
): RunningSystem {
  const out = openSync(logFile, logsWritten.has(logFile) ? 'a' : 'w');
  logsWritten.add(logFile);
  const child: ChildProcess = spawn(command, args, {
    stdio: ['ignore', out, out],
    cwd,
    env: { ...process.env, ...env },
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  if (child.pid === undefined) throw new Error(`cannot start ${command}`);
  const pid = child.pid;
  let early = true;
  child.once('exit', (code) => {
    if (early) console.error(`bench: ${command} exited early (${code}); see ${logFile}`);
  });
  return {
    pid,
    async stop() {
      early = false;
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

async function createIgnoringConflict(client: RestClient, path: string, body: KubeObject): Promise<void> {
  try {
    await client.create(path, body);
  } catch (err) {
    if (!isConflict(err)) throw err;
  }
}

interface Export extends KubeObject {
  spec?: {
    resources?: { group?: string; name?: string; schema?: string }[];
    permissionClaims?: { group?: string; resource?: string; verbs?: string[] }[];
  };
}

/** exportResources waits until the export lists a resource schema, and returns the export. */
async function exportWithResources(db: RestClient, name: string, timeoutMs: number): Promise<Export> {
  let exp: Export | undefined;
  await waitUntil(
    async () => {
      exp = await db.get<Export>(resourcePath(apiExports, undefined, name)).catch(() => undefined);
      return (exp?.spec?.resources?.length ?? 0) > 0;
    },
    timeoutMs,
    () => `export ${exportWorkspace}:${name} has no resources yet`,
    250,
  );
  return exp as Export;
}

/** bindAll binds the export in every workspace, accepting its permission claims, and waits until all are Bound. */
export async function bindAll(db: RestClient, workspaces: RestClient[], name: string): Promise<void> {
  const exp = await db.get<Export>(resourcePath(apiExports, undefined, name));
  const permissionClaims = (exp.spec?.permissionClaims ?? []).map((c) => ({
    ...c,
    selector: { matchAll: true },
    state: 'Accepted',
  }));
  await pool(workspaces, 10, async (ws) => {
    await retry(() =>
      createIgnoringConflict(ws, resourcePath(apiBindings), {
        apiVersion: 'apis.kcp.io/v1alpha2',
        kind: 'APIBinding',
        metadata: { name },
        spec: { reference: { export: { path: exportWorkspace, name } }, permissionClaims },
      }),
    );
  });
  await pool(workspaces, 10, async (ws) => {
    await waitUntil(
      async () => {
        const b = await ws.get<KubeObject & { status?: { phase?: string } }>(
          resourcePath(apiBindings, undefined, name),
        );
        return b.status?.phase === 'Bound';
      },
      120_000,
      () => `APIBinding ${name} in ${ws.url} is not Bound`,
      200,
    );
  });
}

/** exportView returns a client of the export's virtual workspace (its first endpoint), for `/clusters/*` lists. */
export async function exportView(kcp: RestClient, name: string): Promise<RestClient> {
  const db = kcp.forCluster(exportWorkspace);
  let url = '';
  await waitUntil(
    async () => {
      const slice = await db
        .get<KubeObject & { status?: { endpoints?: { url?: string }[] } }>(
          resourcePath(apiExportEndpointSlices, undefined, name),
        )
        .catch(() => undefined);
      url = slice?.status?.endpoints?.[0]?.url ?? '';
      return url !== '';
    },
    60_000,
    () => `the endpoint slice of ${name} lists no endpoint`,
    250,
  );
  return kcp.withServer(url.replace(/\/+$/, ''));
}

export interface BridgeSetup {
  root: string;
  serviceKubeconfig: string;
  kcpKubeconfig: string;
  logDir: string;
  service: RestClient;
  kcp: RestClient;
}

/** What a bridge serves: its export, the XRD published into it, and the name of its log and config. */
export interface Published {
  exportName: string;
  xrd: KubeObject;
  name: string;
}

const gadgetsPublished: Published = { exportName: bridgeExport, xrd: gadgetXrd, name: 'kxp-bridge' };

/**
 * startKxpBridge publishes an XRD (the Gadget XRD unless told otherwise) and starts the bridge for
 * its export as its own process; it returns once the export serves the XRD's kind.
 */
export async function startKxpBridge(
  o: BridgeSetup,
  published: Published = gadgetsPublished,
): Promise<RunningSystem> {
  const main = join(o.root, 'dist/cli/main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build`);
  await createIgnoringConflict(
    o.service,
    resourcePath({
      group: 'apiextensions.crossplane.io',
      version: 'v2',
      resource: 'compositeresourcedefinitions',
    }),
    published.xrd,
  );
  // BENCH_BRIDGE_SYNC=qps=500,burst=500,workers=16 overrides the bridge's sync settings (defaults otherwise).
  const tuning = (process.env.BENCH_BRIDGE_SYNC ?? '').split(',').filter(Boolean);
  const config = join(o.logDir, `${published.name}.yaml`);
  writeFileSync(
    config,
    stringify({ sync: Object.fromEntries(tuning.map((kv) => [kv.split('=')[0], Number(kv.split('=')[1])])) }),
  );
  // BENCH_BRIDGE_NODE_ARGS passes flags to the bridge's node, e.g. --cpu-prof --cpu-prof-dir=/tmp/prof.
  const nodeArgs = (process.env.BENCH_BRIDGE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // Its requests are counted by a module loaded into it (count-requests.mjs), not by code in src/.
  const counts = join(o.logDir, `${published.name}-requests-${Date.now()}.json`);
  const counter = join(import.meta.dirname, 'count-requests.mjs');
  const metricsPort = await freePort();
  const bridge = startProcess(
    process.execPath,
    [
      '--import',
      counter,
      ...nodeArgs,
      main,
      'bridge',
      '--config',
      config,
      '--kubeconfig',
      o.serviceKubeconfig,
      '--kcp-kubeconfig',
      o.kcpKubeconfig,
      '--export',
      `${exportWorkspace}:${published.exportName}`,
      '--mode',
      'crossplane-first',
      '--leader-elect=false',
      '--metrics-address',
      `127.0.0.1:${metricsPort}`,
    ],
    join(o.logDir, `${published.name}.log`),
    undefined,
    { KXP_BENCH_REQUEST_COUNTS: counts },
  );
  await exportWithResources(o.kcp.forCluster(exportWorkspace), published.exportName, 120_000);
  bridge.metricsSeries = async () => {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    return text.split('\n').filter((l) => l.trim() && !l.startsWith('#')).length;
  };
  bridge.requests = () => {
    try {
      return JSON.parse(readFileSync(counts, 'utf8')) as Record<string, number>;
    } catch {
      return {};
    }
  };
  return bridge;
}

/** freePort returns a loopback port free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** syncAgentBinary returns api-syncagent's binary, or why there is none (it is built only on request). */
export function syncAgentBinary(root: string): { binary?: string; missing?: string } {
  const dir = execFileSync(join(root, 'peers/build.sh'), ['--path', 'api-syncagent'], {
    encoding: 'utf8',
  }).trim();
  const binary = join(dir, 'api-syncagent');
  if (existsSync(join(dir, '.complete')) && existsSync(binary)) return { binary };
  return { missing: `${binary} is not built (peers/build.sh api-syncagent)` };
}

/** syncAgentCrds returns the CRDs api-syncagent needs in the service cluster, from its Go module. */
function syncAgentCrds(root: string): KubeObject[] {
  const dir = execFileSync('go', ['list', '-m', '-f', '{{.Dir}}', 'github.com/kcp-dev/api-syncagent'], {
    cwd: join(root, 'peers/api-syncagent'),
    env: { ...process.env, GONOSUMDB: 'github.com/kcp-dev', GOFLAGS: '-mod=mod' },
    encoding: 'utf8',
  }).trim();
  const file = join(dir, 'deploy/crd/kcp.io/syncagent.kcp.io_publishedresources.yaml');
  return [parse(readFileSync(file, 'utf8')) as KubeObject];
}

/**
 * startSyncAgent installs api-syncagent's CRDs, a Widget CRD and a PublishedResource for it, an empty
 * APIExport in kcp for the agent to manage, and starts the agent; it returns once the export serves
 * Widgets, with the kcp-side resource the agent published.
 */
export async function startSyncAgent(
  o: BridgeSetup & { binary: string; kcpUrl: string },
): Promise<{ agent: RunningSystem; kcpRef: ResourceRef }> {
  for (const crd of [...syncAgentCrds(o.root), widgetCrd])
    await createIgnoringConflict(o.service, resourcePath(customResourceDefinitions), crd);
  await createIgnoringConflict(o.service, resourcePath(namespaces), {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'kcp-system' },
  });
  const published = { group: 'syncagent.kcp.io', version: 'v1alpha1', resource: 'publishedresources' };
  await retry(() =>
    createIgnoringConflict(o.service, resourcePath(published), {
      apiVersion: 'syncagent.kcp.io/v1alpha1',
      kind: 'PublishedResource',
      metadata: { name: 'bench-widgets' },
      spec: { resource: { kind: widgetKind, apiGroup: widgets.group, versions: [widgets.version] } },
    }),
  );
  const db = o.kcp.forCluster(exportWorkspace);
  await createIgnoringConflict(db, resourcePath(apiExports), {
    apiVersion: 'apis.kcp.io/v1alpha2',
    kind: 'APIExport',
    metadata: { name: agentExport },
    spec: {},
  });
  const kcpKubeconfig = writeKubeconfig(join(o.logDir, 'api-syncagent-kcp.kubeconfig'), 'kcp', {
    ...o.kcp.credentials,
    server: `${o.kcpUrl}/clusters/${exportWorkspace}`,
  });
  const agent = startProcess(
    o.binary,
    [
      '--kubeconfig',
      o.serviceKubeconfig,
      '--kcp-kubeconfig',
      kcpKubeconfig,
      '--namespace',
      'kcp-system',
      '--agent-name',
      'bench-agent',
      '--apiexportendpointslice-ref',
      agentExport,
      '--metrics-address',
      '127.0.0.1:0',
      '--health-address',
      '127.0.0.1:0',
    ],
    join(o.logDir, 'api-syncagent.log'),
  );
  const exp = await exportWithResources(db, agentExport, 120_000);
  const r = exp.spec?.resources?.[0];
  if (!r?.group || !r.name) throw new Error(`export ${agentExport} lists a resource without group or name`);
  return { agent, kcpRef: { group: r.group, version: widgets.version, resource: r.name } };
}
