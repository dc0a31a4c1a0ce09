/** What one export's reconcile works with and returns, in either mode. */
import type { Logger } from 'pino';
import type { RestClient } from '../kube/rest.js';
import type { Binding } from './binding.js';
import type { ExportConfig } from './config.js';
import type { Reporter, ResourceReport } from './status.js';

export interface ExportContext {
  export: ExportConfig;
  /** kcp is a client of the export's workspace. */
  kcp: RestClient;
  /** service is a client of the service cluster. */
  service: RestClient;
  reporter: Reporter;
  log: Logger;
}

/** Outcome is what a reconcile of one export found: its bindings, a report per resource, and when to look again. */
export interface Outcome {
  bindings: Binding[];
  reports: ResourceReport[];
  /** requeueAfter asks for another reconcile in ms, such as while Crossplane establishes an XRD. */
  requeueAfter?: number;
}

/** exportId returns `<workspace>/<name>`, the export's key in queues and annotations. */
export function exportId(e: Pick<ExportConfig, 'workspace' | 'name'>): string {
  return `${e.workspace}/${e.name}`;
}

/** errorMessage returns err's message, with its cause's when it has one. */
export function errorMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.cause instanceof Error && !err.message.includes(err.cause.message)
    ? `${err.message}: ${err.cause.message}`
    : err.message;
}
