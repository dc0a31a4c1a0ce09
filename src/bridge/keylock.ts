/**
 * A lock per key: work run under a key waits for earlier work under the same key, while work under
 * other keys goes on. The sync engine's two lanes (down and up) share one, so that one object is
 * never handled by both at once.
 */
export class KeyLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** run runs work once every earlier run under key has settled, and returns what work returns. */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const result = before.then(work, work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    // The last run under a key drops it, so keys seen once do not pile up.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** size is how many keys have work running or waiting. */
  get size(): number {
    return this.tails.size;
  }
}
