// A fresh install with a day of history: every market is warming up, says so on its page, and
// ordinary activity (the exchange's own background, nothing injected) stays below High and raises
// no alert at the default settings.
import type { Database } from '@sentinel/db';
import type { RunningExchange } from '@sentinel/exchange';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../support/app.ts';
import { type MonitorWorld, startMonitorWorld } from './support.ts';

let world: MonitorWorld;
let exchange: RunningExchange;
let db: Database;
let t: TestApp;

beforeAll(async () => {
  // A weekday afternoon, a seed the other monitor tests do not use, and one day of history.
  // Every market eligible, so thin ones take part; every alert setting at its default.
  world = await startMonitorWorld({
    exchange: { markets: 400, historyDays: 1, seed: 29, startTime: '2026-11-19T20:00:00Z' },
    backfillHours: 24,
    settings: { excludedCategories: [], minVolume: 0, minOpenInterest: 0 },
  });
  ({ exchange, db } = world);
  t = await createTestApp({ db, now: () => new Date(exchange.now()) });
  await world.pipeline.runCycle(world.ctx());
  for (let i = 0; i < 12; i++) {
    await world.advance(300);
    await world.pipeline.runCycle(world.ctx());
  }
}, 240_000);

afterAll(async () => {
  await t?.close();
  await world?.close();
});

describe('a market with a day of history', () => {
  it('is scored, and ordinary activity stays below High with no alert', async () => {
    const scores = await db.prisma.marketScore.count();
    expect(scores).toBeGreaterThan(1000);
    const high = await db.prisma.marketScore.findMany({ where: { label: { in: ['HIGH', 'CRITICAL'] } }, select: { ticker: true, composite: true, explanation: true }, take: 5 });
    expect(high, JSON.stringify(high)).toEqual([]);
    const alerts = await db.prisma.alert.findMany({ select: { ticker: true, composite: true, rules: true }, take: 5 });
    expect(alerts, JSON.stringify(alerts)).toEqual([]);
  });

  it('says on its page that it is warming up, with the history it has', async () => {
    const busiest = await db.pool.query<{ ticker: string }>('SELECT ticker FROM market_trades GROUP BY ticker ORDER BY count(*) DESC LIMIT 1');
    const res = await t.app.request(`/api/markets/${busiest.rows[0]!.ticker}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { score: { baselineStatus: string } | null; baseline: Record<string, number> | null };
    expect(body.score?.baselineStatus).toBe('warming');
    expect(body.baseline?.historyHours).toBeGreaterThan(20);
    expect(body.baseline?.historyHours).toBeLessThanOrEqual(26);
  });
});
