// A whole monitor to point a browser at: the local Kalshi-compatible exchange, the real API
// (embedded database) serving the built SPA, and the monitor pipeline run against the
// exchange exactly as api/test/monitor/pipeline.test.ts runs it, sharing the API's event bus
// so the dashboard's live stream sees every score and alert.
import { createTestDatabase } from '@sentinel/db/testing';
import { type RunningExchange, startExchange } from '@sentinel/exchange';
import pino from 'pino';
import { createKalshiClient } from '../../../api/src/kalshi/index.ts';
import { createLocalLock } from '../../../api/src/jobs/locks.ts';
import { type Scheduler, createScheduler } from '../../../api/src/jobs/scheduler.ts';
import { EventBus } from '../../../api/src/lib/event-bus.ts';
import { createAlertNotifier } from '../../../api/src/monitor/alerts/notify.ts';
import { createMonitorPipeline } from '../../../api/src/monitor/pipeline/monitor-cycle.ts';
import { retentionJob } from '../../../api/src/retention/retention.job.ts';
import { updateSettings } from '../../../api/src/settings/settings.queries.ts';
import { startTestServer } from '../../../api/test/support/app.ts';

export interface MonitorEnvOptions {
  webDir: string;
  markets?: number;
  seed?: number;
  /** Five-minute cycles before the baselines job runs (13: an hour of book history). */
  warmupCycles?: number;
}

export type MonitorEnv = Awaited<ReturnType<typeof startMonitorEnv>>;

export async function startMonitorEnv(options: MonitorEnvOptions) {
  const logger = pino({ level: 'silent' });
  // A fixed weekday afternoon: what a whale scores depends on the hour (the day's volume and book
  // depth that the baselines learn, off-hours timing), so the test does not depend on the clock.
  const exchange: RunningExchange = await startExchange({ markets: options.markets ?? 300, historyDays: 2, seed: options.seed ?? 11, startTime: '2026-11-18T21:30:00Z' });
  const events = new EventBus();
  // The API's clock is the exchange's, so "alerts in the past 24 hours" and relative times agree.
  const now = () => new Date(exchange.now());
  const db = await createTestDatabase();

  const kalshi = createKalshiClient(
    { apiBase: exchange.url, rateLimit: { disabled: true }, retry: { attempts: 5, baseDelayMs: 5, maxDelayMs: 50 } },
    logger,
  );
  // Every market eligible; the alert rules stay at their defaults.
  await updateSettings(db.prisma, {
    excludedCategories: [],
    minVolume: 0,
    minOpenInterest: 0,
    alertEmails: ['ops@example.com'],
  });
  const pipeline = createMonitorPipeline({
    db,
    services: { kalshi, monitorBackfillHours: 48 },
    events,
    notify: createAlertNotifier({ publicUrl: 'http://sentinel.test' }),
  });
  // Never started (no cron ticks): the test drives the cycles, and Settings can "Run now".
  const scheduler: Scheduler = createScheduler({
    prisma: db.prisma,
    lock: createLocalLock(),
    logger,
    jobs: [...pipeline.jobs, retentionJob],
    now,
  });
  // The API on the same database, with the shared-read cache the real app runs with (src/index.ts).
  const server = await startTestServer({ webDir: options.webDir, db, events, scheduler, now, readCacheMs: 2_000 });

  async function advance(seconds: number) {
    const response = await fetch(`${exchange.baseUrl}/_exchange/clock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ advance_s: seconds }),
    });
    if (!response.ok) throw new Error(`clock advance failed: ${response.status}`);
  }

  async function run(job: 'monitor-cycle' | 'baselines') {
    const outcome = await scheduler.runNow(job);
    if (outcome.status !== 'SUCCEEDED') throw new Error(`${job}: ${JSON.stringify(outcome)}`);
    return outcome.counts;
  }

  /** A market with plenty of history and a mid price: the one the whale goes into. */
  async function pickWhaleMarket(): Promise<string> {
    const { rows } = await db.pool.query<{ ticker: string }>(
      `SELECT b.ticker FROM baselines b JOIN markets m USING (ticker)
       WHERE m.eligible AND m.yes_bid BETWEEN 0.2 AND 0.8 ORDER BY b.trade_count DESC LIMIT 1`,
    );
    const ticker = rows[0]?.ticker;
    if (!ticker) throw new Error('no market with a baseline');
    return ticker;
  }

  async function injectWhale(ticker: string) {
    const response = await fetch(`${exchange.baseUrl}/_exchange/scenarios`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'whale_trade', market_ticker: ticker }),
    });
    if (response.status !== 201) throw new Error(`whale injection failed: ${response.status}`);
  }

  /** Warms up (cycles, then baselines), injects a whale, advances 60 s and runs one more cycle. */
  async function scenario() {
    await run('monitor-cycle');
    for (let i = 0; i < (options.warmupCycles ?? 13); i++) {
      await advance(300);
      await run('monitor-cycle');
    }
    await run('baselines');
    const ticker = await pickWhaleMarket();
    await injectWhale(ticker);
    await advance(60);
    const counts = await run('monitor-cycle');
    return { ticker, counts };
  }

  return {
    exchange,
    server,
    db,
    events,
    pipeline,
    scheduler,
    url: server.url,
    advance,
    run,
    pickWhaleMarket,
    injectWhale,
    scenario,
    async close() {
      await server.close();
      await db.close();
      await exchange.close();
    },
  };
}
