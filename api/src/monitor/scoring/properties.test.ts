import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeBaseline } from './baseline.ts';
import { composeScore, gatePasses } from './compose.ts';
import { GATE, SIGNAL_NAMES, WEIGHTS, type SignalName } from './constants.ts';
import { crossMarketScores } from './cross-market.ts';
import { normalSetup } from './fixtures.ts';
import { scoreSignals } from './signals.ts';
import type { Baseline, BookState, MarketWindow, ScoringTrade } from './types.ts';

const NOW = Date.UTC(2026, 0, 14, 20, 0);
const fixture = normalSetup(NOW, { seed: 31 });
const RUNS = { numRuns: 150 };

const price = fc.double({ min: 0, max: 1, noNaN: true });
const size = fc.oneof(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.constantFrom(0, 0.01, 1, 1e12));
const ts = fc.integer({ min: NOW - 20 * 60_000, max: NOW });
const trade: fc.Arbitrary<ScoringTrade> = fc.record({ tradeId: fc.constant('t'), ts, yesPrice: price, count: size, takerSide: fc.constantFrom('yes' as const, 'no' as const) });
const trades = fc.array(trade, { maxLength: 60 });
const nullablePrice = fc.option(price, { nil: null });
const book: fc.Arbitrary<BookState | null> = fc.option(
  fc.record({ ts: fc.constant(NOW), bestYesBid: nullablePrice, bestYesAsk: nullablePrice, spread: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }), depth: fc.oneof(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.constant(0)) }),
  { nil: null },
);
const stat = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e6, noNaN: true }));
const nullableStat = fc.option(stat, { nil: null });
const profile = fc.oneof(
  fc.constant(Array.from({ length: 24 }, () => 1 / 24)),
  fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 24, maxLength: 24 }),
  fc.constant([] as number[]),
);
const baseline: fc.Arbitrary<Baseline | null> = fc.option(
  fc.record({
    historyHours: fc.constantFrom(0, 10, 168), tradeCount: fc.nat(10_000), orderCount: fc.nat(10_000),
    tradeSizeMedian: stat, tradeSizeMad: stat, tradeSizeP99: stat, logSizeMedian: fc.double({ min: -5, max: 20, noNaN: true }), logSizeMad: stat,
    tradesPerHourMean: stat, tradesPerHourMedian: stat, tradesPerHourMad: stat, tradesPerHourDispersion: fc.double({ min: 0, max: 100, noNaN: true }),
    volumePerHourMean: stat, windowMs: fc.constantFrom(0, 300_000, 900_000), netFlowLogMedian: stat, netFlowLogMad: stat, netFlowLogP90: stat,
    priceMoveMedian: stat, priceMoveMad: stat, priceMoveSamples: fc.nat(3000), shortMoveMs: fc.constant(300_000), shortMoveMedian: stat, shortMoveMad: stat, shortMoveSamples: fc.nat(3000),
    spreadMedian: nullableStat, spreadMad: nullableStat, depthMedian: nullableStat, depthMad: nullableStat, logDepthMedian: nullableStat, logDepthMad: nullableStat, bookCount: fc.nat(3000),
    hourlyProfile: profile,
    logSizeOffsets: fc.oneof(fc.constant([] as number[]), fc.array(fc.double({ min: -5, max: 10, noNaN: true }), { minLength: 6, maxLength: 6 })),
    sizeTailIndex: fc.oneof(fc.constant(0), fc.double({ min: 0.8, max: 4, noNaN: true })),
    bookHours: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 200, noNaN: true })),
    hourlyLogSizeOffset: fc.oneof(fc.constant([] as number[]), fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 24, maxLength: 24 })),
    hourlyMoveFactor: fc.oneof(fc.constant([] as number[]), fc.array(fc.double({ min: 0, max: 20, noNaN: true }), { minLength: 24, maxLength: 24 })),
  }),
  { nil: null },
);
const windowArb: fc.Arbitrary<MarketWindow> = fc.record({
  ticker: fc.constant('K'), eventTicker: fc.constant('E'), now: fc.constant(NOW), windowMs: fc.constantFrom(undefined, 60_000, 900_000),
  trades, priceBefore: nullablePrice, priceShortBefore: fc.option(price, { nil: undefined }), book, baseline,
});

const inRange = (x: number) => Number.isFinite(x) && x >= 0 && x <= 100;
const sub = fc.double({ min: 0, max: 100, noNaN: true });
const subs = fc.record(Object.fromEntries(SIGNAL_NAMES.map((s) => [s, sub])) as Record<SignalName, fc.Arbitrary<number>>);
const asSet = (s: Record<SignalName, number>) => Object.fromEntries(SIGNAL_NAMES.map((k) => [k, { score: s[k], facts: {} }])) as Record<SignalName, { score: number; facts: Record<string, number | string> }>;

describe('properties', () => {
  it('weights sum to 100', () => {
    expect(SIGNAL_NAMES.reduce((a, s) => a + WEIGHTS[s], 0)).toBe(100);
  });

  it('every signal stays in [0, 100] for arbitrary windows and baselines (including degenerate ones)', () => {
    fc.assert(
      fc.property(windowArb, (w) => {
        const s = scoreSignals(w);
        for (const k of ['tradeSize', 'priceImpact', 'liquidity', 'clustering', 'timing'] as const) {
          if (!inRange(s[k].score)) return false;
          for (const v of Object.values(s[k].facts)) if (typeof v === 'number' && !Number.isFinite(v)) return false;
        }
        const c = composeScore({ ...s, crossMarket: { score: 0, facts: {} } }, { baselineStatus: s.baselineStatus });
        return inRange(c.composite);
      }),
      RUNS,
    );
  });

  it('signals stay in range against a real baseline for arbitrary window trades', () => {
    fc.assert(
      fc.property(trades, book, (tr, b) => {
        const s = scoreSignals(fixture.window({ trades: tr, book: b }));
        return [s.tradeSize, s.priceImpact, s.liquidity, s.clustering, s.timing].every((x) => inRange(x.score));
      }),
      RUNS,
    );
  });

  it('the same trades give the same score in any order, even when fills share a timestamp', () => {
    // few distinct timestamps, so many fills tie; ids make the order total
    const tied = fc.array(
      fc.record({ ts: fc.constantFrom(NOW - 600_000, NOW - 300_000, NOW - 60_000), yesPrice: price, count: size, takerSide: fc.constantFrom('yes' as const, 'no' as const) }),
      { minLength: 1, maxLength: 30 },
    ).map((xs) => xs.map((x, i) => ({ ...x, tradeId: `t${String(i).padStart(3, '0')}` })));
    fc.assert(
      fc.property(tied, fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), (tr, noise) => {
        const shuffled = tr.map((x) => ({ x, k: noise.next().value })).sort((a, b) => a.k - b.k).map((e) => e.x);
        const a = scoreSignals(fixture.window({ trades: tr }));
        const b = scoreSignals(fixture.window({ trades: shuffled }));
        expect(b).toEqual(a);
      }),
      RUNS,
    );
  });

  it('computeBaseline is NaN-free for arbitrary histories', () => {
    fc.assert(
      fc.property(trades, fc.array(book, { maxLength: 30 }), (tr, books) => {
        const b = computeBaseline({ trades: tr, books: books.filter((x): x is BookState => x !== null), windowStart: NOW - 20 * 60_000, windowEnd: NOW });
        const nums = Object.values(b).filter((v): v is number => typeof v === 'number');
        const sum = b.hourlyProfile.reduce((a, x) => a + x, 0);
        return nums.every(Number.isFinite) && Math.abs(sum - 1) < 1e-9;
      }),
      { numRuns: 100 },
    );
  });

  it('the composite is in [0, 100] and the gate always caps when it fails', () => {
    fc.assert(
      fc.property(subs, (s) => {
        const c = composeScore(asSet(s));
        if (!inRange(c.composite)) return false;
        if (!c.gatePassed && c.composite > GATE.cap) return false;
        if (c.gatePassed !== gatePasses(c.subScores)) return false;
        return true;
      }),
      { numRuns: 500 },
    );
  });

  it('the composite is monotone non-decreasing in each sub-score', () => {
    fc.assert(
      fc.property(subs, fc.constantFrom(...SIGNAL_NAMES), sub, fc.boolean(), (s, k, v, warming) => {
        const lo = Math.min(s[k], v);
        const hi = Math.max(s[k], v);
        const opts = { baselineStatus: warming ? ('warming' as const) : ('ok' as const) };
        const a = composeScore(asSet({ ...s, [k]: lo }), opts).composite;
        const b = composeScore(asSet({ ...s, [k]: hi }), opts).composite;
        return b >= a;
      }),
      { numRuns: 1000 },
    );
  });

  it('cross-market scores stay in [0, 100]', () => {
    const input = fc.array(fc.record({ ticker: fc.string({ maxLength: 3 }), priceChange: fc.double({ min: -1, max: 1, noNaN: true }), signals: fc.record({ tradeSize: fc.record({ score: sub }), priceImpact: fc.record({ score: sub }), liquidity: fc.record({ score: sub }), clustering: fc.record({ score: sub }), timing: fc.record({ score: sub }) }) }), { maxLength: 12 });
    fc.assert(fc.property(input, (ev) => [...crossMarketScores(ev).values()].every((r) => inRange(r.score))), { numRuns: 200 });
  });
});
