/**
 * `kxp bridge image` and `kxp bridge manifests`: the bridge as a platform team deploys it — its image
 * built without Docker (and pushed), and the service cluster's objects that run it with exactly the
 * rights `kxp bridge rbac` prints.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { readKxpPackage } from '../init/package-json.js';
import { rbacRequestFrom } from './bridge-rbac.js';

export const imageUsage = `usage: kxp bridge image [flags]

Builds the bridge's image without Docker, one per architecture (kxp-bridge-<arch>.tar, docker save
format), on the runtime base of function images: Node, the few Debian libraries it needs, user 65532.

flags:
  -o, --output DIR          where the images go (default _output)
  --arch amd64,arm64        architectures to build (default both)
  --push REF                push them as one tag (an index): registry/repository:tag
  --insecure                speak plain HTTP to the registry
`;

export const manifestsUsage = `usage: kxp bridge manifests --export WS:NAME --image REF --kcp-kubeconfig-secret NAME [flags]

Prints the bridge's objects for the service cluster as YAML, in the order to apply them: its
ServiceAccount and roles (as kxp bridge rbac --only service), a Deployment of replicas that elect a
leader with a Lease in the ServiceAccount's namespace, probed on /healthz and /readyz, with a
read-only root filesystem and no privileges, and a PodDisruptionBudget. The kcp kubeconfig comes from
the Secret named (key: kubeconfig); the service cluster is reached through the ServiceAccount. The
kcp side of the rights: kxp bridge rbac --only kcp.

flags (and every flag of kxp bridge rbac but --only and --apply):
  --image REF                    the bridge's image (kxp bridge image --push)
  --kcp-kubeconfig-secret NAME   Secret in the ServiceAccount's namespace holding the kcp kubeconfig
  --replicas N                   (default 2)
  --metrics-port P               /healthz, /readyz and /metrics (default 8080)
`;

/** imageCommand runs `kxp bridge image`. */
export async function imageCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(imageUsage);
    return 0;
  }
  const { values } = parseArgs({
    args,
    options: {
      output: { type: 'string', short: 'o', default: '_output' },
      arch: { type: 'string', default: 'amd64,arm64' },
      push: { type: 'string' },
      insecure: { type: 'boolean' },
    },
  });
  const arches = values.arch.split(',').map((a) => a.trim());
  for (const a of arches) {
    if (a !== 'amd64' && a !== 'arm64') throw new Error(`cannot build for ${a}: kxp builds amd64 and arm64`);
  }
  const { writeBridgeImages } = await import('../bridge/deploy/image.js');
  const out = resolve(values.output);
  mkdirSync(out, { recursive: true });
  const log = (m: string) => console.error(`kxp bridge image: ${m}`);
  const { version } = await readKxpPackage();
  const files = await writeBridgeImages(out, arches as ('amd64' | 'arm64')[], { version, log });
  for (const f of files) console.log(f);
  if (values.push) {
    const { pushPackages } = await import('../package/push.js');
    const pushed = await pushPackages(files, values.push, { insecure: values.insecure, log });
    console.log(`${pushed.reference}@${pushed.digest}`);
  }
  return 0;
}

/** manifestsCommand runs `kxp bridge manifests`. */
export async function manifestsCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(manifestsUsage);
    return 0;
  }
  const { mine, rest } = splitFlags(args, ['image', 'kcp-kubeconfig-secret', 'replicas', 'metrics-port']);
  const image = mine.image;
  const secret = mine['kcp-kubeconfig-secret'];
  if (!image || !secret)
    throw new Error('cannot render the bridge: --image and --kcp-kubeconfig-secret are required');
  const request = rbacRequestFrom(rest);
  const sa = request.options.serviceAccount;
  // The Lease lives beside the Deployment, in the ServiceAccount's namespace.
  const leaseName = request.options.lease?.name ?? 'kxp-bridge';
  const divideEndpoints = request.options.lease?.divideEndpoints === true;
  request.options.lease = {
    namespace: sa.namespace,
    name: leaseName,
    ...(divideEndpoints ? { divideEndpoints } : {}),
  };
  const [{ resolveRights }, { bridgeManifests }, { credentialsFromKubeconfig }, { RestClient }] =
    await Promise.all([
      import('../bridge/rbac/rights.js'),
      import('../bridge/deploy/manifests.js'),
      import('../kube/credentials.js'),
      import('../kube/rest.js'),
    ]);
  const client = (file?: string) => (file ? new RestClient(credentialsFromKubeconfig(file)) : undefined);
  const rights = await resolveRights(
    request.options,
    { kcp: client(request.kcpKubeconfig), service: client(request.kubeconfig) },
    request.extra,
  );
  const objects = bridgeManifests(
    {
      namespace: sa.namespace,
      serviceAccountName: sa.name,
      image,
      exports: request.options.exports,
      kcpKubeconfigSecret: secret,
      leaseName,
      divideEndpoints,
      eventNamespace: request.options.eventNamespace,
      ...(mine.replicas ? { replicas: positive(mine.replicas, '--replicas') } : {}),
      ...(mine['metrics-port'] ? { metricsPort: positive(mine['metrics-port'], '--metrics-port') } : {}),
    },
    rights.service,
  );
  process.stdout.write(objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n'));
  return 0;
}

/** splitFlags returns the values of the named `--flag value` / `--flag=value` flags, and the other arguments. */
export function splitFlags(
  args: string[],
  names: string[],
): { mine: Record<string, string>; rest: string[] } {
  const mine: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const m = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (m?.[1] && names.includes(m[1])) {
      const value = m[2] ?? args[++i];
      if (value === undefined) throw new Error(`cannot read --${m[1]}: it needs a value`);
      mine[m[1]] = value;
    } else rest.push(arg);
  }
  return { mine, rest };
}

/** positive returns text as a positive whole number, or throws naming the flag. */
function positive(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`cannot read ${flag} ${text}: want a positive whole number`);
  return n;
}
