/**
 * The bridge's settings, from a YAML config file, then the environment (KXP_*), then flags, each
 * overriding the one before; zod validates the merged result so every source gets the same errors.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseExportRef } from '../kcp/exports/ref.js';

const exportConfig = z.object({
  /** workspace is the kcp workspace path of the APIExport, such as root:db. */
  workspace: z
    .string()
    .regex(/^root(:[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'must be a workspace path like root:db'),
  name: z.string().min(1),
  /** mode chooses the source of truth: the export's schemas (api-first) or labelled XRDs (crossplane-first). */
  mode: z.enum(['api-first', 'crossplane-first']).default('api-first'),
  /** claims derives legacy XRDs whose claim is the kcp kind (api-first only). */
  claims: z.boolean().default(false),
  /** compositionLabels select the Composition of synced objects that choose none (api-first). */
  compositionLabels: z.record(z.string(), z.string()).optional(),
  /** defaultComposition names the XRD's defaultCompositionRef (api-first). */
  defaultComposition: z.string().min(1).optional(),
});

const leaderElection = z
  .object({
    enabled: z.boolean().default(true),
    namespace: z.string().min(1).default('kxp-system'),
    leaseName: z.string().min(1).default('kxp-bridge'),
    /** Like client-go's: a leader gone is replaced within leaseDurationSeconds. */
    leaseDurationSeconds: z.number().int().positive().default(15),
    /** renewDeadlineSeconds is how long a leader goes on without renewing; two thirds of the lease by default. */
    renewDeadlineSeconds: z.number().positive().optional(),
    /** renewSeconds is how often the lease is renewed, or checked by a replica waiting to lead. */
    renewSeconds: z.number().positive().default(2),
    identity: z.string().min(1).optional(),
    /**
     * divideEndpoints makes the replicas divide the exports' endpoints (one per kcp shard) with a Lease
     * per endpoint (endpoint-leases.ts), each syncing its share; binding work stays with the leader.
     */
    divideEndpoints: z.boolean().default(false),
  })
  .refine(
    (l) =>
      l.renewSeconds < (l.renewDeadlineSeconds ?? (l.leaseDurationSeconds * 2) / 3) &&
      (l.renewDeadlineSeconds ?? 0) < l.leaseDurationSeconds,
    'must have renewSeconds < renewDeadlineSeconds < leaseDurationSeconds',
  );

export const syncSettings = z.object({
  /** workers is how many objects of one binding the sync engine handles at once. */
  workers: z.number().int().positive().default(16),
  /** qps and burst limit the sync engine's requests per binding (requests/s, and how many may go at once after a lull). */
  qps: z.number().positive().default(500),
  burst: z.number().int().positive().default(1000),
  /** resyncSeconds is how often a synced object is looked at again without a change. */
  resyncSeconds: z.number().positive().default(300),
});

export const bridgeConfig = z.object({
  /** kubeconfig reaches the service cluster, where Crossplane runs; without one, the Pod's ServiceAccount does. */
  kubeconfig: z.string().min(1).optional(),
  /** kcpKubeconfig reaches kcp; its server may point at any workspace. */
  kcpKubeconfig: z.string().min(1),
  exports: z.array(exportConfig).min(1),
  leaderElection: leaderElection.prefault({}),
  /** sync configures the engine that syncs consumers' objects into the service cluster and back. */
  sync: syncSettings.prefault({}),
  /** metricsAddress serves /healthz, /readyz and /metrics; empty disables. */
  metricsAddress: z.string().default('0.0.0.0:8080'),
  resyncSeconds: z.number().positive().default(30),
  /** eventNamespace holds the events about (cluster-scoped) XRDs, as kubectl describe finds them. */
  eventNamespace: z.string().min(1).default('default'),
  logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type BridgeConfig = z.infer<typeof bridgeConfig>;
export type ExportConfig = z.infer<typeof exportConfig>;

/** leaseTiming returns the lease timing every Lease of the bridge uses: the renew deadline defaults to two thirds of the lease. */
export function leaseTiming(le: BridgeConfig['leaderElection']): {
  leaseDurationSeconds: number;
  renewDeadlineSeconds: number;
  renewSeconds: number;
} {
  return {
    leaseDurationSeconds: le.leaseDurationSeconds,
    renewDeadlineSeconds: le.renewDeadlineSeconds ?? (le.leaseDurationSeconds * 2) / 3,
    renewSeconds: le.renewSeconds,
  };
}
type Input = Record<string, unknown>;

export const bridgeUsage = `usage: kxp bridge [flags]
       kxp bridge rbac --export WS:NAME [flags]   the rights it needs (kxp bridge rbac --help)
       kxp bridge image [flags]                   its image, built without Docker (kxp bridge image --help)
       kxp bridge manifests [flags]               its Deployment and rights (kxp bridge manifests --help)

Binds kcp APIExports and Crossplane XRDs: derives XRDs from an export (api-first) or publishes
labelled XRDs into it (crossplane-first), and maintains the export. A kubeconfig that cannot be
used stops it at start, naming the file.

flags (env in parentheses; flags override env, env overrides --config):
  --config FILE                   YAML file with the same settings (camelCase keys)
  --kubeconfig FILE               service cluster (KXP_KUBECONFIG; in a Pod, without it: its ServiceAccount)
  --kcp-kubeconfig FILE           kcp (KXP_KCP_KUBECONFIG)
  --export WS:NAME                APIExport to maintain, repeatable (KXP_EXPORT, comma-separated)
  --mode api-first|crossplane-first   source of truth of the exports above (KXP_MODE)
  --claims                        derive legacy XRDs with claims (KXP_CLAIMS=true)
  --composition-label K=V         default Composition selector, repeatable (KXP_COMPOSITION_LABELS=k=v,...)
  --default-composition NAME      the XRDs' defaultCompositionRef (KXP_DEFAULT_COMPOSITION)
  --leader-elect=false            run without a Lease (KXP_LEADER_ELECT)
  --lease-namespace NS            (KXP_LEASE_NAMESPACE, default kxp-system)
  --lease-name NAME               (KXP_LEASE_NAME, default kxp-bridge)
  --divide-endpoints              replicas divide the exports' endpoints (kcp shards) among themselves,
                                  a Lease each, named after --lease-name (KXP_DIVIDE_ENDPOINTS=true)
  --metrics-address HOST:PORT     (KXP_METRICS_ADDRESS, default 0.0.0.0:8080; empty disables)
  --event-namespace NS            where events about XRDs go (KXP_EVENT_NAMESPACE, default default)
  --resync SECONDS                (KXP_RESYNC_SECONDS, default 30)
  --sync-workers N                objects synced at once per binding (KXP_SYNC_WORKERS, default 16)
  --log-level LEVEL               (KXP_LOG_LEVEL)
`;

/** exportRef returns the workspace and name of `root:db:postgres`, as the bridge's config names them. */
export function exportRef(ref: string): { workspace: string; name: string } {
  const { path, name } = parseExportRef(ref);
  return { workspace: path, name };
}

/** labelsFrom returns `k=v` pairs as a record. */
export function labelsFrom(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new Error(`cannot parse label ${p}: want key=value`);
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

/** Sources are where settings come from; configFrom reads them in this order of precedence: flags, env, file. */
export interface Sources {
  args: string[];
  env: Record<string, string | undefined>;
  readFile?: (path: string) => string;
}

/** configFrom returns the validated bridge config from flags, environment and config file. */
export function configFrom({ args, env, readFile = (p) => readFileSync(p, 'utf8') }: Sources): BridgeConfig {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: 'string' },
      kubeconfig: { type: 'string' },
      'kcp-kubeconfig': { type: 'string' },
      export: { type: 'string', multiple: true },
      mode: { type: 'string' },
      claims: { type: 'boolean' },
      'composition-label': { type: 'string', multiple: true },
      'default-composition': { type: 'string' },
      'leader-elect': { type: 'string' },
      'lease-namespace': { type: 'string' },
      'lease-name': { type: 'string' },
      'divide-endpoints': { type: 'boolean' },
      'metrics-address': { type: 'string' },
      'event-namespace': { type: 'string' },
      resync: { type: 'string' },
      'sync-workers': { type: 'string' },
      'log-level': { type: 'string' },
    },
    strict: true,
  });
  const file = values.config ?? env.KXP_CONFIG;
  const fromFile = file ? fileInput(file, readFile) : {};
  const fromEnv = settingsInput({
    kubeconfig: env.KXP_KUBECONFIG,
    kcpKubeconfig: env.KXP_KCP_KUBECONFIG,
    exports: env.KXP_EXPORT ? env.KXP_EXPORT.split(',').filter(Boolean) : undefined,
    mode: env.KXP_MODE,
    claims: env.KXP_CLAIMS === undefined ? undefined : env.KXP_CLAIMS === 'true',
    labels: env.KXP_COMPOSITION_LABELS ? env.KXP_COMPOSITION_LABELS.split(',').filter(Boolean) : undefined,
    defaultComposition: env.KXP_DEFAULT_COMPOSITION,
    leaderElect: env.KXP_LEADER_ELECT,
    leaseNamespace: env.KXP_LEASE_NAMESPACE,
    leaseName: env.KXP_LEASE_NAME,
    divideEndpoints: env.KXP_DIVIDE_ENDPOINTS === undefined ? undefined : env.KXP_DIVIDE_ENDPOINTS === 'true',
    metricsAddress: env.KXP_METRICS_ADDRESS,
    eventNamespace: env.KXP_EVENT_NAMESPACE,
    resync: env.KXP_RESYNC_SECONDS,
    syncWorkers: env.KXP_SYNC_WORKERS,
    logLevel: env.KXP_LOG_LEVEL,
  });
  const fromFlags = settingsInput({
    kubeconfig: values.kubeconfig,
    kcpKubeconfig: values['kcp-kubeconfig'],
    exports: values.export,
    mode: values.mode,
    claims: values.claims,
    labels: values['composition-label'],
    defaultComposition: values['default-composition'],
    leaderElect: values['leader-elect'],
    leaseNamespace: values['lease-namespace'],
    leaseName: values['lease-name'],
    divideEndpoints: values['divide-endpoints'],
    metricsAddress: values['metrics-address'],
    eventNamespace: values['event-namespace'],
    resync: values.resync,
    syncWorkers: values['sync-workers'],
    logLevel: values['log-level'],
  });
  const merged = mergeInputs(mergeInputs(fromFile, fromEnv), fromFlags);
  const parsed = bridgeConfig.safeParse(merged);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`cannot load bridge config${file ? ` from ${file}` : ''}: ${issues}`);
  }
  return parsed.data;
}

function fileInput(file: string, readFile: (path: string) => string): Input {
  let doc: unknown;
  try {
    doc = parseYaml(readFile(file));
  } catch (cause) {
    throw new Error(`cannot read bridge config ${file}: ${(cause as Error).message}`, { cause });
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new Error(`cannot read bridge config ${file}: not a mapping`);
  return doc as Input;
}

interface Settings {
  kubeconfig?: string | undefined;
  kcpKubeconfig?: string | undefined;
  exports?: string[] | undefined;
  mode?: string | undefined;
  claims?: boolean | undefined;
  labels?: string[] | undefined;
  defaultComposition?: string | undefined;
  leaderElect?: string | undefined;
  leaseNamespace?: string | undefined;
  leaseName?: string | undefined;
  divideEndpoints?: boolean | undefined;
  metricsAddress?: string | undefined;
  eventNamespace?: string | undefined;
  resync?: string | undefined;
  syncWorkers?: string | undefined;
  logLevel?: string | undefined;
}

/** settingsInput returns flag- or env-style settings in the config's shape, leaving out what is unset. */
function settingsInput(s: Settings): Input {
  const out: Input = defined({
    kubeconfig: s.kubeconfig,
    kcpKubeconfig: s.kcpKubeconfig,
    metricsAddress: s.metricsAddress,
    eventNamespace: s.eventNamespace,
    resyncSeconds: s.resync === undefined ? undefined : Number(s.resync),
    logLevel: s.logLevel,
  });
  if (s.exports?.length) {
    const labels = s.labels?.length ? labelsFrom(s.labels) : undefined;
    out.exports = s.exports.map((ref) =>
      defined({
        ...exportRef(ref),
        mode: s.mode,
        claims: s.claims,
        compositionLabels: labels,
        defaultComposition: s.defaultComposition,
      }),
    );
  }
  const le = defined({
    enabled: s.leaderElect === undefined ? undefined : s.leaderElect !== 'false',
    namespace: s.leaseNamespace,
    leaseName: s.leaseName,
    divideEndpoints: s.divideEndpoints,
  });
  if (Object.keys(le).length > 0) out.leaderElection = le;
  if (s.syncWorkers !== undefined) out.sync = { workers: Number(s.syncWorkers) };
  return out;
}

/** mergeInputs returns base overridden by over, merging leaderElection and sync one level deep. */
export function mergeInputs(base: Input, over: Input): Input {
  const out: Input = { ...base, ...over };
  const le = (v: unknown): Input => (typeof v === 'object' && v !== null ? (v as Input) : {});
  for (const key of ['leaderElection', 'sync'])
    if (base[key] !== undefined || over[key] !== undefined) out[key] = { ...le(base[key]), ...le(over[key]) };
  return out;
}

function defined(o: Input): Input {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
