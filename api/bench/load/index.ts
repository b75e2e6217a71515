// `npm run bench:load -w @sentinel/api`: the dashboard under load, with the jobs running.
// Needs a real PostgreSQL (DATABASE_URL; a fresh database is created on that server and dropped).
// 1. A local exchange with N open markets (default 100,000); its markets are copied in, then 14
//    days of scores, alerts and trades are generated with bulk SQL.
// 2. The app runs as its own process (node --import tsx src/index.ts) with its jobs on, pointed
//    at the exchange: the monitor cycle syncs, ingests and scores while the load runs.
// 3. wrk (wrk.ts; Debian's `wrk`) opens C keep-alive connections on loopback (default 50, split
//    60/25/15) to the dashboard list (GET /api/markets?minLabel=MEDIUM), market detail and alerts:
//    a warm-up, a measured minute, then a soak (default 10 minutes, in one-minute runs so a drift
//    shows) with the app's RSS sampled.
//   --markets N  --connections C  --measure-seconds S  --soak-seconds S  --keep (keep the database)
//   --no-jobs (the API alone, without the jobs running)  --reuse URL (a database an earlier --keep kept)
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { connectDatabase } from '@sentinel/db';
import { createEmptyDatabase, testServerUrl } from '@sentinel/db/testing';
import { startExchange } from '@sentinel/exchange';
import { cliUsageError, parseCliOptions } from '../../src/lib/cli.ts';
import { runResources } from '../../src/lib/run-resources.ts';
import { type Target, assertWrk, runWrk } from './wrk.ts';

const DEFAULTS = { markets: '100000', connections: '50', 'measure-seconds': '60', 'soak-seconds': '600', 'scored-days': '14' };
const HELP = `npm run bench:load -w @sentinel/api [-- options]

The dashboard under load with the jobs running: 14 days of data for N markets in a fresh database
on DATABASE_URL's server (required), wrk on loopback, then a soak with the app's memory sampled.

  --markets N            open markets on the local exchange (default ${DEFAULTS.markets})
  --connections C        wrk keep-alive connections, split 60/25/15 (default ${DEFAULTS.connections})
  --measure-seconds S    the measured run (default ${DEFAULTS['measure-seconds']})
  --soak-seconds S       the soak, in one-minute runs (default ${DEFAULTS['soak-seconds']})
  --scored-days D        days of generated scores, alerts and trades (default ${DEFAULTS['scored-days']})
  --no-jobs              measure the API alone, without the jobs running
  --keep                 keep the generated database
  --reuse URL            load a database an earlier --keep kept instead of generating one
  --help                 this text`;
const parsed = parseCliOptions(
  'bench:load',
  {
    markets: { type: 'string' },
    connections: { type: 'string' },
    'measure-seconds': { type: 'string' },
    'soak-seconds': { type: 'string' },
    'scored-days': { type: 'string' },
    keep: { type: 'boolean' },
    // Measure the API alone (no monitor cycle competing for the CPU), to tell the two costs apart.
    'no-jobs': { type: 'boolean' },
    // A database kept by an earlier --keep run: skips generating the data (about 80 s).
    reuse: { type: 'string' },
  },
  HELP,
);
const values = { ...DEFAULTS, ...(parsed as Partial<typeof DEFAULTS>), keep: parsed.keep === true, 'no-jobs': parsed['no-jobs'] === true, reuse: parsed.reuse as string | undefined };
for (const name of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
  if (!/^\d+$/.test(values[name])) cliUsageError('bench:load', `--${name} must be a whole number, got "${values[name]}"`);
}
const MARKETS = Number(values.markets);
const CONNECTIONS = Number(values.connections);
const DAYS = Number(values['scored-days']);
const API_DIR = join(import.meta.dirname, '../..');

if (!testServerUrl()) {
  console.error('bench:load needs a real PostgreSQL: set DATABASE_URL (a fresh database is created on that server).');
  process.exit(1);
}

const log = (msg: string) => console.error(`[bench:load ${new Date().toISOString().slice(11, 19)}] ${msg}`);
const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
  const t = performance.now();
  const out = await fn();
  log(`${label}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return out;
};

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const reuse = values.reuse;
// Before any work: the load generator must be there.
await assertWrk();
// the generated database (unless --keep), the exchange and the app are released however the run ends
const run = runResources('bench:load');
const empty = reuse ? { url: reuse, drop: async () => {} } : await createEmptyDatabase();
run.hold(async () => {
  if (!values.keep) await empty.drop();
  else log(`kept database ${empty.url}`);
});
const db = await connectDatabase({ url: empty.url, dataDir: '', poolSize: 4 });
run.hold(() => db.close());
const exchange = await timed(`exchange with ${MARKETS} markets`, () => startExchange({ markets: MARKETS, historyDays: 1, seed: 42, speed: 1, port: 0 }));
run.hold(() => exchange.close());

// ── 1. Data ──────────────────────────────────────────────────────────────────────────────
if (!reuse) await timed('markets copied from the exchange', async () => {
  const series = ((await (await fetch(`${exchange.url}/series`)).json()) as { series: { ticker: string; title: string; category: string }[] }).series;
  await db.pool.query(
    `INSERT INTO series (ticker, title, category, updated_at) SELECT * , now() FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
    [series.map((s) => s.ticker), series.map((s) => s.title), series.map((s) => s.category || 'Other')],
  );
  const categoryOf = new Map(series.map((s) => [s.ticker, s.category || 'Other']));
  let cursor = '';
  do {
    const page = (await (await fetch(`${exchange.url}/markets?status=open&mve_filter=exclude&limit=1000${cursor ? `&cursor=${cursor}` : ''}`)).json()) as {
      markets: { ticker: string; event_ticker: string; title?: string; yes_sub_title?: string; close_time: string; volume_fp?: string; open_interest_fp?: string; yes_bid_dollars?: string; yes_ask_dollars?: string }[];
      cursor: string;
    };
    cursor = page.cursor;
    const ms = page.markets.filter((m) => categoryOf.has(m.event_ticker.split('-')[0]!));
    const seriesOf = (m: { event_ticker: string }) => m.event_ticker.split('-')[0]!;
    await db.pool.query(
      `INSERT INTO events (event_ticker, series_ticker, title, category, updated_at)
       SELECT DISTINCT ON (e) e, s, e, c, now() FROM unnest($1::text[], $2::text[], $3::text[]) AS u(e, s, c) ON CONFLICT DO NOTHING`,
      [ms.map((m) => m.event_ticker), ms.map(seriesOf), ms.map((m) => categoryOf.get(seriesOf(m))!)],
    );
    await db.pool.query(
      `INSERT INTO markets (ticker, event_ticker, series_ticker, title, yes_sub_title, category, status, close_time, yes_bid, yes_ask, volume, volume_24h, open_interest, eligible, first_seen_at, last_synced_at)
       SELECT t, e, s, ti, ys, c, 'active', ct, nullif(yb, 0), nullif(ya, 0), v, v / 20, oi, true, now(), now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::numeric[], $9::numeric[], $10::numeric[], $11::numeric[])
         AS u(t, e, s, ti, ys, c, ct, yb, ya, v, oi)
       ON CONFLICT DO NOTHING`,
      [
        ms.map((m) => m.ticker),
        ms.map((m) => m.event_ticker),
        ms.map(seriesOf),
        ms.map((m) => m.title || m.yes_sub_title || m.ticker),
        ms.map((m) => m.yes_sub_title ?? null),
        ms.map((m) => categoryOf.get(seriesOf(m))!),
        ms.map((m) => m.close_time),
        ms.map((m) => m.yes_bid_dollars ?? '0'),
        ms.map((m) => m.yes_ask_dollars ?? '0'),
        ms.map((m) => m.volume_fp ?? '0'),
        ms.map((m) => m.open_interest_fp ?? '0'),
      ],
    );
  } while (cursor);
});

if (!reuse) await timed(`${DAYS} days of scores (every 12 h for every market, hourly for the last day on 5,000)`, async () => {
  // A heavy-tailed composite: about a fifth of markets at Medium (30) or above, as a busy day looks.
  await db.pool.query(`
    INSERT INTO market_scores (ticker, scored_at, trade_size, price_impact, liquidity, clustering, timing, cross_market, composite, label, gate_passed, explanation, details)
    SELECT m.ticker, now() - (g * interval '12 hours') - (random() * interval '10 minutes'),
           r * 100, r * 80, r * 60, r * 50, r * 30, r * 20, r * 100,
           (CASE WHEN r * 100 >= 85 THEN 'CRITICAL' WHEN r * 100 >= 55 THEN 'HIGH' WHEN r * 100 >= 30 THEN 'MEDIUM' ELSE 'LOW' END)::"ScoreLabel",
           r * 100 >= 30, 'Generated for the load benchmark: trades larger than usual for this market.', '{}'::jsonb
    FROM markets m CROSS JOIN generate_series(0, ${DAYS * 2 - 1}) g CROSS JOIN LATERAL (SELECT power(random(), 3) + (g * 0) + (length(m.ticker) * 0) AS r) x`);
  await db.pool.query(`
    INSERT INTO market_scores (ticker, scored_at, trade_size, price_impact, liquidity, clustering, timing, cross_market, composite, label, gate_passed, explanation, details)
    SELECT m.ticker, now() - (g * interval '1 hour'), r * 100, r * 80, r * 60, r * 50, r * 30, r * 20, r * 100,
           (CASE WHEN r * 100 >= 85 THEN 'CRITICAL' WHEN r * 100 >= 55 THEN 'HIGH' WHEN r * 100 >= 30 THEN 'MEDIUM' ELSE 'LOW' END)::"ScoreLabel",
           r * 100 >= 30, 'Generated for the load benchmark.', '{}'::jsonb
    FROM (SELECT ticker FROM markets ORDER BY ticker LIMIT 5000) m CROSS JOIN generate_series(1, 24) g CROSS JOIN LATERAL (SELECT power(random(), 3) + (g * 0) + (length(m.ticker) * 0) AS r) x`);
  await db.pool.query(`
    UPDATE markets m SET latest_composite = s.composite, latest_label = s.label, latest_scored_at = s.scored_at
    FROM (SELECT DISTINCT ON (ticker) ticker, composite, label, scored_at FROM market_scores ORDER BY ticker, scored_at DESC) s
    WHERE s.ticker = m.ticker`);
});

if (!reuse) await timed('alerts (20,000 over the period) and trades (5,000 markets × 25 a day)', async () => {
  await db.pool.query(`
    INSERT INTO alerts (id, ticker, created_at, composite, label, explanation, dedup_key, signals, baseline, trigger_trades)
    SELECT gen_random_uuid(), m.ticker, now() - random() * interval '${DAYS} days', 55 + random() * 45,
           (CASE WHEN random() < 0.3 THEN 'CRITICAL' ELSE 'HIGH' END)::"ScoreLabel",
           'Generated alert for the load benchmark.', 'bench:' || m.ticker || ':' || g, '[]'::jsonb, '{}'::jsonb, '[]'::jsonb
    FROM (SELECT ticker FROM markets ORDER BY random() LIMIT 10000) m CROSS JOIN generate_series(1, 2) g`);
  await db.pool.query(`
    INSERT INTO market_trades (trade_id, ticker, created_time, yes_price, no_price, count, taker_outcome_side)
    SELECT 'bench-' || m.ticker || '-' || g, m.ticker, now() - random() * interval '${DAYS} days', p, 1 - p, 1 + floor(random() * 500), CASE WHEN random() < 0.5 THEN 'yes' ELSE 'no' END
    FROM (SELECT ticker FROM markets ORDER BY ticker LIMIT 5000) m CROSS JOIN generate_series(1, ${DAYS * 25}) g CROSS JOIN LATERAL (SELECT round((0.05 + random() * 0.9 + g * 0 + length(m.ticker) * 0)::numeric, 2) AS p) x`);
});
if (!reuse) await timed('VACUUM ANALYZE', () => db.pool.query('VACUUM ANALYZE'));
const counts = (
  await db.pool.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM markets) AS markets, (SELECT count(*) FROM market_scores) AS scores, (SELECT count(*) FROM alerts) AS alerts,
            (SELECT count(*) FROM market_trades) AS trades, (SELECT count(*) FROM markets WHERE latest_composite >= 30) AS medium_or_above,
            pg_size_pretty(pg_database_size(current_database())) AS size`,
  )
).rows[0]!;
log(`data: ${JSON.stringify(counts)}`);
const tickers = (await db.pool.query<{ ticker: string }>(`SELECT ticker FROM markets WHERE latest_composite >= 30 ORDER BY random() LIMIT 2000`)).rows.map((r) => r.ticker);

// ── 2. The app ───────────────────────────────────────────────────────────────────────────
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const eventLoopFile = join(tmpdir(), `bench-load-event-loop-${process.pid}.jsonl`);
const app = spawn(process.execPath, ['--import', 'tsx', '--import', join(import.meta.dirname, 'event-loop-probe.ts'), 'src/index.ts'], {
  cwd: API_DIR,
  env: {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    PORT: String(port),
    DATABASE_URL: empty.url,
    ADMIN_TOKEN: 'bench-admin-token-0123456789abcdef',
    KALSHI_API_BASE: exchange.url,
    LOG_LEVEL: 'warn',
    JOBS_ENABLED: values['no-jobs'] ? 'false' : 'true',
    NODE_ENV: 'production',
    BENCH_EVENT_LOOP_FILE: eventLoopFile,
  },
  // The app's log lines go to stderr: stdout carries only the report.
  stdio: ['ignore', 2, 2],
});
run.holdProcess(app);
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/api/health`)).ok) break;
  } catch {
    // starting
  }
  if (i > 600) throw new Error('the app did not start');
  await new Promise((r) => setTimeout(r, 100));
}
log(`app pid ${app.pid} on ${base}; first monitor cycle runs on the next five-minute tick (or now, below)`);
// Start the jobs' work right away rather than waiting for the next tick.
if (!values['no-jobs']) void fetch(`${base}/api/jobs/monitor-cycle/run`, { method: 'POST', headers: { Authorization: 'Bearer bench-admin-token-0123456789abcdef' } }).catch(() => {});

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

const targets: Target[] = [
  { name: 'dashboard', weight: 60, paths: ['/api/markets?minLabel=MEDIUM', '/api/markets?minLabel=MEDIUM&offset=50', '/api/markets?minLabel=HIGH'] },
  { name: 'marketDetail', weight: 25, paths: tickers.map((t) => `/api/markets/${encodeURIComponent(t)}`) },
  { name: 'alerts', weight: 15, paths: ['/api/alerts', '/api/alerts?label=CRITICAL', '/api/alerts?offset=50'] },
];
const wrkDir = await mkdtemp(join(tmpdir(), 'bench-load-wrk-'));
const runLoad = (seconds: number) => runWrk({ base, connections: CONNECTIONS, seconds, targets, workDir: wrkDir });

// ── 3. Load ─────────────────────────────────────────────────────────────────────────────
const report: Record<string, unknown> = { data: counts, connections: CONNECTIONS };
// How long the measured list is: the first monitor cycle re-decides eligibility from Settings
// and rescores every eligible market, replacing the generated scores, so it can shrink.
const dashboardTotal = async () =>
  ((await (await fetch(`${base}/api/markets?minLabel=MEDIUM`)).json()) as { total: number }).total;
report.dashboardTotalAtStart = await dashboardTotal();
await runLoad(15);
report.rssAfterWarmupMb = await rssMb(app.pid!);
report.measured = await timed('measured run', () => runLoad(Number(values['measure-seconds'])));
report.dashboardTotalAfterMeasured = await dashboardTotal();
log(`measured: ${JSON.stringify(report.measured)}`);

const soakSeconds = Number(values['soak-seconds']);
if (soakSeconds > 0) {
  const samples: { t: number; rssMb: number }[] = [];
  const started = Date.now();
  const sampler = setInterval(() => {
    void rssMb(app.pid!).then((rss) => samples.push({ t: Math.round((Date.now() - started) / 1000), rssMb: rss }));
  }, 15_000);
  // One-minute runs back to back: each minute's p99 shows whether latency drifts.
  const minutes: Awaited<ReturnType<typeof runLoad>>[] = [];
  await timed('soak', async () => {
    for (let left = soakSeconds; left > 0; left -= 60) minutes.push(await runLoad(Math.min(60, left)));
  });
  clearInterval(sampler);
  const sum = (f: (m: (typeof minutes)[number]) => number) => minutes.reduce((a, m) => a + f(m), 0);
  report.soak = {
    seconds: soakSeconds,
    requests: sum((m) => Object.values(m.endpoints).reduce((a, e) => a + e.requests, 0)),
    errors: sum((m) => m.errors),
    perMinute: minutes.map((m, i) => ({
      minute: i + 1,
      totalRps: m.totalRps,
      ...Object.fromEntries(Object.entries(m.endpoints).map(([name, e]) => [name, `p50 ${e.p50} / p99 ${e.p99} ms`])),
    })),
    worstMinuteP99: Object.fromEntries(targets.map((t) => [t.name, Math.max(...minutes.map((m) => m.endpoints[t.name]!.p99))])),
  };
  const firstHalf = samples.slice(0, Math.floor(samples.length / 2)).map((s) => s.rssMb);
  const secondHalf = samples.slice(Math.floor(samples.length / 2)).map((s) => s.rssMb);
  const avg = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
  report.dashboardTotalAfterSoak = await dashboardTotal();
  report.soakMemory = { samples, firstHalfAvgMb: avg(firstHalf), secondHalfAvgMb: avg(secondHalf), maxMb: Math.max(...samples.map((s) => s.rssMb)) };
}
// The app's event loop over the whole load: how long requests waited on anything synchronous.
const loop = (await readFile(eventLoopFile, 'utf8').catch(() => '')).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { p99: number; max: number });
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
report.eventLoopDelayMs = {
  windows: loop.length,
  medianWindowP99: sorted(loop.map((w) => w.p99))[Math.floor(loop.length / 2)] ?? null,
  worstWindowP99: Math.max(...loop.map((w) => w.p99)),
  max: Math.max(...loop.map((w) => w.max)),
  perWindow: loop.map((w) => `${w.p99}/${w.max}`).join(' '),
};
await rm(eventLoopFile, { force: true });
await rm(wrkDir, { recursive: true, force: true });
const jobs = await (await fetch(`${base}/api/jobs/runs?limit=20`, { headers: { Authorization: 'Bearer bench-admin-token-0123456789abcdef' } })).json();
report.jobRunsDuringLoad = (jobs as { runs: { job: string; status: string; durationMs: number | null }[] }).runs.map((r) => `${r.job} ${r.status} ${r.durationMs ?? '…'} ms`);

// Why the dashboard costs what it costs: the plan of its two queries.
const plan = await db.pool.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT)
  SELECT m.ticker FROM markets m
  WHERE m.eligible AND m.latest_composite >= 30 AND NOT EXISTS (SELECT 1 FROM market_user_states u WHERE u.ticker = m.ticker AND u.dismissed)
  ORDER BY m.latest_composite DESC, m.ticker LIMIT 50`);
report.dashboardPlan = plan.rows.map((r) => r['QUERY PLAN']);
const countPlan = await db.pool.query(`EXPLAIN (ANALYZE, FORMAT TEXT)
  SELECT count(*) FROM markets m
  WHERE m.eligible AND m.latest_composite >= 30 AND NOT EXISTS (SELECT 1 FROM market_user_states u WHERE u.ticker = m.ticker AND u.dismissed)`);
report.dashboardCountPlan = countPlan.rows.map((r) => r['QUERY PLAN']);
report.marketsTableTuples = (await db.pool.query(`SELECT n_live_tup, n_dead_tup FROM pg_stat_user_tables WHERE relname = 'markets'`)).rows[0];

console.log(JSON.stringify(report, null, 2));
run.exit(0);
