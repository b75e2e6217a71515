import { mulberry32 } from '../util/hash.ts';

export interface FaultConfig {
  rate429: number;
  rate5xx: number;
  latencyMs: number;
  wsDropEverySec: number;
  malformedRate: number;
  repeatTradesRate: number;
  /**
   * Portfolio lag, as Kalshi's REST portfolio reads lag its matching engine: fills younger than
   * this (exchange clock) are not listed by GET /portfolio/fills yet. Nothing is lost: they appear
   * once old enough (or when the lag is set back to 0).
   */
  portfolioLagMs: number;
}

export const NO_FAULTS: FaultConfig = { rate429: 0, rate5xx: 0, latencyMs: 0, wsDropEverySec: 0, malformedRate: 0, repeatTradesRate: 0, portfolioLagMs: 0 };

/**
 * Fault injection. Faults never lose data: a faulted request either fails outright (before any
 * state change) or returns a page with an EXTRA bad/repeated record on top of the truth.
 * Uses its own PRNG so faults never perturb the deterministic universe.
 */
export class Faults {
  cfg: FaultConfig;
  private rnd: () => number;
  counts = { r429: 0, r5xx: 0, malformed: 0, repeated: 0, wsDrops: 0 };

  constructor(cfg: Partial<FaultConfig>, seed: number) {
    this.cfg = { ...NO_FAULTS, ...cfg };
    this.rnd = mulberry32(seed ^ 0xfa017);
  }

  set(cfg: Partial<FaultConfig>): void {
    this.cfg = { ...this.cfg, ...cfg };
  }

  roll(p: number): boolean {
    return p > 0 && this.rnd() < p;
  }

  /** Error response for this request, or null to serve it. */
  requestFault(): { status: number; body: unknown } | null {
    if (this.roll(this.cfg.rate429)) {
      this.counts.r429++;
      return { status: 429, body: { error: { code: 'too_many_requests', message: 'too many requests' } } };
    }
    if (this.roll(this.cfg.rate5xx)) {
      this.counts.r5xx++;
      const status = [500, 502, 503][Math.floor(this.rnd() * 3)]!;
      return { status, body: { error: { code: 'internal_server_error', message: 'internal server error' } } };
    }
    return null;
  }

  pick<T>(arr: T[]): number {
    return Math.floor(this.rnd() * (arr.length + 1));
  }

  malformedMarket(base: Record<string, unknown>): Record<string, unknown> {
    this.counts.malformed++;
    const bad: Record<string, unknown> = { ...base, ticker: `${String(base.ticker ?? 'KXBAD')}-MALFORMED` };
    if (this.rnd() < 0.5) bad.yes_bid_dollars = 'not-a-number';
    else delete bad.event_ticker;
    return bad;
  }

  malformedTrade(base: Record<string, unknown>): Record<string, unknown> {
    this.counts.malformed++;
    const bad: Record<string, unknown> = { ...base, trade_id: `malformed-${Math.floor(this.rnd() * 1e9)}` };
    if (this.rnd() < 0.5) bad.count_fp = 'NaN';
    else bad.yes_price_dollars = 'NaN';
    return bad;
  }
}
