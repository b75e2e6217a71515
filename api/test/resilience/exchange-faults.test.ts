// A simulated day against a hostile exchange: 20% of REST calls answer 429, 5% answer 5xx,
// the WebSocket is dropped every few seconds, pages carry malformed records and repeat trades.
// Every job runs through the scheduler at its scheduled ticks (sim clock at 720×, so the day
// takes about two wall minutes), the real-time feed runs beside them, and at the end every trade
// the exchange produced for the markets the app monitors is stored exactly once, no job run was
// left unfinished, and the jobs page shows the degradation.
import type { Database } from '@sentinel/db';
import { createTestDatabase } from '@sentinel/db/testing';
import { type RunningExchange, startExchange } from '@sentinel/exchange';
import { Cron } from 'croner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiveFeed, startLiveFeed } from '../../src/monitor/live/live-feed.ts';
import { updateSettings } from '../../src/settings/settings.queries.ts';
import { type FullStack, createFullStack, exchangeControl, exchangeTrades, rsaKeyPair, sleep } from './support.ts';

const SPEED = 720;
const DAY_MS = 24 * 3600_000;
const BACKFILL_HOURS = 1;
const FAULTS = { rate429: 0.2, rate5xx: 0.05, wsDropEverySec: 4, malformedRate: 0.2, repeatTradesRate: 0.3 };

let exchange: RunningExchange;
let db: Database;
let stack: FullStack;
let feed: LiveFeed;
let simStart = 0;
let simEnd = 0;
const outcomes: { job: string; status: string }[] = [];

/** The latest cron slot of `schedule` in (from, to], if any: what the real scheduler would fire (missed slots overlap and are skipped). */
function latestSlot(schedule: string, timezone: string, from: number, to: number): Date | null {
  const cron = new Cron(schedule, { timezone, paused: true });
  let slot: Date | null = null;
  for (let next = cron.nextRun(new Date(from)); next && next.getTime() <= to; next = cron.nextRun(next)) slot = next;
  return slot;
}

beforeAll(async () => {
  const keys = rsaKeyPair();
  exchange = await startExchange({ markets: 300, historyDays: 1, seed: 31, speed: 0, keys: [{ apiKeyId: 'faults-key', publicKeyPem: keys.publicKeyPem }] });
  db = await createTestDatabase();
  stack = createFullStack(
    db,
    {
      ADMIN_TOKEN: 'faults-admin-token-0123456789',
      KALSHI_API_BASE: exchange.url,
      KALSHI_API_KEY_ID: 'faults-key',
      KALSHI_PRIVATE_KEY: keys.privateKeyPem,
      KALSHI_RATE_TIER: 'prestige',
      MONITOR_BACKFILL_HOURS: String(BACKFILL_HOURS),
      LOG_LEVEL: 'warn',
    },
    { now: () => new Date(exchange.now()) },
  );
  await updateSettings(db.prisma, { excludedCategories: [], minVolume: 0, minOpenInterest: 0 });
  await exchangeControl(exchange.baseUrl, '/faults', FAULTS, 'PUT');
}, 120_000);

afterAll(async () => {
  await feed?.stop();
  await stack?.scheduler.stop();
  await db?.close();
  await exchange?.close();
});

describe('a simulated day with 429s, 5xx, dropped sockets, malformed and repeated records', () => {
  it('runs every job at its ticks through the day, and none dies', async () => {
    simStart = exchange.now();
    const first = await stack.scheduler.runTick('monitor-cycle', new Date(simStart));
    outcomes.push({ job: 'monitor-cycle', status: first.status });
    feed = startLiveFeed({
      kalshi: stack.services.kalshi,
      pool: db.pool,
      logger: stack.deps.logger,
      now: () => new Date(exchange.now()),
      scoreLive: stack.monitor.scoreLive,
      updateTopOfBook: stack.monitor.updateTopOfBook,
    });
    await exchangeControl(exchange.baseUrl, '/clock', { speed: SPEED });
    const jobs = stack.scheduler.list();
    // From just before the start, so jobs scheduled on the start's hour (the exchange starts on the hour) run too.
    let last = simStart - 60_000;
    while (exchange.now() < simStart + DAY_MS) {
      const now = exchange.now();
      for (const job of jobs) {
        const slot = latestSlot(job.schedule, job.timezone, last, now);
        if (!slot) continue;
        const outcome = await stack.scheduler.runTick(job.name, slot);
        outcomes.push({ job: job.name, status: outcome.status });
      }
      last = now;
      await sleep(50);
    }
    // The day is over: the exchange stops, faults clear, one last cycle catches up.
    await exchangeControl(exchange.baseUrl, '/clock', { speed: 0 });
    simEnd = exchange.now();
    await feed.stop();
    await exchangeControl(exchange.baseUrl, '/faults', { rate429: 0, rate5xx: 0, wsDropEverySec: 0, malformedRate: 0, repeatTradesRate: 0 }, 'PUT');
    const last1 = await stack.scheduler.runNow('monitor-cycle');
    expect(last1.status).toBe('SUCCEEDED');

    const cycles = outcomes.filter((o) => o.job === 'monitor-cycle');
    console.log(`simulated day: ${cycles.length} monitor cycles, ${outcomes.length} job runs, outcomes ${JSON.stringify(countBy(outcomes.map((o) => `${o.job}:${o.status}`)))}`);
    expect(cycles.length).toBeGreaterThanOrEqual(40);
    expect(outcomes.some((o) => o.job === 'baselines')).toBe(true);
    expect(outcomes.some((o) => o.job === 'daily-scan')).toBe(true);
    // No run left hanging, and the scheduler still runs jobs after the day.
    expect(await db.prisma.jobRun.count({ where: { finishedAt: null } })).toBe(0);
    const stats = stack.services.kalshi.stats.toJSON();
    console.log(`kalshi client over the day: ${JSON.stringify(stats)}; live feed ${JSON.stringify(feed.stats)}`);
    expect(stats.rateLimited).toBeGreaterThan(50);
    expect(stats.serverErrors).toBeGreaterThan(10);
    expect(stats.malformedTotal).toBeGreaterThan(0);
  }, 420_000);

  it('stored every trade the exchange produced for monitored markets exactly once', async () => {
    const windowStart = Math.ceil((simStart - BACKFILL_HOURS * 3600_000) / 1000) + 1;
    const truth = await exchangeTrades(exchange.baseUrl, windowStart, Math.floor(simEnd / 1000));
    const { rows: markets } = await db.pool.query<{ ticker: string }>('SELECT ticker FROM markets');
    const monitored = new Set(markets.map((m) => m.ticker));
    const expected = new Map(truth.filter((t) => monitored.has(t.ticker)).map((t) => [t.trade_id, t]));
    const { rows: stored } = await db.pool.query<{ trade_id: string; ticker: string; count: string; yes_price: string }>(
      `SELECT trade_id, ticker, count::text, yes_price::text FROM market_trades WHERE created_time >= to_timestamp($1)`,
      [windowStart],
    );
    const storedIds = new Set(stored.map((s) => s.trade_id));
    expect(storedIds.size).toBe(stored.length);
    const missing = [...expected.keys()].filter((id) => !storedIds.has(id));
    const extra = stored.filter((s) => !expected.has(s.trade_id));
    console.log(`ground truth: ${truth.length} trades, ${expected.size} for ${monitored.size} monitored markets; stored ${stored.length}; missing ${missing.length}; extra ${extra.length}`);
    expect(expected.size).toBeGreaterThan(2000);
    expect(missing.slice(0, 10).map((id) => `${expected.get(id)!.ticker} ${expected.get(id)!.created_time}`)).toEqual([]);
    expect(extra.slice(0, 10)).toEqual([]);
    for (const s of stored.slice(0, 500)) {
      const t = expected.get(s.trade_id)!;
      expect(Number(s.count)).toBe(Number(t.count_fp));
      expect(Number(s.yes_price)).toBe(Number(t.yes_price_dollars));
    }
  });

  it('shows the degradation on the jobs page', async () => {
    const response = await stack.app.fetch(new Request('http://sentinel.test/api/jobs', { headers: stack.auth }));
    expect(response.status).toBe(200);
    const { jobs } = (await response.json()) as { jobs: { name: string; lastRun: { status: string; counts: Record<string, number> } | null; recentRuns: number; recentFailures: number }[] };
    expect(jobs.map((j) => j.name)).toContain('monitor-cycle');
    const runs = await stack.app.fetch(new Request('http://sentinel.test/api/jobs/runs?job=monitor-cycle&limit=100', { headers: stack.auth }));
    const { runs: list } = (await runs.json()) as { runs: { status: string; counts: Record<string, number>; error: string | null }[] };
    const degraded = list.filter((r) => (r.counts.kalshiRetries ?? 0) > 0 || r.status === 'FAILED');
    console.log(`jobs page: ${list.length} monitor runs listed, ${degraded.length} degraded; retries ${sum(list, 'kalshiRetries')}, 429s ${sum(list, 'kalshiRateLimited')}, 5xx ${sum(list, 'kalshiServerErrors')}, malformed trades ${sum(list, 'malformedTrades')}, failed ${list.filter((r) => r.status === 'FAILED').length}`);
    expect(sum(list, 'kalshiRetries')).toBeGreaterThan(0);
    expect(sum(list, 'kalshiRateLimited')).toBeGreaterThan(0);
    expect(sum(list, 'malformedTrades') + sum(list, 'malformedMarkets')).toBeGreaterThan(0);
    for (const r of list.filter((x) => x.status === 'FAILED')) expect(r.error).toBeTruthy();
  });
});

function countBy(items: string[]) {
  const out: Record<string, number> = {};
  for (const i of items) out[i] = (out[i] ?? 0) + 1;
  return out;
}

function sum(runs: { counts: Record<string, number> }[], key: string) {
  return runs.reduce((a, r) => a + (r.counts[key] ?? 0), 0);
}
