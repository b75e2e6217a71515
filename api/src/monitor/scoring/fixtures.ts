/**
 * Deterministic synthetic markets for the scoring tests (not used in production code).
 * A "normal" market: Poisson order arrivals with a US-daytime profile, log-normal sizes, a slow random-walk price
 * traded at bid/ask, and a book snapshot every 5 minutes with a 1–2¢ spread and noisy depth.
 */
import { computeBaseline } from './baseline.ts';
import type { Baseline, BookState, MarketWindow, ScoringTrade } from './types.ts';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SynthOptions {
  seed?: number;
  /** Average orders per hour. */
  ordersPerHour?: number;
  /** Median order size (contracts). */
  sizeMedian?: number;
  /** Start price. */
  price?: number;
  /** Typical book depth (contracts). */
  depth?: number;
}

export interface SynthMarket {
  trades: ScoringTrade[];
  books: BookState[];
  /** Price path sampled every minute from `start`. */
  priceAt: (ts: number) => number;
  start: number;
  end: number;
  opts: Required<SynthOptions>;
  rnd: () => number;
}

// Eastern-time-ish daytime seasonality by UTC hour (peak ~ US afternoon)
const SEASON_UTC = [1.4, 1.2, 0.9, 0.6, 0.4, 0.3, 0.25, 0.25, 0.3, 0.4, 0.55, 0.7, 0.9, 1.1, 1.3, 1.5, 1.6, 1.7, 1.7, 1.7, 1.7, 1.6, 1.5, 1.5];
const SEASON_MEAN = SEASON_UTC.reduce((a, b) => a + b, 0) / 24;

/** Generates [start, end) of normal activity. */
export function synthMarket(start: number, end: number, o: SynthOptions = {}): SynthMarket {
  const opts: Required<SynthOptions> = { seed: 1, ordersPerHour: 20, sizeMedian: 10, price: 0.5, depth: 500, ...o };
  const rnd = mulberry32(opts.seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
  // price path per minute: small random walk, reflected into [0.05, 0.95]
  const nMin = Math.ceil((end - start) / MIN) + 1;
  const path = new Float64Array(nMin);
  let p = opts.price;
  for (let i = 0; i < nMin; i++) {
    p += gauss() * 0.0015;
    if (p < 0.05) p = 0.1 - p;
    if (p > 0.95) p = 1.9 - p;
    path[i] = p;
  }
  const priceAt = (ts: number) => path[Math.max(0, Math.min(nMin - 1, Math.floor((ts - start) / MIN)))]!;
  const trades: ScoringTrade[] = [];
  let id = 0;
  for (let h = start; h < end; h += HOUR) {
    const lambda = (opts.ordersPerHour * SEASON_UTC[new Date(h).getUTCHours()]!) / SEASON_MEAN;
    // Poisson by inversion
    let k = 0;
    let f = Math.exp(-lambda);
    let cdf = f;
    const u = rnd();
    while (u > cdf && k < 1000) {
      k++;
      f *= lambda / k;
      cdf += f;
    }
    const ts: number[] = [];
    for (let j = 0; j < k; j++) ts.push(h + Math.floor(rnd() * HOUR));
    ts.sort((a, b) => a - b);
    for (const t of ts) {
      if (t >= end) continue;
      const yes = rnd() < 0.5;
      const mid = priceAt(t);
      const price = Math.round((yes ? mid + 0.005 : mid - 0.005) * 100) / 100;
      const size = Math.max(1, Math.round(opts.sizeMedian * Math.exp(0.8 * gauss())));
      trades.push({ tradeId: `t${id++}`, ts: t, yesPrice: price, count: size, takerSide: yes ? 'yes' : 'no' });
    }
  }
  const books: BookState[] = [];
  for (let t = start; t < end; t += 5 * MIN) books.push(normalBook(t, priceAt(t), opts.depth, rnd));
  return { trades, books, priceAt, start, end, opts, rnd };
}

export function normalBook(ts: number, mid: number, depth: number, rnd: () => number): BookState {
  const spread = rnd() < 0.5 ? 0.01 : 0.02;
  const bid = Math.floor((mid - spread / 2) * 100) / 100;
  const ask = Math.round((bid + spread) * 100) / 100;
  return { ts, bestYesBid: bid, bestYesAsk: ask, spread: Math.round((ask - bid) * 100) / 100, depth: Math.round(depth * Math.exp(0.15 * (rnd() * 2 - 1))) };
}

/** A market with 7 days of normal history before `now`, its baseline, and the normal trades of the last window. */
export function normalSetup(now: number, o: SynthOptions = {}, windowMs = 15 * MIN) {
  const m = synthMarket(now - 7 * DAY, now, o);
  const baseline = computeBaseline({ trades: m.trades, books: m.books, windowStart: now - 7 * DAY, windowEnd: now - windowMs });
  const windowTrades = m.trades.filter((t) => t.ts >= now - windowMs && t.ts < now);
  const window = (extra: Partial<MarketWindow> = {}): MarketWindow => ({
    ticker: 'KXTEST-1',
    eventTicker: 'KXTEST',
    now,
    windowMs,
    trades: windowTrades,
    priceBefore: m.priceAt(now - windowMs),
    priceShortBefore: m.priceAt(now - 5 * MIN),
    book: normalBook(now, m.priceAt(now), m.opts.depth, mulberry32(99)),
    baseline,
    ...extra,
  });
  return { market: m, baseline, windowTrades, window };
}

export function withBaseline(b: Baseline, patch: Partial<Baseline>): Baseline {
  return { ...b, ...patch };
}
