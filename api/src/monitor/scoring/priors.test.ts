import { describe, expect, it } from 'vitest';
import { computeBaseline } from './baseline.ts';
import { MIN_HISTORY } from './constants.ts';
import { DAY, synthMarket, withBaseline } from './fixtures.ts';
import { GENERIC_PRIOR, poolPriors } from './priors.ts';
import type { Baseline } from './types.ts';

const END = Date.UTC(2027, 0, 12, 15);
const synth = synthMarket(END - 3 * DAY, END, { seed: 5, ordersPerHour: 6 });
const base = computeBaseline({ trades: synth.trades, books: synth.books, windowStart: END - 3 * DAY, windowEnd: END });
/** A baseline of `hours` of history whose orders come clumped by `dispersion`. */
const baseline = (hours: number, dispersion: number): Baseline => withBaseline(base, { historyHours: hours, orderCount: 400, tradesPerHourDispersion: dispersion });
const market = (series: string, b: Baseline | null, category = 'Sports') => ({ series, category, baseline: b });

describe('priors pooled for warming-up markets', () => {
  it('pool the mature markets of the series, else the category, else all, else the generic values', () => {
    const mature = MIN_HISTORY.hours;
    const pools = poolPriors([
      market('KXA', baseline(mature, 2)),
      market('KXA', baseline(mature, 4)),
      market('KXA', baseline(mature, 6)),
      market('KXB', baseline(mature, 9), 'Economics'),
      market('KXC', baseline(12, 1)),
    ]);
    expect(pools.priorFor('KXA', 'Sports')).toMatchObject({ source: 'series', markets: 3, dispersion: 4 });
    // the category's one mature market is not a pool; every market's four are
    expect(pools.priorFor('KXNEW', 'Economics')).toMatchObject({ source: 'all', markets: 4 });
    expect(poolPriors([market('KXA', baseline(mature, 2))]).priorFor('KXA', 'Sports')).toBe(GENERIC_PRIOR);
  });

  it('learn only from mature markets: a day of history is not pooled, however many such markets there are', () => {
    // (pooling them after a fresh install gave priors of a 0¢ typical move, and ordinary activity reached High in
    // test/monitor/warming-up.test.ts)
    const young = [1.2, 1.4, 1.1, 1.3].map((d) => market('KXA', baseline(MIN_HISTORY.hours - 48, d)));
    expect(poolPriors(young).priorFor('KXA', 'Sports')).toBe(GENERIC_PRIOR);
    expect(poolPriors([...young, ...[5, 6, 7].map((d) => market('KXB', baseline(MIN_HISTORY.hours, d)))]).priorFor('KXA', 'Sports')).toMatchObject({ source: 'category', markets: 3, dispersion: 6 });
  });

  it('pool the hour-of-day profile hour by hour, renormalised', () => {
    const p = poolPriors([2, 3, 4].map((d) => market('KXA', baseline(MIN_HISTORY.hours, d)))).priorFor('KXA', 'Sports');
    expect(p.hourlyProfile).toHaveLength(24);
    expect(p.hourlyProfile.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 12);
  });
});
