// Failed credentials of every kind (bearer tokens, sign-in tokens, session cookies) slow down
// the source that sent them, never the owner: each source gets a few free failures, then an
// exponentially growing wait (1 s, 2 s, 4 s … at most 15 minutes) during which it is answered
// 429 without its credential being looked at. A global budget caps failures from everywhere:
// while it is spent, only sources with a clean record are heard, so spreading a guess over many
// addresses buys one try per address, while the owner's own address still signs in.

export interface ThrottleOptions {
  freeFailures?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  globalBudget?: number;
  globalWindowMs?: number;
  /** A source's record is forgotten this long after its last failure. */
  forgetAfterMs?: number;
  maxSources?: number;
}

interface SourceRecord {
  failures: number;
  blockedUntil: number;
  lastFailure: number;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class CredentialThrottle {
  private readonly sources = new Map<string, SourceRecord>();
  private globalWindowStart = 0;
  private globalFailures = 0;
  private readonly o: Required<ThrottleOptions>;

  constructor(options: ThrottleOptions = {}) {
    this.o = {
      freeFailures: 5,
      baseDelayMs: 1_000,
      maxDelayMs: 15 * 60_000,
      globalBudget: 200,
      globalWindowMs: 60_000,
      forgetAfterMs: 24 * 3600_000,
      maxSources: 10_000,
      ...options,
    };
  }

  /** Whether a credential from `source` may be checked now. */
  check(source: string, now = Date.now()): ThrottleVerdict {
    const record = this.record(source, now);
    if (record && now < record.blockedUntil) return { allowed: false, retryAfterSeconds: Math.ceil((record.blockedUntil - now) / 1000) };
    if (record && record.failures > 0 && this.globalSpent(now)) {
      return { allowed: false, retryAfterSeconds: Math.ceil((this.globalWindowStart + this.o.globalWindowMs - now) / 1000) };
    }
    return { allowed: true };
  }

  fail(source: string, now = Date.now()): void {
    this.globalSpent(now);
    this.globalFailures++;
    let record = this.record(source, now);
    if (!record) {
      if (this.sources.size >= this.o.maxSources) this.evict(now);
      record = { failures: 0, blockedUntil: 0, lastFailure: now };
      this.sources.set(source, record);
    }
    record.failures++;
    record.lastFailure = now;
    const over = record.failures - this.o.freeFailures;
    if (over > 0) record.blockedUntil = now + Math.min(this.o.baseDelayMs * 2 ** Math.min(over - 1, 30), this.o.maxDelayMs);
  }

  succeed(source: string): void {
    this.sources.delete(source);
  }

  private record(source: string, now: number): SourceRecord | undefined {
    const record = this.sources.get(source);
    if (record && now - record.lastFailure > this.o.forgetAfterMs) {
      this.sources.delete(source);
      return undefined;
    }
    return record;
  }

  private globalSpent(now: number): boolean {
    if (now - this.globalWindowStart >= this.o.globalWindowMs) {
      this.globalWindowStart = now;
      this.globalFailures = 0;
    }
    return this.globalFailures >= this.o.globalBudget;
  }

  private evict(now: number): void {
    for (const [key, record] of this.sources) if (now - record.lastFailure > this.o.maxDelayMs && now >= record.blockedUntil) this.sources.delete(key);
    // Still full: drop the oldest half rather than grow without bound.
    if (this.sources.size >= this.o.maxSources) {
      const keys = [...this.sources.keys()].slice(0, Math.floor(this.o.maxSources / 2));
      for (const key of keys) this.sources.delete(key);
    }
  }
}
