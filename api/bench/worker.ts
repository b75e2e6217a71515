// One measured step of the benchmark, in its own process so its peak RSS is its own:
// `sync` (one full market sync) or `cycle` (warm-up, then one full monitor cycle and the
// WebSocket trade-to-alert latency). Prints one JSON line with the figures.
// The sync step loads no Prisma (the sync writes through pg alone), so its RSS is the sync's.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import pino from 'pino';
import { createKalshiClient } from '../src/kalshi/index.ts';
import { syncMarkets } from '../src/monitor/sync/market-sync.ts';
import { DEFAULT_SETTINGS } from '../src/settings/settings.schema.ts';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`bench worker needs ${name}`);
  return value;
};
const mode = process.argv[2];
const logger = pino({ level: 'silent' });
const exchangeUrl = env('BENCH_EXCHANGE_URL');
const controlUrl = env('BENCH_CONTROL_URL');
const kalshi = createKalshiClient(
  {
    apiBase: exchangeUrl,
    wsUrl: process.env.BENCH_WS_URL,
    apiKeyId: process.env.BENCH_KEY_ID,
    privateKey: process.env.BENCH_PRIVATE_KEY,
    rateLimit: { disabled: true },
  },
  logger,
);
const exchangeNow = async () => ((await (await fetch(`${controlUrl}/_exchange/clock`)).json()) as { now_ms: number }).now_ms;
const control = (path: string, body: unknown) =>
  fetch(`${controlUrl}/_exchange/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
/**
 * This process's peak RSS in MB. Linux carries getrusage's maxRSS across fork and exec, so a
 * worker spawned by a large parent (the 100k-market exchange, an embedded database) would report
 * the parent's size: VmHWM is the peak of this process's own address space.
 */
const rssMb = () => {
  let kb = process.resourceUsage().maxRSS;
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) kb = Number(hwm[1]);
  } catch {
    // not Linux: maxRSS is the best there is
  }
  return Math.round((kb / 1024) * 10) / 10;
};

async function measure<T>(fn: () => Promise<T>) {
  const started = performance.now();
  const requests = kalshi.stats.requests;
  const value = await fn();
  return { value, seconds: Math.round((performance.now() - started) / 10) / 100, requests: kalshi.stats.requests - requests };
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

if (mode === 'sync') {
  // The cycle step runs first and migrates the database; the sync step measures a second, full sweep.
  const pool = new pg.Pool({ connectionString: env('BENCH_DATABASE_URL'), max: 4 });
  const now = new Date(await exchangeNow());
  // The live heap after a collection, every 10 pages: it must not grow with the universe.
  const heaps: number[] = [];
  const gc = (globalThis as { gc?: () => void }).gc;
  const sampler = setInterval(() => {
    if (kalshi.stats.requests % 10 !== 1) return;
    gc?.();
    heaps.push(Math.round(process.memoryUsage().heapUsed / 1048576));
  }, 50);
  const run = await measure(() => syncMarkets({ pool, kalshi, logger, now: () => now }, DEFAULT_SETTINGS));
  clearInterval(sampler);
  await pool.end();
  console.log(
    JSON.stringify({
      step: 'sync',
      markets: run.value.markets,
      written: run.value.written,
      pages: run.value.pages,
      eligible: run.value.eligible,
      seconds: run.seconds,
      requests: run.requests,
      peakRssMb: rssMb(),
      heapFirstPageMb: heaps[0] ?? null,
      heapMaxMb: Math.max(...heaps),
    }),
  );
} else if (mode === 'cycle') {
  const { connectDatabase } = await import('@sentinel/db');
  const { createAlertNotifier } = await import('../src/monitor/alerts/notify.ts');
  const { startLiveFeed } = await import('../src/monitor/live/live-feed.ts');
  const { recomputeAllBaselines } = await import('../src/monitor/pipeline/baselines.ts');
  const { createMonitorPipeline } = await import('../src/monitor/pipeline/monitor-cycle.ts');
  const { updateSettings } = await import('../src/settings/settings.queries.ts');
  const database = await connectDatabase({ url: env('BENCH_DATABASE_URL'), dataDir: '', poolSize: 10 });
  await updateSettings(database.prisma, { alertThreshold: 55 });
  const pipeline = createMonitorPipeline({
    db: database,
    services: { kalshi, monitorBackfillHours: Number(process.env.BENCH_BACKFILL_HOURS ?? 6) },
    notify: createAlertNotifier({ publicUrl: 'http://bench.local' }),
  });
  const ctx = () => ({ logger, now: () => new Date(lastNow), signal: new AbortController().signal });
  let lastNow = await exchangeNow();
  const warm = await measure(() => pipeline.runCycle(ctx()));
  const baselines = await measure(() => recomputeAllBaselines(database.pool, new Date(lastNow)));
  await control('clock', { advance_s: 300 });
  lastNow = await exchangeNow();
  const cycle = await measure(() => pipeline.runCycle(ctx()));
  const counts = cycle.value;
  const result: Record<string, unknown> = {
    step: 'cycle',
    warmupSeconds: warm.seconds,
    warmupRequests: warm.requests,
    backfillTrades: warm.value.tradesStored,
    baselineSeconds: baselines.seconds,
    baselines: baselines.value.baselines,
    seconds: cycle.seconds,
    requests: cycle.requests,
    specDesignRequests: counts.eligibleMarkets! * 2,
    eligible: counts.eligibleMarkets,
    marketsSynced: counts.marketsSynced,
    tradesSeen: counts.tradesSeen,
    tradesStored: counts.tradesStored,
    marketsScored: counts.marketsScored,
    alertsCreated: counts.alertsCreated,
    peakRssMb: rssMb(),
  };

  if (process.env.BENCH_KEY_ID) {
    // Trade-to-alert latency on the WebSocket path: whales into busy eligible markets.
    const feed = startLiveFeed({
      kalshi,
      pool: database.pool,
      logger,
      now: () => new Date(Date.now() - wallOffset),
      scoreLive: pipeline.scoreLive,
      updateTopOfBook: pipeline.updateTopOfBook,
    });
    const wallOffset = Date.now() - (await exchangeNow());
    await new Promise((r) => setTimeout(r, 2000));
    const { rows } = await database.pool.query<{ ticker: string }>(
      `SELECT b.ticker FROM baselines b JOIN markets m USING (ticker) WHERE m.eligible AND m.yes_bid BETWEEN 0.15 AND 0.85
       AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.ticker = b.ticker) ORDER BY b.trade_count DESC LIMIT $1`,
      [Number(process.env.BENCH_WHALES ?? 20)],
    );
    const latencies: number[] = [];
    let missed = 0;
    for (const { ticker } of rows) {
      const injected = Date.now();
      await control('scenarios', { type: 'whale_trade', market_ticker: ticker });
      let seen = 0;
      while (Date.now() - injected < 10_000) {
        const { rowCount } = await database.pool.query('SELECT 1 FROM alerts WHERE ticker = $1', [ticker]);
        if (rowCount) {
          seen = Date.now();
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      if (seen) latencies.push(seen - injected);
      else missed += 1;
    }
    await feed.stop();
    Object.assign(result, {
      whales: rows.length,
      whalesWithoutAlert: missed,
      latencyP50Ms: percentile(latencies, 50),
      latencyP95Ms: percentile(latencies, 95),
      peakRssMb: rssMb(),
    });
  }
  console.log(JSON.stringify(result));
  await database.close();
}
process.exit(0);

