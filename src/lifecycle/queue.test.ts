import { KeyedQueue } from './queue.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('KeyedQueue', () => {
  it('never handles one key twice at once, and handles a key added meanwhile again', async () => {
    let active = 0;
    let maxActive = 0;
    const seen: string[] = [];
    const q = new KeyedQueue(async (key) => {
      active++;
      maxActive = Math.max(maxActive, active);
      seen.push(key);
      await tick();
      active--;
      return undefined;
    });
    q.add('a'); // runs at once
    q.add('a'); // runs again afterwards
    q.add('a'); // already due to run again
    await q.drained();
    expect(maxActive).toBe(1);
    expect(seen).toEqual(['a', 'a']);
  });

  it('handles different keys concurrently and backs off after a failure', async () => {
    const calls: string[] = [];
    const errors: string[] = [];
    let failed = false;
    const q = new KeyedQueue(
      async (key) => {
        calls.push(key);
        if (key === 'bad' && !failed) {
          failed = true;
          throw new Error('boom');
        }
        return undefined;
      },
      { backoff: () => 10, onError: (key) => errors.push(key) },
    );
    q.add('bad');
    q.add('good');
    await q.drained();
    expect(errors).toEqual(['bad']);
    await new Promise((r) => setTimeout(r, 30));
    await q.drained();
    expect(calls.filter((c) => c === 'bad')).toHaveLength(2);
    expect(calls).toContain('good');
    await q.stop();
  });

  it('drops waiting work on stop', async () => {
    const calls: string[] = [];
    const q = new KeyedQueue(
      async (key) => {
        calls.push(key);
        return undefined;
      },
      { concurrency: 1 },
    );
    q.addAfter('later', 20);
    await q.stop();
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toEqual([]);
  });

  it('tells when nothing waits, while keys may still run', async () => {
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const q = new KeyedQueue(
      async () => {
        await gate;
        return undefined;
      },
      { concurrency: 1 },
    );
    q.add('a');
    q.add('b');
    let quiet = false;
    const waiting = q.nothingWaiting().then(() => (quiet = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(quiet).toBe(false);
    release();
    await waiting;
    expect(quiet).toBe(true);
    await q.drained();
  });

  it('holds keys while paused and handles them once resumed', async () => {
    const handled: string[] = [];
    const q = new KeyedQueue(
      async (key) => {
        handled.push(key);
        return undefined;
      },
      { paused: true },
    );
    q.add('a');
    q.add('b');
    await new Promise((r) => setTimeout(r, 5));
    expect(handled).toEqual([]);
    q.resume();
    await q.drained();
    expect(handled).toEqual(['a', 'b']);
  });

  it('takes keys added first before the others, once each', async () => {
    const handled: string[] = [];
    const q = new KeyedQueue(
      async (key) => {
        handled.push(key);
        return undefined;
      },
      { paused: true, concurrency: 1 },
    );
    q.add('old-1');
    q.add('old-2');
    q.addFirst('new-1');
    q.addFirst('old-2');
    q.add('new-1');
    q.resume();
    await q.drained();
    expect(handled).toEqual(['new-1', 'old-2', 'old-1']);
  });
});
