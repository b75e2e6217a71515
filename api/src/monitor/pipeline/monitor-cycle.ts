// The monitor as one chained pipeline, every five minutes, so scores never use stale data:
// market sync → trade tape → volume reconciliation → order books → scoring → alerts. Each step's counts are
// recorded on the job run; state that only speeds things up (last stored books, recent book
// mids) lives in memory and is rebuilt after a restart.
import type { Database } from '@sentinel/db';
import type { JobContext, JobCounts, JobDefinition } from '../../jobs/types.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import type { Services } from '../../services.ts';
import { getSettings } from '../../settings/settings.queries.ts';
import { type AlertNotifier, generateAlerts } from '../alerts/generate-alerts.ts';
import { SnapshotMemory, snapshotOrderbooks, summarizeBook, toBookState } from '../ingest/orderbooks.ts';
import { ingestTrades } from '../ingest/trade-ingest.ts';
import { reconcileVolumes } from '../ingest/volume-reconcile.ts';
import { closeVanishedMarkets, enrichEvents, syncMarkets } from '../sync/market-sync.ts';
import { recomputeAllBaselines } from './baselines.ts';
import type { BookState } from '../scoring/index.ts';
import { MarketMemory, scoreEligibleMarkets } from './score-cycle.ts';

export interface MonitorDeps {
  db: Pick<Database, 'prisma' | 'pool'>;
  services: Pick<Services, 'kalshi' | 'monitorBackfillHours'>;
  events?: EventBus;
  notify: AlertNotifier;
}

export function createMonitorPipeline(deps: MonitorDeps) {
  const snapshots = new SnapshotMemory();
  const memory = new MarketMemory();
  const { pool, prisma } = deps.db;
  const kalshi = deps.services.kalshi;
  /** The latest book per eligible market: this cycle's fetch, kept fresh by the WebSocket ticker feed. */
  const books = new Map<string, BookState>();

  async function runCycle(ctx: Pick<JobContext, 'logger' | 'now' | 'signal'>): Promise<JobCounts> {
    const io = { pool, kalshi, logger: ctx.logger, now: ctx.now, signal: ctx.signal };
    const settings = await getSettings(prisma);
    // Degradation shows on the jobs page: how many Kalshi calls were retried, rate limited or failed this cycle.
    const before = { ...kalshi.stats.toJSON() };
    // Markets that vanished from the sweep are closed only after the tape is read: their last
    // trades (since the previous cycle) are stored while they are still eligible.
    const sync = await syncMarkets(io, settings, { closeVanished: false });
    const enriched = await enrichEvents(io, 50);
    const trades = await ingestTrades(io, { backfillHours: deps.services.monitorBackfillHours, keepExcept: settings.excludedCategories });
    sync.closed = await closeVanishedMarkets(pool, new Date(sync.sweepStartedMs), sync.listed);
    // What the tape missed (late trades, markets outside the kept scope) comes back by ticker before scoring.
    const completeness = await reconcileVolumes(io, { startedMs: sync.sweepStartedMs, listed: sync.listed });
    const { rows } = await pool.query<{ ticker: string }>('SELECT ticker FROM markets WHERE eligible');
    const fetched = await snapshotOrderbooks(io, rows.map((r) => r.ticker), snapshots);
    books.clear();
    for (const [ticker, book] of fetched.books) books.set(ticker, book);
    const scoredAt = ctx.now();
    const scoring = await scoreEligibleMarkets({ pool, now: () => scoredAt, events: deps.events, signal: ctx.signal }, books, memory);
    const alerts = await generateAlerts({ prisma, now: ctx.now, events: deps.events, notify: deps.notify }, scoring.scored, settings, scoredAt);
    return {
      marketsSynced: sync.markets,
      marketsChanged: sync.written,
      marketPages: sync.pages,
      eligibleMarkets: sync.eligible,
      malformedMarkets: sync.malformed,
      marketsClosed: sync.closed,
      eventsEnriched: enriched.enriched,
      tradePages: trades.pages,
      tradesSeen: trades.tradesSeen,
      tradesStored: trades.tradesStored,
      malformedTrades: trades.malformed,
      ...completeness,
      ...fetched.counts,
      ...scoring.counts,
      ...alerts,
      kalshiRequests: kalshi.stats.requests - before.requests,
      kalshiRetries: kalshi.stats.retries - before.retries,
      kalshiRateLimited: kalshi.stats.rateLimited - before.rateLimited,
      kalshiServerErrors: kalshi.stats.serverErrors - before.serverErrors,
      kalshiNetworkErrors: kalshi.stats.networkErrors - before.networkErrors,
      kalshiDuplicatesDropped: kalshi.stats.duplicatesDropped - before.duplicatesDropped,
    };
  }

  /** The real-time path: rescore the markets (and their event siblings) that just traded. */
  async function scoreLive(tickers: readonly string[], now: Date): Promise<{ scored: number; alertsCreated: number }> {
    const settings = await getSettings(prisma);
    // Fresh books for the eligible markets that just traded (one request per 100): a sweep's
    // effect on depth is part of what makes it unusual.
    const eligible = tickers.filter((t) => books.has(t));
    for await (const book of kalshi.listOrderbooks(eligible)) books.set(book.ticker, toBookState(summarizeBook(book), now.getTime()));
    const scoring = await scoreEligibleMarkets({ pool, now: () => now, events: deps.events }, books, memory, tickers);
    const alerts = await generateAlerts({ prisma, now: () => now, events: deps.events, notify: deps.notify }, scoring.scored, settings, now);
    return { scored: scoring.scored.length, alertsCreated: alerts.alertsCreated };
  }

  /** Top-of-book updates from the ticker channel; depth stays as last fetched. */
  function updateTopOfBook(ticker: string, bid: number | null, ask: number | null, ts: number): void {
    const book = books.get(ticker);
    if (!book) return;
    books.set(ticker, { ...book, ts, bestYesBid: bid, bestYesAsk: ask, spread: bid !== null && ask !== null ? Math.max(0, ask - bid) : null });
  }

  const cycleJob: JobDefinition = {
    name: 'monitor-cycle',
    description: 'Sync every open market, ingest new trades from the tape, snapshot eligible books, score every eligible market and raise alerts',
    schedule: '*/5 * * * *',
    timezone: 'America/New_York',
    run: (ctx) => runCycle(ctx),
  };

  const baselineJob: JobDefinition = {
    name: 'baselines',
    description: 'Recompute every eligible market\'s robust baseline over the history observed, up to 7 days (median and MAD, size quantiles, by hour of day)',
    schedule: '40 */6 * * *',
    timezone: 'America/New_York',
    run: async (ctx) => recomputeAllBaselines(pool, ctx.now(), ctx.signal),
  };

  return { runCycle, scoreLive, updateTopOfBook, jobs: [cycleJob, baselineJob] };
}
