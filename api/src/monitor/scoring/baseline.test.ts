import { describe, expect, it } from 'vitest';
import { computeBaseline, splitFlowOf, toOrders } from './baseline.ts';
import { DAY, HOUR, MIN, synthMarket } from './fixtures.ts';
import type { Baseline, ScoringTrade } from './types.ts';

const T0 = Date.UTC(2026, 0, 5, 5, 0); // Monday 00:00 EST
const tr = (ts: number, count: number, side: 'yes' | 'no' = 'yes', price = 0.5, id = `${ts}-${count}-${side}`): ScoringTrade => ({ tradeId: id, ts, yesPrice: price, count, takerSide: side });

function allFinite(b: Baseline) {
  for (const [k, v] of Object.entries(b)) {
    if (typeof v === 'number') expect(Number.isFinite(v), k).toBe(true);
  }
  expect(b.hourlyProfile.every(Number.isFinite)).toBe(true);
}

describe('toOrders', () => {
  it('merges fills of one taker order (same timestamp and side) and sorts', () => {
    const o = toOrders([tr(2000, 1, 'no'), tr(1000, 5), tr(1000, 7), tr(1000, 2, 'no'), tr(3000, Number.NaN)]);
    expect(o.n).toBe(3);
    expect(Array.from(o.size.subarray(0, 3))).toEqual([12, 2, 1]);
    expect(Array.from(o.side.subarray(0, 3))).toEqual([1, -1, -1]);
    expect(o.fills).toBe(4);
  });
});

describe('computeBaseline', () => {
  it('computes median/MAD/p99 of order sizes exactly on a small history', () => {
    const sizes = [1, 2, 3, 4, 100];
    const trades = sizes.map((s, i) => tr(T0 + i * HOUR, s, i % 2 ? 'no' : 'yes'));
    const b = computeBaseline({ trades, books: [], windowStart: T0, windowEnd: T0 + DAY });
    expect(b.orderCount).toBe(5);
    expect(b.tradeSizeMedian).toBe(3);
    expect(b.tradeSizeMad).toBe(1);
    expect(b.tradeSizeP99).toBeCloseTo(96.16, 6);
    expect(b.logSizeMedian).toBeCloseTo(Math.log(3), 12);
    expect(b.tradesPerHourMean).toBeCloseTo(5 / 24, 12);
    expect(b.volumePerHourMean).toBeCloseTo(110 / 24, 12);
    allFinite(b);
  });

  it('is robust to outliers: one giant trade barely moves median and MAD', () => {
    const m = synthMarket(T0, T0 + 7 * DAY, { seed: 3 });
    const clean = computeBaseline({ trades: m.trades, books: m.books, windowStart: T0, windowEnd: T0 + 7 * DAY });
    const dirty = computeBaseline({ trades: [...m.trades, tr(T0 + 3 * DAY + 17, 1e7)], books: m.books, windowStart: T0, windowEnd: T0 + 7 * DAY });
    expect(Math.abs(dirty.tradeSizeMedian - clean.tradeSizeMedian)).toBeLessThanOrEqual(1);
    expect(Math.abs(dirty.logSizeMad - clean.logSizeMad)).toBeLessThan(0.05);
    expect(Math.abs(dirty.tradeSizeP99 - clean.tradeSizeP99) / clean.tradeSizeP99).toBeLessThan(0.2);
  });

  it('builds an hourly profile that sums to 1, has no zero hours and follows activity', () => {
    // all orders at 14:xx Eastern on weekdays, none elsewhere
    const trades: ScoringTrade[] = [];
    for (let d = 0; d < 7; d++) for (let i = 0; i < 20; i++) trades.push(tr(T0 + d * DAY + 14 * HOUR + i * MIN, 5));
    const b = computeBaseline({ trades, books: [], windowStart: T0, windowEnd: T0 + 7 * DAY });
    const sum = b.hourlyProfile.reduce((a, x) => a + x, 0);
    expect(b.hourlyProfile).toHaveLength(24);
    expect(sum).toBeCloseTo(1, 12);
    expect(Math.min(...b.hourlyProfile)).toBeGreaterThan(0);
    expect(b.hourlyProfile.indexOf(Math.max(...b.hourlyProfile))).toBe(14);
    expect(b.hourlyProfile[14]!).toBeGreaterThan(0.8);
  });

  it('uses US Eastern hours across a DST change (same local hour → same bucket)', () => {
    // 2024-03-10: 14:00 local is 19:00Z before and 18:00Z after the change
    const start = Date.UTC(2024, 2, 7, 5, 0);
    const trades: ScoringTrade[] = [];
    for (let d = 0; d < 7; d++) {
      const day = Date.UTC(2024, 2, 7 + d);
      const utcHour = day >= Date.UTC(2024, 2, 10) ? 18 : 19; // EDT from 2024-03-10 07:00Z
      for (let i = 0; i < 10; i++) trades.push(tr(day + utcHour * HOUR + i * MIN, 3));
    }
    const b = computeBaseline({ trades, books: [], windowStart: start, windowEnd: start + 7 * DAY });
    expect(b.hourlyProfile.indexOf(Math.max(...b.hourlyProfile))).toBe(14);
    expect(b.hourlyProfile[14]!).toBeGreaterThan(0.6);
    // a UTC-based or fixed-offset hour would have put half the orders at 13:00 or 15:00
    expect(b.hourlyProfile[13]!).toBeLessThan(0.03);
    expect(b.hourlyProfile[15]!).toBeLessThan(0.03);
    expect(b.hourlyProfile.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 12);
  });

  it('is all-finite and conservative on empty and degenerate input', () => {
    const e = computeBaseline({ trades: [], books: [], windowStart: T0, windowEnd: T0 + DAY });
    allFinite(e);
    expect(e.orderCount).toBe(0);
    expect(e.spreadMedian).toBeNull();
    expect(e.hourlyProfile.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 12);
    const inverted = computeBaseline({ trades: [tr(T0, 1)], books: [], windowStart: T0 + DAY, windowEnd: T0 });
    allFinite(inverted);
    // identical sizes: MAD 0 (the signals floor it)
    const same = computeBaseline({ trades: Array.from({ length: 50 }, (_, i) => tr(T0 + i * MIN, 10)), books: [], windowStart: T0, windowEnd: T0 + DAY });
    expect(same.tradeSizeMad).toBe(0);
    expect(same.logSizeMad).toBe(0);
  });

  it('computes book statistics and window price moves from book mids', () => {
    const m = synthMarket(T0, T0 + 2 * DAY, { seed: 5, depth: 800 });
    const b = computeBaseline({ trades: m.trades, books: m.books, windowStart: T0, windowEnd: T0 + 2 * DAY });
    expect(b.bookCount).toBe(m.books.length);
    expect([0.01, 0.015, 0.02]).toContain(Math.round(b.spreadMedian! * 1000) / 1000);
    expect(b.depthMedian!).toBeGreaterThan(700);
    expect(b.depthMedian!).toBeLessThan(900);
    expect(b.priceMoveSamples).toBeGreaterThan(500);
    expect(b.shortMoveSamples).toBeGreaterThan(b.priceMoveSamples);
    expect(b.priceMoveMedian).toBeGreaterThanOrEqual(b.shortMoveMedian);
    expect(b.priceMoveMedian).toBeLessThan(0.03);
  });

  it('split flow leaves out the largest order and needs several orders on the dominant side', () => {
    expect(splitFlowOf(100, 0, 1, 0, 100, 0)).toBe(0); // one big order is not splitting
    expect(splitFlowOf(100, 0, 2, 0, 50, 0)).toBe(0); // fewer than 3 orders
    expect(splitFlowOf(120, 10, 4, 1, 30, 10)).toBe(80);
    expect(splitFlowOf(10, 120, 1, 4, 10, 30)).toBe(80);
  });

  it('is fast: 100k trades in well under a second', () => {
    const trades: ScoringTrade[] = [];
    for (let i = 0; i < 100_000; i++) trades.push(tr(T0 + i * 6000, 1 + (i % 37), i % 3 ? 'yes' : 'no', 0.3 + (i % 10) / 100, `p${i}`));
    const t = performance.now();
    const b = computeBaseline({ trades, books: [], windowStart: T0, windowEnd: T0 + 7 * DAY });
    expect(performance.now() - t).toBeLessThan(1500);
    expect(b.orderCount).toBe(100_000);
  });
});

describe('shape, time and hour of day', () => {
  it('fills that share a timestamp merge and price the same way whatever order they arrive in', () => {
    const fills = [tr(1000, 5, 'yes', 0.5, 'b'), tr(1000, 3, 'no', 0.49, 'c'), tr(1000, 7, 'yes', 0.52, 'a')];
    const a = toOrders(fills);
    const b = toOrders([...fills].reverse());
    expect(Array.from(a.size.subarray(0, a.n))).toEqual(Array.from(b.size.subarray(0, b.n)));
    expect(Array.from(a.price.subarray(0, a.n))).toEqual(Array.from(b.price.subarray(0, b.n)));
    expect(Array.from(a.size.subarray(0, a.n))).toEqual([12, 3]);
  });

  it('fits a Pareto tail to the largest orders (Hill): a heavier tail gives a smaller index', () => {
    const pareto = (alpha: number) =>
      Array.from({ length: 2000 }, (_, i) => tr(T0 + i * 60_000, 10 * Math.pow(1 - (i + 0.5) / 2000, -1 / alpha), 'yes', 0.5, `p${alpha}-${i}`));
    const heavy = computeBaseline({ trades: pareto(1.2), books: [], windowStart: T0, windowEnd: T0 + 3 * DAY });
    const light = computeBaseline({ trades: pareto(3), books: [], windowStart: T0, windowEnd: T0 + 3 * DAY });
    expect(heavy.sizeTailIndex).toBeGreaterThan(0.9);
    expect(heavy.sizeTailIndex).toBeLessThan(1.5);
    expect(light.sizeTailIndex).toBeGreaterThan(2.4);
    expect(heavy.logSizeOffsets).toHaveLength(6);
    expect(heavy.logSizeOffsets[0]).toBe(0);
    expect(heavy.logSizeOffsets[5]).toBeGreaterThan(light.logSizeOffsets[5]!);
  });

  it('weights book snapshots by how long each stood, not by how often the book changed', () => {
    // 23 hours at depth 1,000, then an hour in which the book changed every minute at depth 10
    const books = [{ ts: T0, bestYesBid: 0.49, bestYesAsk: 0.51, spread: 0.02, depth: 1000 }];
    for (let m = 0; m < 60; m++) books.push({ ts: T0 + 23 * HOUR + m * MIN, bestYesBid: 0.4, bestYesAsk: 0.6, spread: 0.2, depth: 10 });
    const b = computeBaseline({ trades: [], books, windowStart: T0, windowEnd: T0 + DAY });
    expect(b.depthMedian).toBe(1000);
    expect(b.spreadMedian).toBeCloseTo(0.02, 9);
    expect(b.bookHours).toBeCloseTo(1 + 65 / 60, 6); // the first snapshot counts for at most 65 minutes
  });

  it('keeps an hour-of-day profile of sizes and moves, neutral for hours without data', () => {
    // three days: small orders and still prices at night (0–6 ET), large orders and moving prices by day
    const trades: ScoringTrade[] = [];
    for (let d = 0; d < 3; d++) {
      for (let h = 0; h < 24; h++) {
        if (h >= 6 && h < 9) continue; // 6–9 ET: no trading at all
        const night = h < 6;
        for (let k = 0; k < 6; k++) trades.push(tr(T0 + d * DAY + h * HOUR + k * 10 * MIN, night ? 5 : 50, 'yes', night ? 0.5 : 0.5 + ((k % 2) * 0.04), `${d}-${h}-${k}`));
      }
    }
    const b = computeBaseline({ trades, books: [], windowStart: T0, windowEnd: T0 + 3 * DAY });
    expect(b.hourlyLogSizeOffset).toHaveLength(24);
    expect(b.hourlyLogSizeOffset[2]!).toBeLessThan(-0.5);
    expect(b.hourlyLogSizeOffset[14]!).toBeCloseTo(0, 9); // the day is most of the history: its median is the median
    expect(b.hourlyLogSizeOffset[7]).toBe(0);
    expect(b.hourlyMoveFactor[2]!).toBeLessThan(0.5);
    expect(b.hourlyMoveFactor[14]!).toBeGreaterThan(1);
    expect(b.hourlyMoveFactor.every((f) => Number.isFinite(f) && f > 0)).toBe(true);
  });

  it('measures how clumped orders come, in thin markets too: Poisson ≈ 1, clumps of five ≈ 5', () => {
    const poisson = synthMarket(T0, T0 + 7 * DAY, { seed: 3, ordersPerHour: 0.5 });
    expect(computeBaseline({ trades: poisson.trades, books: [], windowStart: T0, windowEnd: T0 + 7 * DAY }).tradesPerHourDispersion).toBeLessThan(1.5);
    // the same thin market whose every order comes with four more within three minutes (one trader, or news)
    const clumped = poisson.trades.flatMap((t, i) => [0, 1, 2, 3, 4].map((k) => ({ ...t, tradeId: `${i}-${k}`, ts: t.ts + k * 40_000 })));
    expect(computeBaseline({ trades: clumped, books: [], windowStart: T0, windowEnd: T0 + 7 * DAY }).tradesPerHourDispersion).toBeGreaterThan(3.5);
  });

  it('keeps the book depth of each hour of day (books thin overnight), neutral for hours without books', () => {
    // three days of books every 5 minutes: 100 contracts at night (0–6 ET), 1,000 by day, none 6–9 ET
    const books = [];
    for (let t = T0; t < T0 + 3 * DAY; t += 5 * MIN) {
      const h = Math.floor(((t - T0) % DAY) / HOUR);
      if (h >= 6 && h < 9) continue;
      books.push({ ts: t, bestYesBid: 0.49, bestYesAsk: 0.51, spread: 0.02, depth: h < 6 ? 100 : 1000 });
    }
    const b = computeBaseline({ trades: [], books, windowStart: T0, windowEnd: T0 + 3 * DAY });
    expect(b.hourlyLogDepthOffset![2]!).toBeCloseTo(0.6 * Math.log(101 / 1001), 1); // 3 book-hours of the hour against 2 pseudo-hours
    expect(b.hourlyLogDepthOffset![14]!).toBeCloseTo(0, 9);
    expect(b.hourlyLogDepthOffset![7]).toBe(0);
  });
});
