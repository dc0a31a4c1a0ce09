import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pino from 'pino';
import type { CatalogOptions } from '../catalog/config.js';
import { parseExportRef } from '../kcp/exports/ref.js';
import { credentialsFromKubeconfig, defaultKubeconfig } from '../kube/credentials.js';
import { stopOnSignals } from '../lifecycle/signals.js';

export const catalogUsage = `usage: kxp catalog --export <workspace path>:<name> [--export ...] [flags]

Serves the service catalog: a web app where consumer teams sign in with their own kcp credentials
(a kubeconfig or a bearer token), find the APIs of the given exports they may bind, bind one into
one of their workspaces, order through a form generated from its schema, and watch their claims,
events and connection Secrets live. Every read and write about a team's workspace is made with that
team's identity; the catalog itself holds none.

flags:
      --export PATH:NAME     an APIExport to offer, e.g. root:db:databases (repeatable)
      --kcp-server URL       kcp's URL (default: the server of --kcp-kubeconfig)
      --kcp-ca FILE          the CA that signed kcp's certificate (default: --kcp-kubeconfig's)
      --kcp-kubeconfig FILE  a kubeconfig read for kcp's URL and CA only, never its user
                             (default: the first file in KUBECONFIG, else ~/.kube/config)
      --address HOST:PORT    where to listen (default: 127.0.0.1:8080)
      --tls-cert FILE        serve HTTPS with this certificate (and --tls-key); without, plain HTTP
      --tls-key FILE
      --log-level LEVEL      pino level (default: info)
  -h, --help                 this help
`;

const options = {
  export: { type: 'string', multiple: true },
  'kcp-server': { type: 'string' },
  'kcp-ca': { type: 'string' },
  'kcp-kubeconfig': { type: 'string' },
  address: { type: 'string', default: '127.0.0.1:8080' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'log-level': { type: 'string', default: 'info' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** catalogOptions returns the catalog's options from its flags, or throws saying what is wrong. */
export function catalogOptions(args: string[], env: NodeJS.ProcessEnv = process.env): CatalogOptions {
  const { values } = parseArgs({ args, options });
  const exports = (values.export ?? []).map(parseExportRef);
  if (exports.length === 0) throw new Error('give at least one --export <workspace path>:<name>');
  let server = values['kcp-server'];
  let ca = values['kcp-ca'] ? readFileSync(values['kcp-ca'], 'utf8') : undefined;
  if (!server || !ca) {
    const file = values['kcp-kubeconfig'] ?? defaultKubeconfig(env);
    if (!server && !file) throw new Error('give --kcp-server or --kcp-kubeconfig');
    if (file) {
      const creds = credentialsFromKubeconfig(file);
      server ??= new URL(creds.server).origin;
      ca ??= creds.ca;
    }
  }
  if (Boolean(values['tls-cert']) !== Boolean(values['tls-key']))
    throw new Error('give both --tls-cert and --tls-key');
  const tls =
    values['tls-cert'] && values['tls-key']
      ? { cert: readFileSync(values['tls-cert'], 'utf8'), key: readFileSync(values['tls-key'], 'utf8') }
      : undefined;
  return {
    kcpServer: new URL(server!).origin,
    kcpCa: ca,
    exports,
    address: values.address ?? '127.0.0.1:8080',
    tls,
  };
}

/** catalogCommand runs `kxp catalog <args>`: -1 while it serves, 2 for bad flags. */
export async function catalogCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(catalogUsage);
    return 0;
  }
  let o: CatalogOptions;
  let level = 'info';
  try {
    o = catalogOptions(args);
    level = parseArgs({ args, options }).values['log-level'] ?? 'info';
  } catch (err) {
    console.error(`kxp catalog: ${(err as Error).message}\n\n${catalogUsage}`);
    return 2;
  }
  const log = pino({ level });
  const { startCatalog } = await import('../catalog/server/start.js');
  const running = await startCatalog(o, log);
  stopOnSignals(running.stop, log);
  return -1; // keep serving until a signal stops the catalog
}
