// Completeness against the local exchange at the app's default settings: a trade that reaches
// the tape later than the ingest's overlap is found by volume reconciliation and backfilled by
// ticker; a market that becomes eligible already has its earlier trades (kept before it was
// eligible, or, for one that was in an excluded category, backfilled over its life); backfills
// stay within a per-pass request budget, biggest gaps first; the per-cycle counts say so, and
// rerunning changes nothing.
import type { Database } from '@sentinel/db';
import type { RunningExchange } from '@sentinel/exchange';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRADE_OVERLAP_SECONDS, ingestTrades } from '../../src/monitor/ingest/trade-ingest.ts';
import { reconcileVolumes } from '../../src/monitor/ingest/volume-reconcile.ts';
import { syncMarkets } from '../../src/monitor/sync/market-sync.ts';
import { getSettings, updateSettings } from '../../src/settings/settings.queries.ts';
import { DEFAULT_SETTINGS } from '../../src/settings/settings.schema.ts';
import { type MonitorWorld, startMonitorWorld, silentLogger } from './support.ts';

let world: MonitorWorld;
let exchange: RunningExchange;
let db: Database;
let pipeline: MonitorWorld['pipeline'];
let kalshi: MonitorWorld['kalshi'];
const ctx = () => world.ctx();
const advance = (seconds: number) => world.advance(seconds);
/** Every trade the exchange lists for one market since `minTs` (seconds), by ticker. */
async function exchangeTrades(ticker: string, minTs = 0): Promise<{ trade_id: string; count_fp: string }[]> {
  const out: { trade_id: string; count_fp: string }[] = [];
  let cursor = '';
  do {
    const page = (await fetch(`${exchange.url}/markets/trades?ticker=${ticker}&min_ts=${minTs}&limit=1000&cursor=${cursor}`).then((r) => r.json())) as {
      trades: { trade_id: string; count_fp: string }[];
      cursor: string;
    };
    out.push(...page.trades);
    cursor = page.cursor;
  } while (cursor);
  return out;
}
async function storedIds(ticker: string): Promise<Set<string>> {
  const { rows } = await db.pool.query<{ trade_id: string }>('SELECT trade_id FROM market_trades WHERE ticker = $1', [ticker]);
  return new Set(rows.map((r) => r.trade_id));
}

beforeAll(async () => {
  // The clock moves only when the test advances it, so no trade lands between two steps unseen.
  world = await startMonitorWorld({ exchange: { markets: 600, historyDays: 2, seed: 7, speed: 0, startTime: '2026-11-18T20:00:00Z' }, backfillHours: 48 });
  ({ exchange, db, pipeline, kalshi } = world);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe('trade completeness at the default settings', () => {
  it('finds no gap where the tape was complete, and keeps trades of markets not yet eligible', async () => {
    const first = await pipeline.runCycle(ctx());
    expect(first.eligibleMarkets).toBeGreaterThan(0);
    expect(first.gapsFound).toBe(0);
    await advance(300);
    const second = await pipeline.runCycle(ctx());
    expect(second.gapsFound).toBe(0);
    expect(second.tradesBackfilled).toBe(0);
    expect(second.marketsReconciled).toBeGreaterThan(0);

    // A market below the volume threshold (not excluded) keeps its trades before it is eligible.
    const { rows } = await db.pool.query<{ ticker: string; n: string }>(
      `SELECT m.ticker, count(t.trade_id) AS n FROM markets m JOIN market_trades t USING (ticker)
       WHERE NOT m.eligible AND m.status = 'active' AND m.category <> ALL($1::text[])
       GROUP BY m.ticker ORDER BY count(t.trade_id) DESC LIMIT 1`,
      [DEFAULT_SETTINGS.excludedCategories],
    );
    const ineligible = rows[0]!;
    const watchedFrom = Math.floor((exchange.now() - 48 * 3600_000) / 1000);
    const listed = await exchangeTrades(ineligible.ticker, watchedFrom + 1);
    const stored = await storedIds(ineligible.ticker);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((t) => stored.has(t.trade_id))).toBe(true);
    // Once it is eligible (here: a lower volume threshold), its history is already there, complete.
    expect((await db.prisma.market.findUniqueOrThrow({ where: { ticker: ineligible.ticker } })).eligibilityReason).toMatch(/^(volume|open interest) /);
    await updateSettings(db.prisma, { minVolume: 0, minOpenInterest: 0 });
    await advance(60);
    const widened = await pipeline.runCycle(ctx());
    expect(widened.eligibleMarkets).toBeGreaterThan(second.eligibleMarkets!);
    expect(widened.gapsFound).toBe(0);
    expect((await db.prisma.market.findUniqueOrThrow({ where: { ticker: ineligible.ticker } })).eligible).toBe(true);
    expect((await storedIds(ineligible.ticker)).size).toBeGreaterThanOrEqual(listed.length);
    await updateSettings(db.prisma, { minVolume: DEFAULT_SETTINGS.minVolume, minOpenInterest: DEFAULT_SETTINGS.minOpenInterest });
    // Excluded categories are not kept.
    const sports = await db.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM market_trades t JOIN markets m USING (ticker) WHERE m.category = ANY($1::text[])`,
      [DEFAULT_SETTINGS.excludedCategories],
    );
    expect(Number(sports.rows[0]!.n)).toBe(0);
  }, 120_000);

  it('backfills a trade the tape delivered later than the overlap, once', async () => {
    const { rows } = await db.pool.query<{ ticker: string }>(`SELECT ticker FROM markets WHERE eligible ORDER BY volume DESC LIMIT 1 OFFSET 3`);
    const ticker = rows[0]!.ticker;
    await advance(300);
    await pipeline.runCycle(ctx());
    // The next trade of this market shows on the tape with a time already 10 minutes old: the
    // tape's re-read (2 minutes before the watermark) never reaches it.
    const late = exchange.engine.storeTrade(exchange.engine.u.marketByTicker.get(ticker)!, exchange.now() - 600_000, 4_321_00, 5500, 0, null);
    expect(600).toBeGreaterThan(TRADE_OVERLAP_SECONDS); // older than the tape's re-read
    await advance(300);
    const counts = await pipeline.runCycle(ctx());
    expect(counts.gapsFound).toBe(1);
    expect(counts.gapsFilled).toBe(1);
    expect(counts.tradesBackfilled).toBe(1);
    expect(counts.backfillRequests).toBe(1);
    const trade = await db.prisma.marketTrade.findUniqueOrThrow({ where: { tradeId: late.tradeId } });
    expect(Number(trade.count)).toBe(4321);

    // Rerunning the cycle (and the next one) finds nothing more and stores nothing twice.
    const again = await pipeline.runCycle(ctx());
    expect(again.gapsFound).toBe(0);
    expect(again.tradesBackfilled).toBe(0);
    await advance(300);
    const next = await pipeline.runCycle(ctx());
    expect(next.gapsFound).toBe(0);
    const dupes = await db.pool.query<{ n: string; d: string }>('SELECT count(*) AS n, count(DISTINCT trade_id) AS d FROM market_trades');
    expect(dupes.rows[0]!.n).toBe(dupes.rows[0]!.d);
  }, 120_000);

  it('reaches further back for a trade hours late', async () => {
    const { rows } = await db.pool.query<{ ticker: string }>(`SELECT ticker FROM markets WHERE eligible ORDER BY volume DESC LIMIT 1 OFFSET 5`);
    const ticker = rows[0]!.ticker;
    const late = exchange.engine.storeTrade(exchange.engine.u.marketByTicker.get(ticker)!, exchange.now() - 2 * 3600_000, 1_234_00, 4500, 1, null);
    await advance(300);
    // The first read covers 10 minutes before the market's cursor: not enough.
    const first = await pipeline.runCycle(ctx());
    expect([first.gapsFound, first.gapsFilled, first.tradesBackfilled]).toEqual([1, 0, 0]);
    // The next reaches 6 hours back.
    await advance(300);
    const second = await pipeline.runCycle(ctx());
    expect([second.gapsFound, second.gapsFilled, second.tradesBackfilled]).toEqual([1, 1, 1]);
    expect(await db.prisma.marketTrade.count({ where: { tradeId: late.tradeId } })).toBe(1);
    await advance(300);
    expect((await pipeline.runCycle(ctx())).gapsFound).toBe(0);
  }, 120_000);

  it('spends a bounded budget per pass, biggest gaps first', async () => {
    await pipeline.runCycle(ctx());
    await advance(60);
    const { rows } = await db.pool.query<{ ticker: string }>(`SELECT ticker FROM markets WHERE eligible ORDER BY volume DESC LIMIT 3 OFFSET 8`);
    const sizes = [100, 300, 200];
    const late = rows.map((r, i) =>
      exchange.engine.storeTrade(exchange.engine.u.marketByTicker.get(r.ticker)!, exchange.now() - 300_000, sizes[i]! * 100, 5000, 0, null),
    );
    // The cycle's steps by hand, with a budget of one request per reconciliation pass.
    const io = { pool: db.pool, kalshi, logger: silentLogger, now: () => new Date(exchange.now()) };
    const settings = await getSettings(db.prisma);
    const sync = await syncMarkets(io, settings, { closeVanished: false });
    await ingestTrades(io, { backfillHours: 48, keepExcept: settings.excludedCategories });
    const sweep = { startedMs: sync.sweepStartedMs, listed: sync.listed };
    const stored = async (i: number) => db.prisma.marketTrade.count({ where: { tradeId: late[i]!.tradeId } });
    const first = await reconcileVolumes(io, sweep, 1);
    expect([first.gapsFound, first.gapsFilled, first.backfillRequests]).toEqual([3, 1, 1]);
    expect([await stored(0), await stored(1), await stored(2)]).toEqual([0, 1, 0]);
    const second = await reconcileVolumes(io, sweep, 1);
    expect([second.gapsFound, second.gapsFilled]).toEqual([2, 1]);
    expect(await stored(2)).toBe(1);
    const third = await reconcileVolumes(io, sweep);
    expect([third.gapsFound, third.gapsFilled, third.tradesBackfilled]).toEqual([1, 1, 1]);
    expect((await reconcileVolumes(io, sweep)).gapsFound).toBe(0);
  }, 120_000);

  it('backfills the life of a young market that becomes eligible from an excluded category', async () => {
    // Sports markets that opened after the tape began and have traded: none of their trades was kept.
    const { rows } = await db.pool.query<{ ticker: string; volume: string }>(
      `SELECT ticker, volume::text FROM markets
       WHERE category = ANY($1::text[]) AND status = 'active' AND open_time >= (SELECT value::timestamptz FROM sync_cursors WHERE key = 'trades:since')
         AND volume >= $2 AND open_interest >= $3
       ORDER BY volume DESC`,
      [DEFAULT_SETTINGS.excludedCategories, DEFAULT_SETTINGS.minVolume, DEFAULT_SETTINGS.minOpenInterest],
    );
    expect(rows.length).toBeGreaterThan(0);
    await updateSettings(db.prisma, { excludedCategories: [] });
    await advance(300);
    const counts = await pipeline.runCycle(ctx());
    expect(counts.gapsFound).toBeGreaterThanOrEqual(rows.length);
    expect(counts.gapsFilled).toBeGreaterThan(0);
    expect(counts.tradesBackfilled).toBeGreaterThan(0);
    // Biggest first: the busiest young market is complete over its whole life.
    const ticker = rows[0]!.ticker;
    const listed = await exchangeTrades(ticker);
    const stored = await storedIds(ticker);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((t) => stored.has(t.trade_id))).toBe(true);
    await updateSettings(db.prisma, { excludedCategories: DEFAULT_SETTINGS.excludedCategories });
  }, 120_000);
});
