// The monitor pipeline against the local Kalshi-compatible exchange: every open market
// synced, the tape ingested exactly once, every eligible market scored, and an injected
// whale trade turned into a High-or-above score, an alert and an email in the outbox.
import type { Database } from '@sentinel/db';
import type { RunningExchange } from '@sentinel/exchange';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/settings/settings.schema.ts';
import { type MonitorWorld, startMonitorWorld } from './support.ts';

let world: MonitorWorld;
let exchange: RunningExchange;
let db: Database;
let pipeline: MonitorWorld['pipeline'];
const ctx = () => world.ctx();
const advance = (seconds: number) => world.advance(seconds);

beforeAll(async () => {
  // A fixed weekday afternoon: what a whale scores depends on the hour (the day's volume and book
  // depth that the baselines learn, off-hours timing), so the test does not depend on the clock.
  // Every market eligible; the alert threshold and every other setting stay at their defaults.
  world = await startMonitorWorld({
    exchange: { markets: 400, historyDays: 2, seed: 11, startTime: '2026-11-18T21:30:00Z' },
    backfillHours: 48,
    settings: { excludedCategories: [], minVolume: 0, minOpenInterest: 0, alertEmails: ['ops@example.com'] },
  });
  ({ exchange, db, pipeline } = world);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe('monitor pipeline against the local exchange', () => {
  it('syncs every open non-combo market and ingests the tape once', async () => {
    const counts = await pipeline.runCycle(ctx());
    const info = (await (await fetch(`${exchange.baseUrl}/_exchange/info`)).json()) as Record<string, unknown>;
    const open = await fetch(`${exchange.url}/markets?status=open&mve_filter=exclude&limit=1000`).then((r) => r.json() as Promise<{ markets: unknown[] }>);
    expect(counts.marketsSynced).toBe(open.markets.length);
    expect(await db.prisma.market.count({ where: { ticker: { startsWith: 'KXMVE' } } })).toBe(0);
    expect(counts.tradesStored).toBeGreaterThan(1000);
    expect(counts.marketsScored).toBe(counts.eligibleMarkets);
    // 1 series + 1 market page + 20 tape pages (two days) + 4 book batches + up to 50 event look-ups.
    expect(counts.kalshiRequests).toBeLessThan(80);
    expect(info).toBeTruthy();

    // Every trade the exchange produced in the backfill window for synced markets is stored exactly once.
    const stored = await db.pool.query<{ n: string; d: string }>('SELECT count(*) AS n, count(DISTINCT trade_id) AS d FROM market_trades');
    expect(stored.rows[0]!.n).toBe(stored.rows[0]!.d);

    const again = await pipeline.runCycle(ctx());
    const after = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM market_trades');
    expect(Number(after.rows[0]!.n)).toBe(Number(stored.rows[0]!.n) + again.tradesStored!);
    expect(again.tradePages).toBeLessThanOrEqual(2);
  }, 120_000);

  it('turns an injected whale trade into a High or Critical score, an alert and an email', async () => {
    // An hour of five-minute cycles builds book history, then the 6-hourly baseline job runs.
    for (let i = 0; i < 13; i++) {
      await advance(300);
      await pipeline.runCycle(ctx());
    }
    const baselineJob = pipeline.jobs.find((j) => j.name === 'baselines')!;
    await baselineJob.run({ ...ctx(), prisma: db.prisma, runId: 'test' });

    const { rows } = await db.pool.query<{ ticker: string }>(
      `SELECT b.ticker FROM baselines b JOIN markets m USING (ticker)
       WHERE m.eligible AND m.yes_bid BETWEEN 0.2 AND 0.8 ORDER BY b.trade_count DESC LIMIT 1`,
    );
    const ticker = rows[0]!.ticker;
    const injected = await fetch(`${exchange.baseUrl}/_exchange/scenarios`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'whale_trade', market_ticker: ticker }),
    });
    expect(injected.status).toBe(201);
    const whale = ((await injected.json()) as { scenario: { trade_ids: string[] } }).scenario.trade_ids[0]!;
    await advance(60);

    const counts = await pipeline.runCycle(ctx());
    const market = await db.prisma.market.findUniqueOrThrow({ where: { ticker } });
    expect(['HIGH', 'CRITICAL']).toContain(market.latestLabel);
    const score = await db.prisma.marketScore.findFirstOrThrow({ where: { ticker }, orderBy: { scoredAt: 'desc' } });
    expect(score.tradeSize).toBeGreaterThanOrEqual(60);
    expect(score.explanation.toLowerCase()).toMatch(/contract|trade/);
    const why = JSON.stringify({ composite: score.composite, tradeSize: score.tradeSize, priceImpact: score.priceImpact, liquidity: score.liquidity, clustering: score.clustering, timing: score.timing, details: score.details });
    const earlier = (await db.prisma.alert.findMany({ select: { ticker: true, createdAt: true, rules: true, composite: true }, take: 12 })).map((a) => [a.ticker, a.composite, a.rules]);
    expect(counts.alertsCreated, why + JSON.stringify(counts) + JSON.stringify(earlier)).toBeGreaterThanOrEqual(1);

    const alert = await db.prisma.alert.findFirstOrThrow({ where: { ticker } });
    expect(alert.composite).toBeGreaterThanOrEqual(DEFAULT_SETTINGS.alertThreshold);
    // The explanation names the trade: its size, side and price.
    const trade = await db.prisma.marketTrade.findUniqueOrThrow({ where: { tradeId: whale } });
    const size = Number(trade.count).toLocaleString('en-US');
    expect(alert.explanation).toContain(`${size}-contract ${trade.takerOutcomeSide.toUpperCase()} trade at`);
    expect(alert.label).toBe(market.latestLabel);
    expect((alert.triggerTrades as unknown[]).length).toBeGreaterThan(0);
    // (other markets may have alerted on rules of their own: this is the whale's email)
    const email = await db.prisma.outbox.findFirstOrThrow({ where: { kind: 'alert', dedupKey: `alert:${alert.id}:email` } });
    expect(email.recipients).toEqual(['ops@example.com']);
    expect(email.text).toContain(ticker);

    // A rerun of the same moment does not alert twice.
    await pipeline.runCycle(ctx());
    expect(await db.prisma.alert.count({ where: { ticker } })).toBe(1);
  }, 120_000);
});
