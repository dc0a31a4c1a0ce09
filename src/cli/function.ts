import { loadFunction } from '../function/load.js';
import { serveMain } from '../function/serve/main.js';

export const functionUsage = `usage: kxp function serve <module.ts|module.js> [flags]

Serves the composition function a module exports (default export) over gRPC.

flags (as the Go and Python function SDKs):
  --address host:port          gRPC address (default 0.0.0.0:9443)
  --tls-certs-dir DIR          tls.crt, tls.key and ca.crt; client certificates are required
                               (env TLS_SERVER_CERTS_DIR)
  --insecure                   serve without TLS (crossplane render's Development runtime)
  --max-recv-message-size N    largest request, bytes or 64Mi (default 16Mi)
  --metrics-address host:port  /healthz, /readyz, /metrics (default 0.0.0.0:8080; empty disables)
  --debug                      debug logs
`;

/** functionCommand runs `kxp function <subcommand>`. */
export async function functionCommand(args: string[]): Promise<number> {
  const [sub, modulePath, ...flags] = args;
  if (sub !== 'serve' || !modulePath || modulePath.startsWith('-')) {
    console.error(functionUsage);
    return 2;
  }
  const handler = await loadFunction(modulePath);
  await serveMain(handler, flags);
  return -1; // keep running until a signal stops the server
}
