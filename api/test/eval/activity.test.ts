// eval:monitor sizes its scenarios from each market's own orders: fills of one taker order (same
// market, timestamp and taker side) count once, as the monitor counts them.
import type { Database } from '@sentinel/db';
import { createTestDatabase } from '@sentinel/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureActivity } from '../../eval/activity.ts';

const HOUR = 3_600_000;
const to = Date.parse('2027-02-01T12:00:00Z');
const from = to - 48 * HOUR;
let db: Database;

beforeAll(async () => {
  db = await createTestDatabase();
  const p = db.prisma;
  await p.series.create({ data: { ticker: 'KXS', title: 'S', category: 'Economics' } });
  await p.event.create({ data: { eventTicker: 'KXS-27', seriesTicker: 'KXS', title: 'E', category: 'Economics' } });
  const market = (ticker: string, o: { eligible?: boolean; openTime?: Date } = {}) => ({
    ticker, eventTicker: 'KXS-27', seriesTicker: 'KXS', title: ticker, category: 'Economics', status: 'active',
    closeTime: new Date(to + 72 * HOUR), yesBid: '0.4000', yesAsk: '0.4200', volume: '0', volume24h: '0', openInterest: '0',
    eligible: o.eligible ?? true, openTime: o.openTime ?? null,
  });
  await p.market.createMany({ data: [market('KXS-27-A'), market('KXS-27-B', { openTime: new Date(to - 12 * HOUR) }), market('KXS-27-OFF', { eligible: false })] });
  let id = 0;
  const trade = (ticker: string, ms: number, count: number, side: 'yes' | 'no') => ({
    tradeId: `t${++id}`, ticker, createdTime: new Date(ms), yesPrice: '0.4100', noPrice: '0.5900', count: count.toFixed(2), takerOutcomeSide: side,
  });
  const trades = [];
  // A: 50 one-fill orders of 10, and two 300-contract orders that each swept three resting orders (three fills, one time)
  for (let i = 0; i < 50; i++) trades.push(trade('KXS-27-A', from + (i + 1) * 60_000, 10, i % 2 ? 'yes' : 'no'));
  for (const at of [100, 200]) for (let k = 0; k < 3; k++) trades.push(trade('KXS-27-A', from + at * 60_000, 100, 'yes'));
  // the same time on the other side is another order; a trade before the span is ignored
  trades.push(trade('KXS-27-A', from + 200 * 60_000, 10, 'no'));
  trades.push(trade('KXS-27-A', from - HOUR, 5000, 'yes'));
  // B opened 12 hours before the span's end; OFF is not eligible
  trades.push(trade('KXS-27-B', to - HOUR, 4, 'yes'), trade('KXS-27-OFF', to - HOUR, 4, 'yes'));
  await p.marketTrade.createMany({ data: trades });
});

afterAll(async () => {
  await db?.close();
});

describe('measureActivity', () => {
  it('counts orders, not fills, for rates and sizes', async () => {
    const byTicker = new Map((await measureActivity(db.pool, from, to)).map((a) => [a.ticker, a]));
    expect([...byTicker.keys()]).toEqual(['KXS-27-A', 'KXS-27-B']);
    const a = byTicker.get('KXS-27-A')!;
    expect(a.orders).toBe(53);
    expect(a.hours).toBe(48);
    expect(a.ordersPerHour).toBeCloseTo(53 / 48, 10);
    expect(a.medianSize).toBe(10);
    // the swept orders are of 300 each (over fills the 99th percentile would be 100)
    expect(a.p99).toBe(300);
    expect(a.mid).toBeCloseTo(0.41, 10);
    expect(a.depth).toBeNull();
  });

  it('rates a market over the hours it has been open in the span', async () => {
    const b = (await measureActivity(db.pool, from, to)).find((x) => x.ticker === 'KXS-27-B')!;
    expect(b.orders).toBe(1);
    expect(b.hours).toBe(12);
  });
});
