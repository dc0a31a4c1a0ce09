import { TokenBucket } from './limiter.js';

describe('TokenBucket', () => {
  it('lets a burst through, then spaces callers at the rate', () => {
    let now = 0;
    const b = new TokenBucket(10, 2, () => now);
    expect([b.delay(), b.delay(), b.delay(), b.delay()]).toEqual([0, 0, 100, 200]);
    now = 1_000;
    // 10 tokens refilled, minus the two owed, capped at the burst
    expect(b.delay()).toBe(0);
  });
});
