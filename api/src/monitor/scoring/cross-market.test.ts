import { describe, expect, it } from 'vitest';
import { crossMarketScores } from './cross-market.ts';
import type { CrossMarketInput } from './types.ts';

const m = (ticker: string, s: Partial<Record<'tradeSize' | 'priceImpact' | 'liquidity' | 'clustering' | 'timing', number>>, priceChange = 0): CrossMarketInput => ({
  ticker,
  priceChange,
  signals: { tradeSize: { score: s.tradeSize ?? 0 }, priceImpact: { score: s.priceImpact ?? 0 }, liquidity: { score: s.liquidity ?? 0 }, clustering: { score: s.clustering ?? 0 }, timing: { score: s.timing ?? 0 } },
});

describe('crossMarketScores', () => {
  it('is 0 for a market alone in its event', () => {
    expect(crossMarketScores([m('A', { priceImpact: 100 }, 0.1)]).get('A')!.score).toBe(0);
    expect(crossMarketScores([]).size).toBe(0);
  });
  it('is 0 when no sibling is elevated', () => {
    const r = crossMarketScores([m('A', { priceImpact: 100 }, 0.1), m('B', { priceImpact: 10 }), m('C', { timing: 100 })]);
    expect(r.get('A')!.score).toBe(0);
  });
  it('rises with the number of elevated siblings, and more when the market itself is elevated', () => {
    const ev = [m('A', { priceImpact: 90 }, 0.1), m('B', { priceImpact: 70 }, 0.05), m('C', { clustering: 60 }, 0.02), m('D', {}, -0.01)];
    const r = crossMarketScores(ev);
    expect(r.get('A')!.score).toBe(100); // 2 elevated siblings, self elevated
    expect(r.get('D')!.score).toBe(50); // 3 elevated siblings, self not elevated
    expect(r.get('A')!.facts.movingSameWay).toBe(2);
    expect(r.get('A')!.detail).toMatch(/2 of 3 other markets in this event show unusual activity at the same time, 2 moving the same way/);
    const one = crossMarketScores([m('A', { tradeSize: 80 }, 0.1), m('B', { priceImpact: 70 }, -0.1)]);
    expect(one.get('A')!.score).toBe(50);
    expect(one.get('A')!.facts.movingOppositeWay).toBe(1);
  });
  it('stays within 0..100 with NaN inputs', () => {
    const r = crossMarketScores([m('A', { tradeSize: Number.NaN }, Number.NaN), m('B', { priceImpact: 1e9 }, 1)]);
    for (const v of r.values()) {
      expect(v.score).toBeGreaterThanOrEqual(0);
      expect(v.score).toBeLessThanOrEqual(100);
    }
  });
});
