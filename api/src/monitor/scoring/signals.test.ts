import { describe, expect, it } from 'vitest';
import { computeBaseline } from './baseline.ts';
import { composeScore } from './compose.ts';
import { DAY, HOUR, MIN, mulberry32, normalBook, normalSetup, synthMarket, withBaseline } from './fixtures.ts';
import { GENERIC_PRIOR, scoreMarket } from './index.ts';
import { moveTailSurprise, scoreSignals } from './signals.ts';
import type { LocalSignals, ScoringTrade } from './types.ts';

// Wednesday 2026-01-14 15:00 EST (20:00Z): a busy hour
const NOW = Date.UTC(2026, 0, 14, 20, 0);
const setup = normalSetup(NOW, { seed: 11, ordersPerHour: 20, sizeMedian: 10, price: 0.5, depth: 500 });
const { window, windowTrades, market } = setup;

let id = 0;
const t = (ts: number, count: number, side: 'yes' | 'no', price: number): ScoringTrade => ({ tradeId: `x${id++}`, ts, yesPrice: price, count, takerSide: side });
const merge = (a: readonly ScoringTrade[], b: readonly ScoringTrade[]) => [...a, ...b].sort((x, y) => x.ts - y.ts);
const scores = (s: LocalSignals) => ({ tradeSize: s.tradeSize.score, priceImpact: s.priceImpact.score, liquidity: s.liquidity.score, clustering: s.clustering.score, timing: s.timing.score });

describe('normal activity', () => {
  it('keeps every signal near 0 across a day of ordinary windows', () => {
    const m = synthMarket(NOW - 8 * DAY, NOW, { seed: 21 });
    const baseline = computeBaseline({ trades: m.trades, books: m.books, windowStart: NOW - 8 * DAY, windowEnd: NOW - DAY });
    const rnd = mulberry32(5);
    let maxComposite = 0;
    for (let now = NOW - DAY + 15 * MIN; now <= NOW; now += 40 * MIN) {
      const s = scoreSignals({
        ticker: 'K', eventTicker: 'E', now, windowMs: 15 * MIN,
        trades: m.trades.filter((x) => x.ts >= now - 15 * MIN && x.ts < now),
        priceBefore: m.priceAt(now - 15 * MIN), priceShortBefore: m.priceAt(now - 5 * MIN),
        book: normalBook(now, m.priceAt(now), 500, rnd), baseline,
      });
      // a p99-sized order is ordinary somewhere in a day; it may register on trade size, never at the gate's bar
      const { tradeSize, ...others } = scores(s);
      expect(tradeSize).toBeLessThan(60);
      for (const v of Object.values(others)) expect(v).toBeLessThan(35);
      maxComposite = Math.max(maxComposite, composeScore({ ...s, crossMarket: { score: 0, facts: {} } }, { baselineStatus: s.baselineStatus }).composite);
    }
    expect(maxComposite).toBeLessThan(25);
  });

  it('scores the fixture window low with an "in line" explanation', () => {
    const r = scoreMarket(window());
    expect(r.signals.baselineStatus).toBe('ok');
    expect(r.score.label).toBe('LOW');
    expect(r.score.explanation).toMatch(/in line/);
  });
});

describe('trade size', () => {
  it('fires on one whale order (fills of one order are merged)', () => {
    const p = market.priceAt(NOW - 3 * MIN);
    const whale = [t(NOW - 3 * MIN, 3000, 'yes', p), t(NOW - 3 * MIN, 2000, 'yes', p + 0.01)];
    const s = scoreSignals(window({ trades: merge(windowTrades, whale) }));
    expect(s.tradeSize.score).toBeGreaterThanOrEqual(60);
    expect(s.tradeSize.facts.kind).toBe('single');
    expect(s.tradeSize.facts.maxOrderSize).toBe(5000);
    expect(s.tradeSize.facts.maxOrderSide).toBe('yes');
    expect(s.tradeSize.detail).toMatch(/5,000-contract YES trade at \d+¢ was \d+× this market's median trade size and \d+× its 99th percentile \(about 1 in [\d,]+ orders is this large\)/);
  });

  it('fires on split orders accumulating one side', () => {
    const split: ScoringTrade[] = [];
    for (let i = 0; i < 30; i++) split.push(t(NOW - 14 * MIN + i * 25_000, 60, 'yes', 0.5));
    const s = scoreSignals(window({ trades: merge(windowTrades, split) }));
    expect(s.tradeSize.facts.kind).toBe('accumulation');
    expect(s.tradeSize.score).toBeGreaterThanOrEqual(40);
    expect(s.tradeSize.detail).toMatch(/YES orders added up to a net/);
  });

  it('ignores balanced two-sided flow of normal sizes', () => {
    const two: ScoringTrade[] = [];
    for (let i = 0; i < 8; i++) two.push(t(NOW - 14 * MIN + i * 90_000, 10, i % 2 ? 'yes' : 'no', 0.5));
    expect(scoreSignals(window({ trades: merge(windowTrades, two) })).tradeSize.score).toBe(0);
  });
});

describe('price impact', () => {
  it('fires on a jump in the direction the takers pushed, more than against it', () => {
    const p0 = market.priceAt(NOW - 15 * MIN);
    const buys = [t(NOW - 4 * MIN, 30, 'yes', p0 + 0.05), t(NOW - 3 * MIN, 30, 'yes', p0 + 0.1)];
    const sells = buys.map((x) => ({ ...x, takerSide: 'no' as const }));
    const jump = { trades: merge(windowTrades, buys), book: normalBook(NOW, p0 + 0.1, 500, mulberry32(1)) };
    const big = scoreSignals(window(jump));
    expect(big.priceImpact.score).toBeGreaterThanOrEqual(80);
    expect(big.priceImpact.detail).toMatch(/the price jumped (9|1\d)(\.\d)?¢ \([\d.]+¢ → [\d.]+¢\)/);
    expect(big.priceImpact.detail).toMatch(/in the direction YES takers pushed/);
    // a moderate move: the aggressor direction matters
    const book = { ts: NOW, bestYesBid: p0 + 0.03, bestYesAsk: p0 + 0.04, spread: 0.01, depth: 500 };
    const aligned = scoreSignals(window({ trades: merge(windowTrades, buys), book, priceShortBefore: p0 }));
    const against = scoreSignals(window({ trades: merge(windowTrades, sells), book, priceShortBefore: p0 }));
    expect(aligned.priceImpact.score).toBeGreaterThan(0);
    expect(against.priceImpact.score).toBeLessThan(aligned.priceImpact.score);
  });

  it('catches a sudden jump in the last 5 minutes that the window would dilute', () => {
    const p5 = market.priceAt(NOW - 5 * MIN);
    const sells = [t(NOW - 2 * MIN, 40, 'no', p5 - 0.03), t(NOW - 1 * MIN, 40, 'no', p5 - 0.06)];
    const s = scoreSignals(window({ trades: merge(windowTrades, sells), book: normalBook(NOW, p5 - 0.06, 500, mulberry32(2)), priceBefore: p5 - 0.04 }));
    expect(s.priceImpact.facts.horizonMinutes).toBe(5);
    expect(s.priceImpact.score).toBeGreaterThan(50);
  });

  it('judges a move from a last print hours old over those hours, not over the window', () => {
    // one trade in the window, 8¢ above the last print: news if that print was minutes ago, drift if it was most of a day
    const p0 = market.priceAt(NOW - 15 * MIN);
    const print = [t(NOW - 2 * MIN, 5, 'yes', p0 + 0.08)];
    const fresh = scoreSignals(window({ trades: print, book: null, priceBefore: p0, priceBeforeAt: NOW - 20 * MIN, priceShortBefore: null }));
    const stale = scoreSignals(window({ trades: print, book: null, priceBefore: p0, priceBeforeAt: NOW - 20 * HOUR, priceShortBefore: null }));
    expect(fresh.priceImpact.score).toBeGreaterThanOrEqual(80);
    expect(stale.priceImpact.score).toBeLessThan(fresh.priceImpact.score);
    expect(stale.priceImpact.facts.horizonMinutes).toBe(20 * 60);
    expect(stale.priceImpact.facts.typicalMove).toBeGreaterThan(fresh.priceImpact.facts.typicalMove as number);
  });
});

describe('moveTailSurprise', () => {
  it("reads a move against the market's own tail: 1 in 10 at its 90th percentile, 1 in 100 at its 99th, exponential beyond", () => {
    const tail = { q90: 0.02, q99: 0.07 };
    expect(moveTailSurprise(0, tail)).toBe(0);
    expect(moveTailSurprise(0.02, tail)).toBeCloseTo(1, 6);
    expect(moveTailSurprise(0.07, tail)).toBeCloseTo(2, 6);
    expect(moveTailSurprise(0.12, tail)).toBeCloseTo(3, 6);
    // a thin market that moves only now and then, by 5¢: a 16¢ move is 1 in about 16,000 windows, not 1 in a trillion
    expect(moveTailSurprise(0.16, { q90: 0, q99: 0.05 })).toBeCloseTo(4.2, 6);
    // moves within a tick of each other: the tail decays no faster than one tick per factor e
    expect(moveTailSurprise(0.03, { q90: 0.01, q99: 0.02 })).toBeCloseTo(1 + 2 / Math.LN10, 6);
    // a market that never moved: each cent is a factor e rarer, so 5¢ reads rarer than 1 in 1,000
    expect(moveTailSurprise(0.05, { q90: 0, q99: 0 })).toBeGreaterThan(3);
  });
});

describe('liquidity', () => {
  it('fires when depth collapses and the spread widens', () => {
    const p = market.priceAt(NOW);
    const s = scoreSignals(window({ book: { ts: NOW, bestYesBid: p - 0.03, bestYesAsk: p + 0.03, spread: 0.06, depth: 25 } }));
    expect(s.liquidity.score).toBeGreaterThanOrEqual(80);
    expect(s.liquidity.detail).toMatch(/depth fell 9\d% below its usual level/);
    expect(s.liquidity.detail).toMatch(/spread widened to 6¢/);
  });
  it('is 0 without a book, or without book history and recent books', () => {
    expect(scoreSignals(window({ book: null })).liquidity.score).toBe(0);
    const noBooks = withBaseline(setup.baseline, { bookCount: 0, bookHours: 0 });
    expect(scoreSignals(window({ baseline: noBooks, book: { ts: NOW, bestYesBid: 0.1, bestYesAsk: 0.9, spread: 0.8, depth: 0 } })).liquidity.score).toBe(0);
  });
  it('reads depth against its usual level at this hour of day', () => {
    // the book usually holds 500 by day and 100 at 3 AM (as the baseline learnt)
    const offsets = Array.from({ length: 24 }, (_, h) => (h < 6 ? Math.log(101 / 501) : 0));
    const b = withBaseline(setup.baseline, { hourlyLogDepthOffset: offsets });
    const thinBook = (ts: number) => ({ ts, bestYesBid: 0.49, bestYesAsk: 0.51, spread: 0.02, depth: 100 });
    const NIGHT = Date.UTC(2026, 0, 14, 8, 15); // 03:15 EST
    const night = scoreSignals(window({ now: NIGHT, trades: [], baseline: b, book: thinBook(NIGHT) }));
    expect(night.liquidity.score).toBe(0);
    const day = scoreSignals(window({ baseline: b, book: thinBook(NOW) }));
    expect(day.liquidity.score).toBeGreaterThanOrEqual(60);
    expect(day.liquidity.detail).toMatch(/depth fell 80% below its usual level at this hour/);
  });
  it('reads a drain that lasts on the typical resting order of the last cycles, against the hour before', () => {
    const rnd = mulberry32(9);
    // an hour and a half of books requoted every cycle: resting orders of about 40 contracts
    const history = Array.from({ length: 18 }, (_, i) => ({ ts: NOW - (24 - i) * 5 * MIN, spread: 0.02, depth: 480, levelMedian: 40 * Math.exp(0.2 * (rnd() - 0.5)) }));
    const books = (levels: number[]) => levels.map((levelMedian, i) => ({ ts: NOW - (levels.length - i) * 5 * MIN, spread: 0.02, depth: 480, levelMedian }));
    const read = (previous: { ts: number; spread: number | null; depth: number; levelMedian: number }[], now = 18) =>
      scoreSignals(window({ book: { ts: NOW, bestYesBid: 0.49, bestYesAsk: 0.51, spread: 0.02, depth: 480, levelMedian: now }, recentBooks: { spreadMedian: 0.02, spreadMad: 0, depthMedian: 500, logDepthMad: 0.1, count: 24, previous } })).liquidity;
    // one thin snapshot after ordinary books is a maker requoting, not a drain
    const once = read([...history, ...books([41, 39, 40, 42, 38])]);
    expect(Number(once.facts.sustainedSurprise)).toBeLessThan(3);
    // resting orders less than half their size for half an hour: a drain, however deep the book's total
    const lasting = read([...history, ...books([17, 19, 16, 18, 20])]);
    expect(lasting.facts.sustainedCycles).toBe(6);
    expect(Number(lasting.facts.sustainedSurprise)).toBeGreaterThan(6);
    expect(Number(lasting.facts.sustainedLevelDrop)).toBeGreaterThan(0.5);
    expect(lasting.score).toBe(100);
    expect(lasting.detail).toMatch(/the typical resting order near the touch has been 5\d% smaller than in the hour before for 25 minutes/);
    // a missed cycle ends the run; a book with one side empty is not read; without an hour of books before, nothing
    expect(read([...history, ...books([17, 19, 16, 18, 20]).slice(0, 3)]).facts.sustainedSurprise).toBe(0);
    expect(read([...history, ...books([17, 19, 16, 18]), { ts: NOW - 5 * MIN, spread: null, depth: 200, levelMedian: 18 }]).facts.sustainedSurprise).toBe(0);
    expect(read(books([17, 19, 16, 18, 20])).facts.sustainedSurprise).toBe(0);
  });
  it('reads an unchanged book as one reading: a book requoted every half hour is not a lasting drain', () => {
    // a recording's snapshot every 30 minutes (or a quiet market's static book): six cycles see the same book
    const step = (levels: number[], ending: number) => levels.flatMap((level, j) => Array.from({ length: 6 }, (_, i) => ({ ts: ending - ((levels.length - j) * 6 - i) * 5 * MIN, spread: 0.02, depth: 480, levelMedian: level })));
    const previous = step([40, 44, 38, 18], NOW);
    const liquidity = scoreSignals(window({ book: { ts: NOW, bestYesBid: 0.49, bestYesAsk: 0.51, spread: 0.02, depth: 480, levelMedian: 18 }, recentBooks: { spreadMedian: 0.02, spreadMad: 0, depthMedian: 500, logDepthMad: 0.1, count: 24, previous } })).liquidity;
    expect(liquidity.facts.sustainedSurprise).toBe(0);
    expect(liquidity.score).toBe(0);
  });
  it('uses the books of the last cycles until the market has book history of its own', () => {
    const noBooks = withBaseline(setup.baseline, { bookCount: 0, bookHours: 0 });
    const drained = { ts: NOW, bestYesBid: 0.46, bestYesAsk: 0.54, spread: 0.08, depth: 40 };
    const s = scoreSignals(window({ baseline: noBooks, book: drained, recentBooks: { spreadMedian: 0.01, spreadMad: 0, depthMedian: 500, logDepthMad: 0.05, count: 3 } }));
    expect(s.liquidity.facts.reference).toBe('recent books');
    expect(s.liquidity.score).toBeGreaterThanOrEqual(80);
    expect(s.liquidity.detail).toMatch(/depth fell 92% below its level in the last cycles/);
    const same = scoreSignals(window({ baseline: noBooks, book: { ...drained, bestYesBid: 0.495, bestYesAsk: 0.505, spread: 0.01, depth: 480 }, recentBooks: { spreadMedian: 0.01, spreadMad: 0, depthMedian: 500, logDepthMad: 0.05, count: 3 } }));
    expect(same.liquidity.score).toBe(0);
  });
});

describe('clustering', () => {
  it('fires on a burst of orders within two minutes', () => {
    const rnd = mulberry32(4);
    const burst: ScoringTrade[] = [];
    for (let i = 0; i < 40; i++) burst.push(t(NOW - 6 * MIN + Math.floor(rnd() * 90_000), 10, rnd() < 0.5 ? 'yes' : 'no', 0.5));
    const s = scoreSignals(window({ trades: merge(windowTrades, burst) }));
    expect(s.clustering.score).toBeGreaterThanOrEqual(80);
    expect(s.clustering.detail).toMatch(/orders arrived within 2 minutes where about [\d.]+ would be expected/);
  });
  it('counts one swept order (many fills, same timestamp) as one order', () => {
    const sweep: ScoringTrade[] = [];
    for (let i = 0; i < 40; i++) sweep.push(t(NOW - 6 * MIN, 1, 'yes', 0.5 + i / 1000));
    expect(scoreSignals(window({ trades: merge(windowTrades, sweep) })).clustering.score).toBe(0);
  });
});

describe('clustering on a thin market', () => {
  // a week of a market that trades about once every five hours, and five orders within ten minutes now
  const thin = synthMarket(NOW - 7 * DAY, NOW - 15 * MIN, { seed: 31, ordersPerHour: 0.2 });
  const burst = [0, 2, 4, 6, 9].map((m, i) => t(NOW - 12 * MIN + m * MIN, 10, i % 2 ? 'yes' : 'no', 0.5));
  const score = (trades: ScoringTrade[]) => {
    const baseline = computeBaseline({ trades, books: thin.books, windowStart: NOW - 7 * DAY, windowEnd: NOW - 15 * MIN });
    // the mature markets of its series trade like independent arrivals (their pooled over-dispersion is 1)
    return scoreSignals({ ticker: 'K', eventTicker: 'E', now: NOW, trades: burst, priceBefore: 0.5, book: null, baseline, prior: { ...GENERIC_PRIOR, dispersion: 1 } });
  };
  it('expects its own rate once a week of history measures it, however few its orders', () => {
    const s = score(thin.trades);
    expect(s.baselineStatus).toBe('warming'); // fewer than 50 orders
    expect(Number(s.clustering.facts.expectedInWindow)).toBeLessThan(0.2);
    expect(Number(s.clustering.facts.surprise)).toBeGreaterThanOrEqual(6);
    expect(s.clustering.detail).toMatch(/5 orders arrived within 15 minutes/);
  });
  it('reads a young market\'s orders against what it traded over the hours just before, a mature one\'s against its history', () => {
    const at = (hours: number, recentRate: { orders: number; hours: number } | null) => {
      const baseline = computeBaseline({ trades: thin.trades, books: thin.books, windowStart: NOW - hours * HOUR, windowEnd: NOW - 15 * MIN });
      return scoreSignals({ ticker: 'K', eventTicker: 'E', now: NOW, trades: burst, priceBefore: 0.5, book: null, baseline, prior: { ...GENERIC_PRIOR, dispersion: 1 }, recentRate }).clustering;
    };
    // a market watched for 20 hours that traded 200 orders in the last two: 100 an hour, 25 in the window
    const young = at(20, { orders: 200, hours: 2 });
    expect(Number(young.facts.recentFloorPerHour)).toBe(100);
    expect(Number(young.facts.expectedInWindow)).toBeCloseTo(25, 6);
    expect(Number(young.facts.surprise)).toBe(0);
    expect(young.facts.recentOrders).toBe(200);
    // watched too briefly to say, or a week of history: the baseline's rate stands
    expect(Number(at(20, { orders: 200, hours: 0.5 }).facts.recentFloorPerHour)).toBe(0);
    const mature = at(7 * 24, { orders: 200, hours: 2 });
    expect(Number(mature.facts.recentFloorPerHour)).toBe(0);
    expect(Number(mature.facts.surprise)).toBeGreaterThanOrEqual(6);
    expect(at(20, null).facts.recentOrders).toBe('unknown');
  });
  it('reads the same five orders as ordinary where orders always come in clumps', () => {
    const clumped = thin.trades.flatMap((x, i) => [0, 1, 2, 3].map((k) => ({ ...x, tradeId: `c${i}-${k}`, ts: x.ts + k * 40_000 })));
    const s = score(clumped);
    expect(Number(s.clustering.facts.dispersion)).toBeGreaterThan(1.5);
    expect(Number(s.clustering.facts.surprise)).toBeLessThan(3);
  });
});

describe('timing', () => {
  // 03:00–03:15 EST, normally quiet
  const NIGHT = Date.UTC(2026, 0, 14, 8, 15);
  const night = normalSetup(NIGHT, { seed: 12 });
  it('fires on heavy volume at a quiet hour', () => {
    const heavy: ScoringTrade[] = [];
    for (let i = 0; i < 6; i++) heavy.push(t(NIGHT - 10 * MIN + i * MIN, 200, 'yes', 0.5));
    const s = scoreSignals(night.window({ trades: merge(night.windowTrades, heavy) }));
    expect(s.timing.score).toBeGreaterThanOrEqual(50);
    expect(s.timing.facts.hourET).toBe(3);
    expect(s.timing.detail).toMatch(/^6 orders of 200\+ contracts came at 3 AM ET/);
    // how rare six orders this large are at 3 AM for this market: far beyond 1 in a million windows
    expect(Number(s.timing.facts.surprise)).toBeGreaterThan(6);
    expect(s.timing.facts.ordersAtLeast).toBe(6);
  });
  it('stays 0 at a quiet hour when volume is normal, and at a busy hour even when volume is high', () => {
    expect(scoreSignals(night.window()).timing.score).toBe(0);
    const heavy: ScoringTrade[] = [];
    for (let i = 0; i < 6; i++) heavy.push(t(NOW - 10 * MIN + i * MIN, 200, 'yes', 0.5));
    expect(scoreSignals(window({ trades: merge(windowTrades, heavy) })).timing.score).toBe(0);
  });
});

describe('robustness', () => {
  it('gives the same result for unsorted trades', () => {
    const shuffled = [...windowTrades].reverse();
    expect(scores(scoreSignals(window({ trades: shuffled })))).toEqual(scores(scoreSignals(window())));
  });
  it('handles an empty window and a zero-MAD baseline without NaN', () => {
    const flat = withBaseline(setup.baseline, { logSizeMad: 0, tradeSizeMad: 0, priceMoveMad: 0, shortMoveMad: 0, spreadMad: 0, logDepthMad: 0, netFlowLogMad: 0, netFlowLogP90: 0 });
    for (const s of [scoreSignals(window({ trades: [] })), scoreSignals(window({ baseline: flat })), scoreSignals(window({ baseline: flat, trades: [t(NOW - MIN, 1e9, 'no', 0.5)] }))]) {
      for (const v of Object.values(scores(s))) {
        expect(Number.isFinite(v)).toBe(true);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(100);
      }
    }
  });
  it('scores one market in O(window) time: 10,000 windows well under a second', () => {
    const w = window();
    const t0 = performance.now();
    for (let i = 0; i < 10_000; i++) scoreSignals(w);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('the big aggressive trade that moves the price and eats depth', () => {
  const p0 = market.priceAt(NOW - 15 * MIN);
  const whale = [t(NOW - 2 * MIN, 4200, 'yes', p0 + 0.02)];
  const after = { ts: NOW, bestYesBid: p0 + 0.11, bestYesAsk: p0 + 0.13, spread: 0.02, depth: 120 };
  it('reaches at least 70 with a full baseline, names the numbers, and passes the gate', () => {
    const r = scoreMarket(window({ trades: merge(windowTrades, whale), book: after }));
    expect(r.score.gatePassed).toBe(true);
    expect(r.score.composite).toBeGreaterThanOrEqual(70);
    expect(r.score.explanation).toMatch(/^A 4,200-contract YES trade at \d+¢ was \d+× this market's median trade size/);
    expect(r.score.explanation).toMatch(/the price jumped (9|1\d)(\.\d)?¢ \([\d.]+¢ → [\d.]+¢\)/);
    expect(r.score.explanation).toMatch(/the book's depth fell \d+% below its usual level/);
  });
  it('still alerts on a young market (10 h of history), which is warming up, and says so', () => {
    const m = synthMarket(NOW - 10 * HOUR, NOW, { seed: 8 });
    const b = computeBaseline({ trades: m.trades, books: m.books, windowStart: NOW - 10 * HOUR, windowEnd: NOW - 15 * MIN });
    const r = scoreMarket(window({ trades: merge(windowTrades, whale), book: after, baseline: b }));
    expect(r.signals.baselineStatus).toBe('warming');
    expect(r.score.composite).toBeGreaterThanOrEqual(70);
    expect(r.score.explanation).toMatch(/warming up/);
  });
  it('keeps ordinary activity on a young market (24 h of history) below High', () => {
    const m = synthMarket(NOW - 2 * DAY, NOW, { seed: 31 });
    const b = computeBaseline({ trades: m.trades, books: m.books, windowStart: NOW - 2 * DAY, windowEnd: NOW - DAY });
    expect(b.historyHours).toBe(24);
    const rnd = mulberry32(9);
    let max = 0;
    for (let now = NOW - DAY + 15 * MIN; now <= NOW; now += 5 * MIN) {
      const r = scoreMarket({
        ticker: 'K', eventTicker: 'E', now, windowMs: 15 * MIN,
        trades: m.trades.filter((x) => x.ts >= now - 15 * MIN && x.ts < now),
        priceBefore: m.priceAt(now - 15 * MIN), priceShortBefore: m.priceAt(now - 5 * MIN),
        book: normalBook(now, m.priceAt(now), 500, rnd), baseline: b,
      });
      expect(r.signals.baselineStatus).toBe('warming');
      max = Math.max(max, r.score.composite);
    }
    expect(max).toBeLessThan(55);
  });
  it('scores a market with no baseline at all against the generic prior, uncapped', () => {
    const r = scoreMarket(window({ trades: merge(windowTrades, whale), book: after, baseline: null }));
    expect(r.signals.baselineStatus).toBe('warming');
    expect(r.signals.tradeSize.score).toBeGreaterThanOrEqual(60);
    expect(r.signals.priceImpact.score).toBeGreaterThanOrEqual(60);
  });
});
