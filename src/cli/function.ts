import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadFunction } from '../function/load.js';
import { serveMain } from '../function/serve/main.js';
import { credentialsFromKubeconfig } from '../kube/credentials.js';
import { RestClient } from '../kube/rest.js';
import { stopOnSignals } from '../lifecycle/signals.js';
import { functionEntry } from '../package/project.js';

export const functionUsage = `usage: kxp function <command>

commands:
  serve <project dir | module.ts | module.js> [flags]
                               serve the composition function a module exports (default export) over gRPC
  runtime --kubeconfig FILE --dir DIR [--metrics-address host:port]
                               run the function packages Crossplane installed (it runs with the External
                               package runtime), as its Deployment runtime would: each active
                               FunctionRevision's image pulled, unpacked and run in its own namespaces

serve flags (as the Go and Python function SDKs):
  --address host:port          gRPC address (default 0.0.0.0:9443)
  --tls-certs-dir DIR          tls.crt, tls.key and ca.crt; client certificates are required
                               (env TLS_SERVER_CERTS_DIR)
  --insecure                   serve without TLS (crossplane render's Development runtime)
  --max-recv-message-size N    largest request, bytes or 64Mi (default 16Mi)
  --metrics-address host:port  /healthz, /readyz, /metrics (default 0.0.0.0:8080; empty disables;
                               env KXP_METRICS_ADDRESS)
  --debug                      debug logs
`;

/** functionCommand runs `kxp function <subcommand>`. */
export async function functionCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (!sub) {
    console.error(functionUsage);
    return 2;
  }
  if ([sub, ...rest].some((a) => a === '--help' || a === '-h')) {
    console.log(functionUsage);
    return 0;
  }
  if (sub === 'serve') return serveCommand(rest);
  if (sub === 'runtime') return runtimeCommand(rest);
  console.error(`kxp function: unknown command ${JSON.stringify(sub)}\n\n${functionUsage}`);
  return 2;
}

/** serveCommand serves the function of a module, or of a project folder (its package.json says which module). */
async function serveCommand(args: string[]): Promise<number> {
  const [target, ...flags] = args;
  if (!target || target.startsWith('-')) {
    console.error(`kxp function serve: name the function's project folder or module\n\n${functionUsage}`);
    return 2;
  }
  const module = existsSync(target) && statSync(target).isDirectory() ? functionEntry(target) : target;
  const handler = await loadFunction(module);
  await serveMain(handler, flags);
  return -1; // keep running until a signal stops the server
}

/** runtimeCommand runs the local function runtime until SIGTERM or SIGINT, which stop every function it runs. */
async function runtimeCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      kubeconfig: { type: 'string' },
      dir: { type: 'string' },
      'metrics-address': { type: 'string', default: '127.0.0.1:8081' },
      debug: { type: 'boolean' },
    },
  });
  if (!values.kubeconfig || !values.dir) {
    console.error(`kxp function runtime: --kubeconfig and --dir are required\n\n${functionUsage}`);
    return 2;
  }
  const [{ FunctionRuntime }, { listenHttp }, { Registry, Gauge }] = await Promise.all([
    import('../runtime/runtime.js'),
    import('../function/serve/http.js'),
    import('prom-client'),
  ]);
  const log = pino({ level: values.debug ? 'debug' : 'info' });
  const runtime = new FunctionRuntime({
    service: new RestClient(credentialsFromKubeconfig(values.kubeconfig)),
    dir: values.dir,
    log,
  });
  const registry = new Registry();
  new Gauge({
    name: 'kxp_function_runtime_running_functions',
    help: 'Function revisions whose process runs.',
    registers: [registry],
    collect() {
      this.set(runtime.runningRevisions().length);
    },
  });
  runtime.start();
  const metricsAddress = values['metrics-address'];
  const http = metricsAddress ? await listenHttp(metricsAddress, registry, () => runtime.ready) : undefined;
  log.info({ metricsAddress }, 'function runtime started');
  stopOnSignals(async () => {
    await runtime.stop();
    http?.close();
  }, log);
  return -1;
}
