// The monitor as one chained pipeline, every five minutes, so scores never use stale data:
// market sync → trade tape → order books → scoring → alerts. Each step's counts are
// recorded on the job run; state that only speeds things up (last stored books, recent book
// mids) lives in memory and is rebuilt after a restart.
import type { Database } from '@sentinel/db';
import type { JobContext, JobCounts, JobDefinition } from '../../jobs/types.ts';
import type { EventBus } from '../../lib/event-bus.ts';
import type { Services } from '../../services.ts';
import { getSettings } from '../../settings/settings.queries.ts';
import { type AlertNotifier, generateAlerts } from '../alerts/generate-alerts.ts';
import { SnapshotMemory, snapshotOrderbooks } from '../ingest/orderbooks.ts';
import { ingestTrades } from '../ingest/trade-ingest.ts';
import { enrichEvents, syncMarkets } from '../sync/market-sync.ts';
import { recomputeAllBaselines } from './baselines.ts';
import { PriceMemory, scoreEligibleMarkets } from './score-cycle.ts';

export interface MonitorDeps {
  db: Pick<Database, 'prisma' | 'pool'>;
  services: Pick<Services, 'kalshi' | 'monitorBackfillHours'>;
  events?: EventBus;
  notify: AlertNotifier;
}

export function createMonitorPipeline(deps: MonitorDeps) {
  const snapshots = new SnapshotMemory();
  const prices = new PriceMemory();
  const { pool, prisma } = deps.db;
  const kalshi = deps.services.kalshi;

  async function runCycle(ctx: Pick<JobContext, 'logger' | 'now' | 'signal'>): Promise<JobCounts> {
    const io = { pool, kalshi, logger: ctx.logger, now: ctx.now, signal: ctx.signal };
    const settings = await getSettings(prisma);
    const requestsBefore = kalshi.stats.requests;
    const sync = await syncMarkets(io, settings);
    const enriched = await enrichEvents(io, 50);
    const trades = await ingestTrades(io, { backfillHours: deps.services.monitorBackfillHours });
    const { rows } = await pool.query<{ ticker: string }>('SELECT ticker FROM markets WHERE eligible');
    const books = await snapshotOrderbooks(io, rows.map((r) => r.ticker), snapshots);
    const scoredAt = ctx.now();
    const scoring = await scoreEligibleMarkets({ pool, now: () => scoredAt, events: deps.events, signal: ctx.signal }, books.books, prices);
    const alerts = await generateAlerts({ prisma, now: ctx.now, events: deps.events, notify: deps.notify }, scoring.scored, settings, scoredAt);
    return {
      marketsSynced: sync.markets,
      marketPages: sync.pages,
      eligibleMarkets: sync.eligible,
      malformedMarkets: sync.malformed,
      marketsClosed: sync.closed,
      eventsEnriched: enriched.enriched,
      tradePages: trades.pages,
      tradesSeen: trades.tradesSeen,
      tradesStored: trades.tradesStored,
      malformedTrades: trades.malformed,
      ...books.counts,
      ...scoring.counts,
      ...alerts,
      kalshiRequests: kalshi.stats.requests - requestsBefore,
    };
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
    description: 'Recompute every eligible market\'s 7-day robust baseline (median and MAD, by hour of day)',
    schedule: '40 */6 * * *',
    timezone: 'America/New_York',
    run: async (ctx) => recomputeAllBaselines(pool, ctx.now(), ctx.signal),
  };

  return { runCycle, jobs: [cycleJob, baselineJob] };
}
