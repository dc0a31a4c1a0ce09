/**
 * The local function runtime: what Crossplane's Deployment runtime and a kubelet do for function
 * packages in a cluster, done on this machine. Crossplane runs with the External package runtime, so
 * its package manager fetches, validates and revisions a Function's package but starts nothing; this
 * runtime watches the FunctionRevisions, runs each active revision's image (pulled from its registry,
 * unpacked, sandboxed, with the environment and the Crossplane-signed server certificate the
 * Deployment runtime gives), and reports the endpoint and RuntimeHealthy on the revision. A new
 * revision replaces the old process; an inactive or deleted one is stopped; a process that exits is
 * reported and started again after a backoff.
 */
import { chownSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { resourcePath, secrets } from '../kube/paths.js';
import type { KubeObject, RestClient } from '../kube/rest.js';
import { watchCollection } from '../kube/watch.js';
import { KeyedQueue } from '../lifecycle/queue.js';
import { crossplaneNamespace } from '../stack/crossplane.js';
import {
  type FunctionServerCertificate,
  functionServerCertificate,
  writeServerCertificate,
} from '../stack/functions.js';
import { freePorts } from '../stack/ports.js';
import { pullImage } from './image.js';
import {
  deploymentEnv,
  type FunctionRevision,
  fieldManager,
  functionRevisions,
  imageEnv,
  needsReport,
  type RuntimeReport,
  reportStatus,
  runnableImage,
  runtimeHealthy,
  tlsServerSecretName,
} from './revision.js';
import { type SandboxedProcess, startSandboxed } from './sandbox.js';

/** Where Crossplane's Deployment runtime mounts the server certificate, and the user it runs as. */
const tlsServerCertsDir = '/tls/server';
const deploymentUser = { uid: 2000, gid: 2000 };

export interface FunctionRuntimeOptions {
  /** service is the cluster Crossplane runs in. */
  service: RestClient;
  /** dir holds unpacked images (images/) and each revision's certificate and log (revisions/). */
  dir: string;
  log: Logger;
  /** How long a started function has to accept connections. @default 30s */
  startTimeoutMs?: number;
}

/** A function's TLS server Secret: its name, and the certificate it holds. */
interface ServerSecret {
  name: string;
  certificate: FunctionServerCertificate;
}

/** A revision's running process. */
interface Running {
  image: string;
  endpoint: string;
  tlsServerSecretName: string;
  process: SandboxedProcess;
  /** started is when the process started (ms since the epoch). */
  started: number;
  stopping: boolean;
}

/** A FunctionRuntime runs the active FunctionRevisions' images until stopped. */
export class FunctionRuntime {
  private readonly revisions = new Map<string, FunctionRevision>();
  private readonly running = new Map<string, Running>();
  /** restarts counts each revision's recent restarts after its process exited. */
  private readonly restarts = new Map<string, number>();
  private readonly queue: KeyedQueue;
  private readonly abort = new AbortController();
  private listed = false;

  constructor(private readonly o: FunctionRuntimeOptions) {
    this.queue = new KeyedQueue((name) => this.reconcile(name), {
      concurrency: 2,
      backoff: (n) => Math.min(1000 * 2 ** (n - 1), 30_000),
      onError: (name, err) => o.log.warn({ err, revision: name }, 'cannot run function revision'),
    });
  }

  /** ready reports whether the revisions have been listed once. */
  get ready(): boolean {
    return this.listed;
  }

  /** runningRevisions returns the names of the revisions whose process runs. */
  runningRevisions(): string[] {
    return [...this.running.entries()].filter(([, r]) => r.process.running).map(([n]) => n);
  }

  /** start watches FunctionRevisions; it returns at once. */
  start(): void {
    mkdirSync(join(this.o.dir, 'revisions'), { recursive: true });
    void watchCollection({
      client: this.o.service,
      path: resourcePath(functionRevisions),
      onObject: (obj: KubeObject, type) => {
        const name = obj.metadata?.name ?? '';
        if (type === 'DELETED') this.revisions.delete(name);
        else this.revisions.set(name, obj as FunctionRevision);
        this.queue.add(name);
      },
      onListed: (listed) => {
        this.listed ||= listed;
      },
      signal: this.abort.signal,
      log: this.o.log,
    });
  }

  /** stop stops watching and stops every function process gracefully. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.queue.stop();
    await Promise.all([...this.running.keys()].map((name) => this.stopRevision(name)));
  }

  /** reconcile makes the process of revision name match what the revision asks for. */
  private async reconcile(name: string): Promise<number | undefined> {
    const rev = this.revisions.get(name);
    const image = rev ? runnableImage(rev) : undefined;
    const current = this.running.get(name);
    if (!rev || !image) {
      if (current) await this.stopRevision(name);
      return undefined;
    }
    if (current && current.image === image && current.process.running) {
      const report = healthyReport(current);
      if (needsReport(rev, report)) await reportStatus(this.o.service, name, report);
      return undefined;
    }
    if (current) await this.stopRevision(name);
    let secret: ServerSecret | undefined;
    try {
      secret = await this.serverSecret(rev);
      await this.startRevision(rev, image, secret);
    } catch (err) {
      const condition = runtimeHealthy(false, (err as Error).message);
      const report = { endpoint: '', tlsServerSecretName: secret?.name, condition };
      await reportStatus(this.o.service, name, report).catch(() => {});
      throw err;
    }
    return undefined;
  }

  /** startRevision pulls and runs rev's image and reports its endpoint once it accepts connections. */
  private async startRevision(rev: FunctionRevision, image: string, secret: ServerSecret): Promise<void> {
    const name = rev.metadata?.name ?? '';
    const log = this.o.log.child({ revision: name, image });
    log.info({}, 'pulling function image');
    const unpacked = await pullImage(image, join(this.o.dir, 'images'));
    const home = join(this.o.dir, 'revisions', name);
    rmSync(home, { recursive: true, force: true });
    const tls = writeServerCertificate(join(home, 'tls'), secret.certificate);
    for (const f of readdirSync(tls)) chownIfRoot(join(tls, f));
    const [port = 0] = await freePorts(1);
    const entrypoint = [...(unpacked.config.Entrypoint ?? []), ...(unpacked.config.Cmd ?? [])];
    if (entrypoint.length === 0) throw new Error(`cannot run ${image}: its image has no entrypoint`);
    const env = {
      ...imageEnv(unpacked.config.Env),
      ...deploymentEnv(rev, tlsServerCertsDir),
      // Functions share the host's network here, so each kxp function's metrics get a port of their own.
      KXP_METRICS_ADDRESS: '127.0.0.1:0',
    };
    const fn = startSandboxed({
      name: 'function',
      dir: home,
      root: unpacked.root,
      volumes: [{ source: tls, target: tlsServerCertsDir }],
      command: [...entrypoint, `--address=127.0.0.1:${port}`],
      env,
      ...deploymentUser,
      workingDir: unpacked.config.WorkingDir,
    });
    const running: Running = {
      image,
      endpoint: `localhost:${port}`,
      tlsServerSecretName: secret.name,
      process: fn,
      started: Date.now(),
      stopping: false,
    };
    this.running.set(name, running);
    void fn.exited.then((code) => this.exited(name, running, code));
    await this.accepting(port, fn, image);
    log.info({ endpoint: running.endpoint, pid: fn.process.pid }, 'function serving');
    await reportStatus(this.o.service, name, healthyReport(running));
  }

  /**
   * serverSecret makes the function's TLS server Secret in Crossplane's namespace, owned by the
   * revision, as the Deployment runtime does: its certificate is what the function serves with,
   * and Crossplane's package manager reads it before it establishes the revision.
   */
  private async serverSecret(rev: FunctionRevision): Promise<ServerSecret> {
    const certificate = await functionServerCertificate(this.o.service);
    const name = tlsServerSecretName(rev);
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    await this.o.service.apply(
      resourcePath(secrets, crossplaneNamespace, name),
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name,
          namespace: crossplaneNamespace,
          ownerReferences: [
            {
              apiVersion: `${functionRevisions.group}/${functionRevisions.version}`,
              kind: 'FunctionRevision',
              name: rev.metadata?.name ?? '',
              uid: rev.metadata?.uid ?? '',
              controller: true,
            },
          ],
        },
        type: 'kubernetes.io/tls',
        data: {
          'tls.crt': b64(certificate.cert),
          'tls.key': b64(certificate.key),
          'ca.crt': b64(certificate.ca),
        },
      } as KubeObject,
      fieldManager,
    );
    return { name, certificate };
  }

  /** accepting resolves once the function accepts connections on port, or throws with its log. */
  private async accepting(port: number, fn: SandboxedProcess, image: string): Promise<void> {
    const deadline = Date.now() + (this.o.startTimeoutMs ?? 30_000);
    while (Date.now() < deadline) {
      if (!fn.running) {
        const code = await fn.exited;
        throw new Error(
          `the entrypoint of ${image} exited with code ${code} before serving:\n${fn.tail(15)}`,
        );
      }
      if (await canConnect(port)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    await fn.stop(2000);
    throw new Error(
      `${image} did not accept connections on port ${port} within the start timeout:\n${fn.tail(15)}`,
    );
  }

  /** exited reports a process that ended without being asked to, and starts it again (after a backoff). */
  private exited(name: string, running: Running, code: number | null): void {
    if (running.stopping || this.abort.signal.aborted) return;
    if (this.running.get(name) === running) this.running.delete(name);
    const message = `the function process exited with code ${code}:\n${running.process.tail(15)}`;
    this.o.log.warn({ revision: name, code }, 'function process exited; starting it again');
    const condition = runtimeHealthy(false, message);
    const report = { endpoint: '', tlsServerSecretName: running.tlsServerSecretName, condition };
    reportStatus(this.o.service, name, report).catch(() => {});
    // Like a kubelet's crash loop back-off: a process that keeps exiting is started less and less often.
    const restarts = Date.now() - running.started > 60_000 ? 0 : (this.restarts.get(name) ?? 0) + 1;
    this.restarts.set(name, restarts);
    this.queue.addAfter(name, Math.min(1000 * 2 ** restarts, 60_000));
  }

  /** stopRevision stops a revision's process gracefully. */
  private async stopRevision(name: string): Promise<void> {
    const r = this.running.get(name);
    if (!r) return;
    r.stopping = true;
    this.running.delete(name);
    this.o.log.info({ revision: name }, 'stopping function');
    await r.process.stop(10_000);
  }
}

/** healthyReport returns what the runtime reports for a revision whose process serves. */
function healthyReport(r: Running): RuntimeReport {
  return {
    endpoint: r.endpoint,
    tlsServerSecretName: r.tlsServerSecretName,
    condition: runtimeHealthy(true),
  };
}

/** canConnect reports whether something accepts TCP connections on 127.0.0.1:port. */
function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** chownIfRoot gives a certificate file to the function's user (a Secret volume is readable by it). */
function chownIfRoot(file: string): void {
  if (process.getuid?.() === 0) chownSync(file, deploymentUser.uid, deploymentUser.gid);
}
