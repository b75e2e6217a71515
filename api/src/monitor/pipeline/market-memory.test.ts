import { describe, expect, it } from 'vitest';
import type { ScoringTrade } from '../scoring/index.ts';
import { MarketMemory } from './score-cycle.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 18, 20, 0);
const fill = (ts: number, side: 'yes' | 'no' = 'yes', id = `${ts}${side}`): ScoringTrade => ({ tradeId: id, ts, yesPrice: 0.5, count: 1, takerSide: side });

describe('MarketMemory: a market\'s order rate over the cycles before the window', () => {
  it('counts the orders each cycle added (fills of one timestamp and side are one order), over the time the cycles covered', () => {
    const memory = new MarketMemory();
    memory.recordOrders(T0, new Map([['A', [fill(T0 - MIN)]]])); // the first cycle covers nothing: no cycle before it
    // every 5 minutes for an hour: two orders a cycle (one of them swept in three fills), and the window's older trades again
    for (let k = 1; k <= 12; k++) {
      const now = T0 + k * 5 * MIN;
      const window = [fill(now - 14 * MIN, 'no', `old${k}`), fill(now - 2 * MIN, 'yes', `a${k}`), fill(now - MIN, 'no', `b${k}-1`), fill(now - MIN, 'no', `b${k}-2`), fill(now - MIN, 'no', `b${k}-3`)];
      memory.recordOrders(now, new Map([['A', window]]));
    }
    const end = T0 + 60 * MIN;
    expect(memory.recentRate('A', end)).toEqual({ orders: 24, hours: 1 });
    // only the cycles that ended by then
    expect(memory.recentRate('A', end - 30 * MIN)).toEqual({ orders: 12, hours: 0.5 });
    // a market that never traded in them was watched all the same: a rate of 0
    expect(memory.recentRate('quiet', end)).toEqual({ orders: 0, hours: 1 });
    expect(new MarketMemory().recentRate('A', end)).toBeNull();
  });

  it('merges fills as the scoring does, whatever order the tape listed them in (taker side, then trade id)', () => {
    const memory = new MarketMemory();
    memory.recordOrders(T0, new Map());
    // one timestamp, fills listed YES, NO, YES by trade id: one YES order and one NO order
    memory.recordOrders(T0 + 5 * MIN, new Map([['A', [fill(T0 + MIN, 'yes', 'a1'), fill(T0 + MIN, 'no', 'a2'), fill(T0 + MIN, 'yes', 'a3')]]]));
    expect(memory.recentRate('A', T0 + 5 * MIN)).toEqual({ orders: 2, hours: 5 / 60 });
  });

  it('keeps two hours', () => {
    const memory = new MarketMemory();
    for (let k = 0; k <= 36; k++) memory.recordOrders(T0 + k * 5 * MIN, new Map([['A', [fill(T0 + k * 5 * MIN - MIN)]]]));
    const rate = memory.recentRate('A', T0 + 180 * MIN)!;
    expect(rate.hours).toBeCloseTo(2, 6);
    expect(rate.orders).toBe(24);
  });
});
