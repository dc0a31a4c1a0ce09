/**
 * FunctionRevisions as the runtime reads and reports them: which image an active revision runs, the
 * environment Crossplane's Deployment runtime gives its container, and the runtime's part of the
 * revision's status (its endpoint and the RuntimeHealthy condition), written with server-side apply
 * so that the fields Crossplane's package manager owns are never touched.
 */
import { resourcePath } from '../kube/paths.js';
import type { KubeObject, RestClient } from '../kube/rest.js';

export const functionRevisions = { group: 'pkg.crossplane.io', version: 'v1', resource: 'functionrevisions' };

/** The field manager of the runtime's status fields. */
export const fieldManager = 'kxp-function-runtime';

/** The label Crossplane puts on a revision naming its Function. */
export const packageLabel = 'pkg.crossplane.io/package';

export interface KubeCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** A FunctionRevision, as far as the runtime reads it. */
export interface FunctionRevision extends KubeObject {
  spec?: { desiredState?: 'Active' | 'Inactive'; image?: string };
  status?: {
    resolvedImage?: string;
    endpoint?: string;
    tlsServerSecretName?: string;
    conditions?: KubeCondition[];
  };
}

/** What the runtime reports on a revision. */
export interface RuntimeReport {
  endpoint: string;
  /** tlsServerSecretName names the Secret holding the function's server certificate (Crossplane reads it). */
  tlsServerSecretName?: string;
  condition: KubeCondition;
}

/**
 * runnableImage returns the image an active revision must run once the package manager has
 * resolved it, or undefined for an inactive revision or one not resolved yet.
 */
export function runnableImage(rev: FunctionRevision): string | undefined {
  if (rev.spec?.desiredState !== 'Active' || rev.metadata?.deletionTimestamp) return undefined;
  return rev.status?.resolvedImage || undefined;
}

/** deploymentEnv returns the environment Crossplane's Deployment runtime gives a function's container. */
export function deploymentEnv(rev: FunctionRevision, tlsServerCertsDir: string): Record<string, string> {
  return {
    FUNCTION_NAME: rev.metadata?.labels?.[packageLabel] ?? '',
    REVISION_NAME: rev.metadata?.name ?? '',
    REVISION_UID: rev.metadata?.uid ?? '',
    TLS_SERVER_CERTS_DIR: tlsServerCertsDir,
  };
}

/** imageEnv returns an image config's Env list as a record. */
export function imageEnv(env: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of env ?? []) {
    const eq = kv.indexOf('=');
    if (eq > 0) out[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return out;
}

/** runtimeHealthy returns the RuntimeHealthy condition Crossplane's runtimes set. */
export function runtimeHealthy(healthy: boolean, message?: string): KubeCondition {
  const c: KubeCondition = {
    type: 'RuntimeHealthy',
    status: healthy ? 'True' : 'False',
    reason: healthy ? 'HealthyPackageRevision' : 'UnhealthyPackageRevision',
    lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
  // The end of a message (a process's last log lines) says most; keep it when cutting.
  if (message) c.message = message.length > 2000 ? `…${message.slice(-2000)}` : message;
  return c;
}

/**
 * tlsServerSecretName returns the name of a function's TLS server Secret, as Crossplane's
 * Deployment runtime names it: the Function's name and -tls-server.
 */
export function tlsServerSecretName(rev: FunctionRevision): string {
  const fn = rev.metadata?.labels?.[packageLabel] ?? rev.metadata?.name ?? '';
  const suffix = '-tls-server';
  return `${fn.slice(0, 253 - suffix.length)}${suffix}`;
}

/** needsReport reports whether rev's status differs from what the runtime would write. */
export function needsReport(rev: FunctionRevision, report: RuntimeReport): boolean {
  const { endpoint, condition } = report;
  const current = rev.status?.conditions?.find((c) => c.type === condition.type);
  return (
    rev.status?.endpoint !== endpoint ||
    (report.tlsServerSecretName !== undefined &&
      rev.status?.tlsServerSecretName !== report.tlsServerSecretName) ||
    current?.status !== condition.status ||
    current?.reason !== condition.reason ||
    (current?.message ?? '') !== (condition.message ?? '')
  );
}

/**
 * reportStatus applies the runtime's status fields to the revision: the endpoint Crossplane dials,
 * the TLS server Secret's name (Crossplane's package manager waits for it), and RuntimeHealthy.
 */
export function reportStatus(
  service: RestClient,
  name: string,
  report: RuntimeReport,
): Promise<FunctionRevision> {
  const status: Record<string, unknown> = { endpoint: report.endpoint, conditions: [report.condition] };
  if (report.tlsServerSecretName) status.tlsServerSecretName = report.tlsServerSecretName;
  return service.apply<FunctionRevision>(
    `${resourcePath(functionRevisions, undefined, name)}/status`,
    {
      apiVersion: `${functionRevisions.group}/${functionRevisions.version}`,
      kind: 'FunctionRevision',
      metadata: { name },
      status,
    },
    fieldManager,
  );
}
