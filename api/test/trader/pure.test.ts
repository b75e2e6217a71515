// Fees, scanner criteria, book walking, breakers and metrics: pure functions, tested directly.
import fc from 'fast-check';
import { feeCents } from '@sentinel/exchange';
import { describe, expect, it } from 'vitest';
import type { BookLevel } from '../../src/kalshi/index.ts';
import { walkBook } from '../../src/trader/execution/book.ts';
import { splitOrderFee, toV2 } from '../../src/trader/execution/venue.ts';
import { expectedValueMicros, feeAt, multiplierFrom, orderFeeMicros } from '../../src/trader/fees.ts';
import { calibration, maxDrawdownMicros, stats } from '../../src/trader/reports/metrics.ts';
import { evaluateBreakers, firstStopPerPosition } from '../../src/trader/risk/breakers.ts';
import { rewardToRiskPpm } from '../../src/trader/risk/limits.ts';
import { previousMonth } from '../../src/trader/reports/monthly.ts';
import { checkBook, preQualify, type MarketRow } from '../../src/trader/scanner/criteria.ts';
import { settlementPnl } from '../../src/trader/positions/resolution.ts';
import { exitLimit, stopVerdict } from '../../src/trader/positions/stop-loss.ts';
import { DEFAULT_TRADER_PARAMS } from '../../src/trader/settings.ts';

const lvl = (p: string, c: string): BookLevel => ({ price_dollars: p, count_fp: c, price_micros: BigInt(Math.round(Number(p) * 1e6)), count_centi: BigInt(Math.round(Number(c) * 100)) });
const Q = { feeType: 'quadratic', multiplier10k: 10_000n };

describe('fees', () => {
  it('match the local exchange (Kalshi\'s schedule) for every type, price and size', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('quadratic', 'quadratic_with_maker_fees', 'flat', 'quadratic_with_combo_maker_fees'),
        fc.constantFrom<'taker' | 'maker'>('taker', 'maker'),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 9999 }),
        (type, role, mult1000, cc, pips) => {
          const ours = orderFeeMicros({ feeType: type, multiplier10k: BigInt(mult1000 * 10) }, [{ countCenti: BigInt(cc), priceMicros: BigInt(pips * 100) }], role);
          expect(ours).toBe(BigInt(feeCents(type, role, mult1000, cc, pips)) * 10_000n);
        },
      ),
      { numRuns: 500 },
    );
  });
  it('known values: 100 contracts at 0.90 pay 0.07 × 100 × 0.9 × 0.1 = $0.63', () => {
    expect(feeAt(Q, 10_000n, 900_000n)).toBe(630_000n);
    expect(feeAt(Q, 100n, 500_000n)).toBe(20_000n); // 1.75¢ rounds up to 2¢
    expect(feeAt({ feeType: 'quadratic', multiplier10k: 5_000n }, 10_000n, 900_000n)).toBe(320_000n);
  });
  it('rounds once per order, and split fees add up to the order fee', () => {
    const fills = [{ countCenti: 150n, priceMicros: 900_000n }, { countCenti: 250n, priceMicros: 910_000n }];
    const parts = splitOrderFee(Q, fills);
    expect(parts.reduce((a, b) => a + b, 0n)).toBe(orderFeeMicros(Q, fills));
  });
  it('expected value is exact and turns negative when probability equals the price', () => {
    expect(expectedValueMicros(Q, 1000n, 900_000n, 900_000n).evMicros).toBeLessThan(0n);
    const ev = expectedValueMicros(Q, 1000n, 900_000n, 990_000n);
    expect(ev).toEqual({ evMicros: 9_900_000n - 9_000_000n - 70_000n, costMicros: 9_000_000n, feeMicros: 70_000n });
  });
  it('parses multipliers exactly', () => {
    expect(multiplierFrom('1')).toBe(10_000n);
    expect(multiplierFrom('0.5')).toBe(5_000n);
    expect(multiplierFrom(1.25)).toBe(12_500n);
  });
});

const now = new Date('2026-11-21T12:00:00Z');
const row = (o: Partial<MarketRow> = {}): MarketRow => ({
  ticker: 'T-1', title: 't', category: 'c', seriesTicker: 'T', status: 'active', closeTime: new Date(now.getTime() + 86_400_000),
  yesBidMicros: 880_000n, yesAskMicros: 900_000n, lastPriceMicros: null, latestLabel: null, fee: Q, ...o,
});

describe('scanner criteria', () => {
  const p = DEFAULT_TRADER_PARAMS;
  it('YES band, NO band, and each failing stage', () => {
    expect(preQualify(row(), p, now)).toMatchObject({ ok: true, side: 'YES' });
    expect(preQualify(row({ yesAskMicros: 850_000n }), p, now)).toMatchObject({ ok: true, side: 'YES' });
    expect(preQualify(row({ yesAskMicros: 990_000n, yesBidMicros: 970_000n }), p, now)).toMatchObject({ ok: false, stage: 'odds' });
    expect(preQualify(row({ yesAskMicros: 30_000n, yesBidMicros: 20_000n }), p, now)).toMatchObject({ ok: true, side: 'NO' });
    expect(preQualify(row({ yesAskMicros: 500_000n, yesBidMicros: 480_000n }), p, now)).toMatchObject({ ok: false, stage: 'odds' });
    expect(preQualify(row({ status: 'closed' }), p, now)).toMatchObject({ ok: false, stage: 'active' });
    expect(preQualify(row({ closeTime: new Date(now.getTime() + 3 * 86_400_000) }), p, now)).toMatchObject({ ok: false, stage: 'closingSoon' });
    expect(preQualify(row({ yesAskMicros: null, yesBidMicros: 0n }), p, now)).toMatchObject({ ok: false, stage: 'validPrices' });
  });
  it('depth counts only executable asks up to our limit, and re-checks the band on the live book', () => {
    const book = { yes: [lvl('0.85', '100')], no: [lvl('0.05', '1000'), lvl('0.08', '10'), lvl('0.10', '3000')] };
    // YES asks: 0.90 ×3000, 0.92 ×10, 0.95 ×1000; limit = 0.90 + 0.02 = 0.92
    const v = checkBook('YES', book, { ...p, minDepthMicros: 0n });
    expect(v).toMatchObject({ ok: true, priceMicros: 900_000n, limitMicros: 920_000n, depthMicros: 2_700_000_000n + 9_200_000n });
    expect(checkBook('YES', book, p)).toMatchObject({ ok: true });
    expect(checkBook('YES', { yes: [], no: [lvl('0.10', '100')] }, p)).toMatchObject({ ok: false, stage: 'depth' });
    expect(checkBook('YES', { yes: [], no: [lvl('0.30', '100000')] }, p)).toMatchObject({ ok: false, stage: 'odds' });
  });
  it('walks the book at the limit for buys and sells', () => {
    const book = { yes: [lvl('0.70', '5'), lvl('0.75', '3')], no: [lvl('0.05', '4'), lvl('0.08', '2')] };
    expect(walkBook(book, { side: 'YES', action: 'BUY', limitMicros: 950_000n, countCenti: 1000n })).toEqual([{ priceMicros: 920_000n, countCenti: 200n }, { priceMicros: 950_000n, countCenti: 400n }]);
    expect(walkBook(book, { side: 'YES', action: 'SELL', limitMicros: 720_000n, countCenti: 500n })).toEqual([{ priceMicros: 750_000n, countCenti: 300n }]);
    expect(walkBook(book, { side: 'NO', action: 'BUY', limitMicros: 300_000n, countCenti: 100n })).toEqual([{ priceMicros: 250_000n, countCenti: 100n }]);
  });
  it('maps to V2 directions with the YES-leg price', () => {
    expect(toV2({ side: 'YES', action: 'BUY', limitMicros: 920_000n })).toEqual({ side: 'bid', yesPriceMicros: 920_000n });
    expect(toV2({ side: 'NO', action: 'BUY', limitMicros: 990_000n })).toEqual({ side: 'ask', yesPriceMicros: 10_000n });
    expect(toV2({ side: 'YES', action: 'SELL', limitMicros: 700_000n })).toEqual({ side: 'ask', yesPriceMicros: 700_000n });
    expect(toV2({ side: 'NO', action: 'SELL', limitMicros: 700_000n })).toEqual({ side: 'bid', yesPriceMicros: 300_000n });
  });
});

describe('positions', () => {
  it('stop-loss triggers below the threshold, exits at whole cents and never below the floor', () => {
    const p = { stopLossMicros: 800_000n, stopLossFloorMicros: 700_000n, maxSlippageMicros: 20_000n };
    const v = (bid: bigint | null, marketStatus: string | null = 'active', tradingActive = true) => stopVerdict({ heldBidMicros: bid, marketStatus, tradingActive }, p);
    expect(v(790_000n)).toEqual({ kind: 'sell', bidMicros: 790_000n, limitMicros: 770_000n });
    expect(v(715_000n)).toEqual({ kind: 'sell', bidMicros: 715_000n, limitMicros: 700_000n });
    expect(v(800_000n)).toEqual({ kind: 'hold' });
    expect(v(650_000n)).toEqual({ kind: 'below-floor', bidMicros: 650_000n });
    // No bid, a closed or a halted market: a data problem, never a stop.
    expect(v(null).kind).toBe('data-problem');
    expect(v(100_000n, 'closed').kind).toBe('data-problem');
    expect(v(100_000n, 'active', false).kind).toBe('data-problem');
    expect(exitLimit(195_000n, 20_000n)).toBe(170_000n);
    expect(exitLimit(15_000n, 20_000n)).toBe(10_000n);
    expect(exitLimit(720_000n, 20_000n, 710_000n)).toBe(710_000n);
  });
  it('settlement P&L is net of entry and exit fees', () => {
    expect(settlementPnl({ side: 'YES', result: 'yes', remainingCenti: 3000n, costMicros: 27_000_000n, entryFeesMicros: 190_000n, proceedsMicros: 0n, exitFeesMicros: 0n })).toMatchObject({ won: true, pnlMicros: 2_810_000n });
    expect(settlementPnl({ side: 'NO', result: 'yes', remainingCenti: 1000n, costMicros: 9_800_000n, entryFeesMicros: 10_000n, proceedsMicros: 0n, exitFeesMicros: 0n })).toMatchObject({ won: false, pnlMicros: -9_810_000n });
  });
});

describe('breakers', () => {
  const t = (i: number) => new Date(now.getTime() - i * 1000);
  const L = (i: number) => ({ status: 'LOST' as const, pnlMicros: -1n, closedAt: t(i) });
  const W = (i: number) => ({ status: 'WON' as const, pnlMicros: 1n, closedAt: t(i) });
  const params = { maxLossStreak: 5, maxStopLosses24h: 3 };
  it('trip on 5 losses in a row, not on 4 or a broken streak', () => {
    expect(evaluateBreakers({ closedNewestFirst: [L(1), L(2), L(3), L(4), L(5)], stopLossTimes: [], since: null, now }, params).trip).toBe(true);
    expect(evaluateBreakers({ closedNewestFirst: [L(1), L(2), L(3), L(4), W(5), L(6)], stopLossTimes: [], since: null, now }, params).trip).toBe(false);
  });
  it('trip on 3 stop-losses in 24 hours; only what followed the last resume counts', () => {
    expect(evaluateBreakers({ closedNewestFirst: [], stopLossTimes: [t(1), t(2), t(3)], since: null, now }, params).trip).toBe(true);
    expect(evaluateBreakers({ closedNewestFirst: [], stopLossTimes: [t(1), t(2), new Date(now.getTime() - 90_000_000)], since: null, now }, params).trip).toBe(false);
    expect(evaluateBreakers({ closedNewestFirst: [L(1), L(2), L(3), L(4), L(5)], stopLossTimes: [t(1), t(2), t(3)], since: t(2.5), now }, params).trip).toBe(false);
  });
});

describe('metrics', () => {
  const o = (status: 'WON' | 'LOST' | 'OPEN', pnl: bigint, conf: number) => ({ status, investedMicros: 10_000_000n, pnlMicros: status === 'OPEN' ? null : pnl, probability: conf, confidence: conf });
  it('win rate, ROI, Brier score, confidence buckets, drawdown', () => {
    const ts = [o('WON', 1_000_000n, 0.9), o('WON', 1_000_000n, 0.95), o('LOST', -10_000_000n, 0.92), o('OPEN', 0n, 0.9)];
    const s = stats(ts);
    expect(s).toMatchObject({ closed: 3, wins: 2, losses: 1, winRate: 0.6667, pnlMicros: -8_000_000n, investedMicros: 30_000_000n });
    expect(s.roi).toBeCloseTo(-26.667, 2);
    const c = calibration(ts);
    expect(c.brierScore).toBeCloseTo((0.01 + 0.0025 + 0.8464) / 3, 4);
    expect(c.buckets.find((b) => b.bucket === '0.90–1.00')).toMatchObject({ trades: 3, wins: 2 });
    expect(maxDrawdownMicros([5n, -3n, -4n, 2n, -1n])).toBe(7n);
  });
});

describe('real-money guards', () => {
  it('reward-to-risk after fees: the default 1% refuses 99¢ and keeps 98¢', () => {
    const fee = (price: bigint) => feeAt({ feeType: 'quadratic', multiplier10k: 10_000n }, 5_000n, price);
    const at99 = rewardToRiskPpm(5_000n, 990_000n, fee(990_000n));
    const at98 = rewardToRiskPpm(5_000n, 980_000n, fee(980_000n));
    expect(at99).toBeLessThan(DEFAULT_TRADER_PARAMS.minRewardToRiskPpm);
    expect(at98).toBeGreaterThanOrEqual(DEFAULT_TRADER_PARAMS.minRewardToRiskPpm);
    // 50 contracts at 0.99: win $0.50 − $0.04 fee for $49.54 at risk.
    expect(at99).toBe((460_000n * 1_000_000n) / 49_540_000n);
  });
  it('stop events count once per position for the breaker', () => {
    const t = (m: number) => new Date(Date.UTC(2026, 10, 18, 12, m));
    expect(firstStopPerPosition([{ positionId: 'a', triggeredAt: t(2) }, { positionId: 'a', triggeredAt: t(1) }, { positionId: 'b', triggeredAt: t(3) }])).toEqual([t(1), t(3)]);
  });
  it('months are cut at US Eastern midnight', () => {
    // 11 pm ET on Nov 30 is Dec 1 in UTC: still November, so the month before is October.
    const m = previousMonth(new Date('2026-12-01T04:00:00Z'));
    expect(m.label).toBe('October 2026');
    expect(m.start.toISOString()).toBe('2026-10-01T04:00:00.000Z');
    expect(m.end.toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(previousMonth(new Date('2026-12-01T06:00:00Z')).end.toISOString()).toBe('2026-12-01T05:00:00.000Z');
  });
});
