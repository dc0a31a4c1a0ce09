/**
 * The set of running syncs: one per binding of every export, started when an export's reconcile
 * finds a binding and stopped when the binding goes or changes (a changed binding starts afresh).
 */

import type { Binding } from '../binding.js';
import { canonicalJSON } from '../schema/canonical.js';
import type { RunningSync } from './controller.js';

export class BindingSyncs {
  private readonly byExport = new Map<string, Map<string, RunningSync>>();
  private stopping: Promise<void>[] = [];

  constructor(private readonly start: (binding: Binding) => RunningSync) {}

  /** update makes the running syncs of exportId those of bindings. */
  update(exportId: string, bindings: readonly Binding[]): void {
    const running = this.byExport.get(exportId) ?? new Map<string, RunningSync>();
    const wanted = new Map(bindings.map((b) => [canonicalJSON(b), b]));
    for (const [id, sync] of running) {
      if (wanted.has(id)) continue;
      running.delete(id);
      this.stopping.push(sync.stop());
    }
    for (const [id, binding] of wanted) if (!running.has(id)) running.set(id, this.start(binding));
    this.byExport.set(exportId, running);
  }

  /** stopAll stops every sync and resolves once all have stopped. */
  async stopAll(): Promise<void> {
    for (const running of this.byExport.values())
      for (const sync of running.values()) this.stopping.push(sync.stop());
    this.byExport.clear();
    const all = this.stopping;
    this.stopping = [];
    await Promise.all(all);
  }
}
