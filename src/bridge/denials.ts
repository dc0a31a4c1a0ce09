/**
 * The rights the bridge was refused, remembered per export. Each is logged once, as one line naming
 * the verb and resource (again only after quietMs without meeting it), however many objects or
 * retries meet it. Those met by watches and sync passes stay active until activeMs after they were
 * last met, for the export's reconcile to report on its XRDs and status ConfigMap; the reconcile
 * reports its own as it meets them.
 */
import type { Logger } from 'pino';
import { type DeniedRight, denialKey, describeDenial } from './forbidden.js';

/** DenialSource is the work that met a denial. */
export type DenialSource = 'reconcile' | 'watch' | 'sync';

interface Entry {
  denial: DeniedRight;
  source: DenialSource;
  lastSeen: number;
  loggedAt: number;
}

export interface DenialsOptions {
  /** activeMs is how long a denial met by a watch or a sync pass is reported after it was last met. */
  activeMs: number;
  /** quietMs is how long a denial is not logged again. @default 10 minutes */
  quietMs?: number;
  now?: () => number;
}

export class Denials {
  private readonly byExport = new Map<string, Map<string, Entry>>();

  constructor(
    private readonly log: Logger,
    private readonly o: DenialsOptions,
  ) {}

  /**
   * note records that source's work for exportId was refused d and logs it unless it was logged
   * within quietMs; it returns true when d was not active for exportId before.
   */
  note(exportId: string, source: DenialSource, d: DeniedRight): boolean {
    const now = this.o.now?.() ?? Date.now();
    const entries = this.byExport.get(exportId) ?? new Map<string, Entry>();
    this.byExport.set(exportId, entries);
    const key = `${source} ${denialKey(d)}`;
    const old = entries.get(key);
    const fresh = !old || now - old.lastSeen > this.o.activeMs;
    const quietMs = this.o.quietMs ?? 600_000;
    const loggedAt = old && now - old.loggedAt < quietMs ? old.loggedAt : now;
    if (loggedAt === now) {
      this.log.error(
        { export: exportId, side: d.side, user: d.user, verb: d.verb, resource: d.resource },
        describeDenial(d),
      );
    }
    entries.set(key, { denial: d, source, lastSeen: now, loggedAt });
    return fresh;
  }

  /** active returns the distinct denials that watches and sync passes of exportId met within activeMs. */
  active(exportId: string): DeniedRight[] {
    const now = this.o.now?.() ?? Date.now();
    const out = new Map<string, DeniedRight>();
    for (const e of this.byExport.get(exportId)?.values() ?? [])
      if (e.source !== 'reconcile' && now - e.lastSeen <= this.o.activeMs)
        out.set(denialKey(e.denial), e.denial);
    return [...out.values()];
  }
}
