/** A token bucket: at most `burst` at once, refilled at `perSecond`; callers wait for a token. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** delay returns how many ms to wait before the next token, taking it. */
  delay(): number {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.perSecond) * 1000);
  }

  /** take resolves once a token is available. */
  async take(): Promise<void> {
    const ms = this.delay();
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
  }
}
