/**
 * A consumer of a bridged export as its team meets it: a workspace bound to the export, its own
 * kubeconfig, and the tools its people and its GitOps controllers run against it — kubectl (the
 * stack's peer binary) and kstatus (sigs.k8s.io/cli-utils, the library behind Flux's health checks,
 * as the small Go program in test/tools/kstatus). Also the kxp functions a bridge e2e serves itself.
 */
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import pino from 'pino';
import type { FunctionHandler } from '../../src/function/handler.js';
import { type FunctionServer, serve } from '../../src/function/serve/server.js';
import { bindExport } from '../../src/kcp/bindings.js';
import { ensureWorkspace } from '../../src/kcp/workspaces.js';
import { credentialsFromKubeconfig } from '../../src/kube/credentials.js';
import { namespaces, resourcePath } from '../../src/kube/paths.js';
import type { KubeObject, RestClient } from '../../src/kube/rest.js';
import { functionServerCerts, registerLocalFunction } from '../../src/stack/functions.js';
import { writeKubeconfig } from '../../src/stack/kubeconfig.js';
import { peerBinary } from '../../src/stack/peers.js';
import { goBinary } from '../bench/go-build.js';
import { stackInfo } from './stack.js';

/** Consumer is a bound workspace: an admin client of it, its logical cluster, and its team's kubeconfig. */
export interface Consumer {
  ws: RestClient;
  cluster: string;
  kubeconfig: string;
}

/**
 * bindTeam binds the export in workspace (accepting its permission claims), makes user its
 * cluster-admin, creates the namespaces, and returns the consumer with user's own kubeconfig for it
 * (written into dir).
 */
export async function bindTeam(
  admin: RestClient,
  exportRef: { path: string; name: string },
  workspace: string,
  user: string,
  dir: string,
  nss: readonly string[] = ['apps'],
): Promise<Consumer> {
  const cluster = await ensureWorkspace(admin, workspace);
  const ws = admin.forCluster(workspace);
  await bindExport(admin, ws, exportRef, 60_000);
  await ws.ensure('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: `${user}-admins` },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
  });
  for (const name of nss)
    await ws.ensure(resourcePath(namespaces), { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  const info = stackInfo();
  const file = info.kcp.users[user];
  if (!file) throw new Error(`the stack has no kcp user ${user}`);
  const creds = { ...credentialsFromKubeconfig(file), server: `${info.kcp.url}/clusters/${workspace}` };
  const kubeconfig = writeKubeconfig(join(dir, `${user}-${cluster}.kubeconfig`), user, creds);
  return { ws, cluster, kubeconfig };
}

/** Output is what a command printed and how it exited. */
export interface Output {
  code: number;
  stdout: string;
  stderr: string;
}

/** kubectl returns what the stack's kubectl printed when run with args against kubeconfig. */
export function kubectl(kubeconfig: string, args: string[], timeoutMs = 120_000): Promise<Output> {
  return new Promise((done) => {
    execFile(
      peerBinary('kubernetes', 'kubectl'),
      ['--kubeconfig', kubeconfig, ...args],
      { timeout: timeoutMs, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/**
 * kstatusBinary returns the kstatus program, built once per change of its sources (see
 * test/bench/go-build.ts). It blocks while it builds: call it before anything runs in-process.
 */
export function kstatusBinary(): string {
  const dir = join(import.meta.dirname, '../tools/kstatus');
  return goBinary(dir, 'kstatus', (m) => process.stderr.write(`[kstatus] ${m}\n`));
}

/** KStatus is what kstatus computes for an object: Current, InProgress, Failed or Terminating, and why. */
export interface KStatus {
  status: string;
  message: string;
}

/** kstatus returns kstatus's verdict on obj, computed by the program at binary. */
export function kstatus(binary: string, obj: KubeObject): Promise<KStatus> {
  return new Promise((done, fail) => {
    const child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', fail);
    child.on('close', (code) => {
      if (code === 0) done(JSON.parse(stdout) as KStatus);
      else fail(new Error(`kstatus exited ${code}: ${stderr.trim()}`));
    });
    child.stdin.end(JSON.stringify(obj));
  });
}

/**
 * serveFunctions serves each kxp function over mutual TLS on a free loopback port and registers it
 * with Crossplane under its name; it returns the servers, to stop after the tests.
 */
export async function serveFunctions(
  service: RestClient,
  certsDir: string,
  fns: readonly (readonly [string, FunctionHandler])[],
): Promise<FunctionServer[]> {
  const certs = await functionServerCerts(service, certsDir);
  const servers: FunctionServer[] = [];
  for (const [name, fn] of fns) {
    const options = { address: '127.0.0.1:0', tlsCertsDir: certs, metricsAddress: '' };
    const server = await serve(fn, options, pino({ level: 'silent' }));
    servers.push(server);
    await registerLocalFunction(service, name, `localhost:${server.port}`);
  }
  return servers;
}
