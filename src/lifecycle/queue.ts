/**
 * A keyed work queue: a key waits at most once, is never handled twice at the same time, and a key
 * added while it is being handled is handled again afterwards, so no change is lost.
 */

/** Handle is the work for one key; it returns a delay in ms to handle the key again, or undefined when done. */
export type Handle = (key: string) => Promise<number | undefined>;

export interface QueueOptions {
  /** concurrency is how many different keys are handled at once. @default 4 */
  concurrency?: number;
  /** backoff returns the delay after the nth consecutive failure of a key. @default 0.5s doubling to 30s */
  backoff?: (failures: number) => number;
  onError?: (key: string, err: unknown) => void;
  /** paused queues keys without handling any until resume() is called. @default false */
  paused?: boolean;
}

export class KeyedQueue {
  private readonly waiting = new Set<string>();
  /** first are the waiting keys to take before the others (see addFirst). */
  private readonly first = new Set<string>();
  private readonly running = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly idle: (() => void)[] = [];
  private readonly quiet: (() => void)[] = [];
  private stopped = false;
  private paused: boolean;

  constructor(
    private readonly handle: Handle,
    private readonly options: QueueOptions = {},
  ) {
    this.paused = options.paused ?? false;
  }

  /** resume starts handling the keys of a queue made paused. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.pump();
  }

  /** add queues key unless it is already waiting; a running key runs again when it is done. */
  add(key: string): void {
    if (this.stopped) return;
    if (this.running.has(key)) {
      this.dirty.add(key);
      return;
    }
    this.waiting.add(key);
    this.pump();
  }

  /**
   * addFirst queues key ahead of the keys added with add: new work (an object not synced yet)
   * goes before looking again at what is done already, after a restart above all.
   */
  addFirst(key: string): void {
    if (this.stopped) return;
    if (!this.running.has(key)) this.first.add(key);
    this.add(key);
  }

  /** addAfter queues key after ms, replacing an earlier delayed add of it. */
  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timers.get(key));
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, ms);
    timer.unref();
    this.timers.set(key, timer);
  }

  /** drained resolves when nothing is waiting or running. */
  drained(): Promise<void> {
    if (this.waiting.size === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** nothingWaiting resolves when no key waits to be handled (some may still run). */
  nothingWaiting(): Promise<void> {
    if (this.waiting.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.quiet.push(resolve));
  }

  /** stop drops what waits and resolves once what runs is done. */
  stop(): Promise<void> {
    this.stopped = true;
    this.waiting.clear();
    this.first.clear();
    this.dirty.clear();
    for (const r of this.quiet.splice(0)) r();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    return this.drained();
  }

  private pump(): void {
    if (this.paused) return;
    const limit = this.options.concurrency ?? 4;
    // first holds keys that are waiting too: taking one from either set takes it from both.
    for (const waiting of [this.first, this.waiting]) {
      for (const key of waiting) {
        if (this.running.size >= limit) break;
        this.first.delete(key);
        this.waiting.delete(key);
        this.running.add(key);
        void this.run(key);
      }
    }
    if (this.waiting.size === 0) for (const r of this.quiet.splice(0)) r();
  }

  private async run(key: string): Promise<void> {
    let again: number | undefined;
    try {
      again = await this.handle(key);
      this.failures.delete(key);
    } catch (err) {
      const n = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, n);
      this.options.onError?.(key, err);
      again = (this.options.backoff ?? defaultBackoff)(n);
    }
    this.running.delete(key);
    if (this.dirty.delete(key)) this.waiting.add(key);
    else if (again !== undefined) this.addAfter(key, again);
    this.pump();
    if (this.waiting.size === 0 && this.running.size === 0) for (const r of this.idle.splice(0)) r();
  }
}

function defaultBackoff(failures: number): number {
  return Math.min(500 * 2 ** (failures - 1), 30_000);
}
