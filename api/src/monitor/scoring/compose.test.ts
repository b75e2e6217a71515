import { describe, expect, it } from 'vitest';
import { composeScore, gatePasses, labelFor } from './compose.ts';
import { GATE, LABEL_BOUNDS, SCORING_DOCS, SIGNAL_NAMES, WEIGHTS, type SignalName } from './constants.ts';
import type { SignalResult } from './types.ts';

const set = (p: Partial<Record<SignalName, number>>, details: Partial<Record<SignalName, string>> = {}) =>
  Object.fromEntries(SIGNAL_NAMES.map((s) => [s, { score: p[s] ?? 0, facts: {}, ...(details[s] ? { detail: details[s] } : {}) } satisfies SignalResult])) as Record<SignalName, SignalResult>;

describe('constants', () => {
  it('weights sum to 100 and follow the spec', () => {
    expect(Object.values(WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
    expect(WEIGHTS).toEqual({ tradeSize: 30, priceImpact: 25, liquidity: 20, clustering: 15, timing: 5, crossMarket: 5 });
  });
  it('label bounds: Low < 30 ≤ Medium < 55 ≤ High < 75 ≤ Critical, High just above the gate cap', () => {
    expect(LABEL_BOUNDS).toEqual({ MEDIUM: 30, HIGH: 55, CRITICAL: 75 });
    expect(GATE.cap).toBeLessThan(LABEL_BOUNDS.HIGH);
  });
  it('exports the documentation as plain serialisable data', () => {
    const json = JSON.parse(JSON.stringify(SCORING_DOCS));
    expect(json.weights.tradeSize).toBe(30);
    expect(Object.keys(json.signals)).toEqual([...SIGNAL_NAMES]);
    expect(json.labels.map((l: { label: string }) => l.label)).toEqual(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
    expect(json.gate.explanation).toMatch(/54\.99/);
  });
});

describe('composite and labels', () => {
  it('is the weighted sum', () => {
    const all = composeScore(set({ tradeSize: 100, priceImpact: 100, liquidity: 100, clustering: 100, timing: 100, crossMarket: 100 }));
    expect(all.composite).toBe(100);
    expect(all.label).toBe('CRITICAL');
    expect(composeScore(set({})).composite).toBe(0);
    expect(composeScore(set({ tradeSize: 100, priceImpact: 40 })).composite).toBe(40);
  });
  it('labels at the bounds', () => {
    expect(labelFor(0)).toBe('LOW');
    expect(labelFor(29.99)).toBe('LOW');
    expect(labelFor(30)).toBe('MEDIUM');
    expect(labelFor(54.99)).toBe('MEDIUM');
    expect(labelFor(55)).toBe('HIGH');
    expect(labelFor(74.99)).toBe('HIGH');
    expect(labelFor(75)).toBe('CRITICAL');
    expect(labelFor(100)).toBe('CRITICAL');
  });
  it('clamps out-of-range and NaN sub-scores', () => {
    const r = composeScore(set({ tradeSize: 250, priceImpact: Number.NaN, liquidity: -5 }));
    expect(r.subScores.tradeSize).toBe(100);
    expect(r.subScores.priceImpact).toBe(0);
    expect(r.subScores.liquidity).toBe(0);
  });
});

describe('confirmation gate', () => {
  it('primary 59.9 + every secondary at 100 → capped at 54.99', () => {
    const r = composeScore(set({ tradeSize: 59.9, liquidity: 100, clustering: 100, timing: 100, crossMarket: 100 }));
    expect(r.gatePassed).toBe(false);
    expect(r.rawComposite).toBeCloseTo(62.97, 2);
    expect(r.composite).toBe(54.99);
    expect(r.label).toBe('MEDIUM');
    expect(r.capped).toBe(true);
  });
  it('primary 60 + secondary 40 → not capped', () => {
    const r = composeScore(set({ tradeSize: 60, liquidity: 40 }));
    expect(r.gatePassed).toBe(true);
    expect(r.composite).toBe(26);
    const high = composeScore(set({ priceImpact: 60, clustering: 40, tradeSize: 100, liquidity: 100 }));
    expect(high.gatePassed).toBe(true);
    expect(high.composite).toBe(30 + 15 + 20 + 6);
  });
  it('the other primary counts as the secondary; a primary alone does not', () => {
    expect(gatePasses({ tradeSize: 60, priceImpact: 40, liquidity: 0, clustering: 0, timing: 0, crossMarket: 0 })).toBe(true);
    expect(gatePasses({ tradeSize: 40, priceImpact: 60, liquidity: 0, clustering: 0, timing: 0, crossMarket: 0 })).toBe(true);
    expect(gatePasses({ tradeSize: 100, priceImpact: 39.99, liquidity: 39.99, clustering: 39.99, timing: 39.99, crossMarket: 39.99 })).toBe(false);
    expect(gatePasses({ tradeSize: 0, priceImpact: 0, liquidity: 100, clustering: 100, timing: 100, crossMarket: 100 })).toBe(false);
  });
  it('does not cap warming-up markets (their signals already use priors), and says they are warming up', () => {
    const r = composeScore(set({ tradeSize: 100, priceImpact: 100, liquidity: 100 }), { baselineStatus: 'warming' });
    expect(r.gatePassed).toBe(true);
    expect(r.composite).toBe(75);
    expect(r.explanation).toMatch(/warming up/);
  });
});

describe('explanation', () => {
  it('mentions the firing signals in order of contribution, as one sentence', () => {
    const r = composeScore(
      set({ tradeSize: 100, priceImpact: 80, liquidity: 70, clustering: 10 }, {
        tradeSize: 'a 4,200-contract YES trade was 38× this market\'s median trade size',
        priceImpact: 'the price jumped 12¢ (41¢ → 53¢) in 15 minutes against a typical 1¢ move',
        liquidity: "the book's depth fell 70% below its 7-day median",
        clustering: 'should not appear',
      }),
    );
    expect(r.explanation).toBe("A 4,200-contract YES trade was 38× this market's median trade size; the price jumped 12¢ (41¢ → 53¢) in 15 minutes against a typical 1¢ move; the book's depth fell 70% below its 7-day median.");
  });
  it('says activity is in line when nothing fired', () => {
    expect(composeScore(set({ tradeSize: 20, priceImpact: 10 })).explanation).toMatch(/^Activity is in line with this market’s own history/);
  });
  it('notes the gate when signals fired but were not confirmed', () => {
    const r = composeScore(set({ liquidity: 100 }, { liquidity: "the book's depth fell 95% below its 7-day median" }));
    expect(r.explanation).toMatch(/^The book's depth fell 95% .*No second signal confirms it/);
  });
});
