// `npm run history -- [--since DATE] [--series A,B] [--categories X,Y] [--trades]`: collects
// Kalshi's settled markets, their results and candlesticks into the app's database (see
// collect.ts). Public market data: no keys are used. Stop it at any time (even kill -9) and
// run it again: it resumes without gaps or duplicates.
import { connectDatabase, redactUrl } from '@sentinel/db';
import { loadEnv } from '../env.ts';
import { cliValueReaders, parseCliOptions } from '../lib/cli.ts';
import { createKalshiClient, type UsageTier } from '../kalshi/index.ts';
import { collectHistory, HISTORY_DEFAULTS, type CollectProgress } from './collect.ts';

const HELP = `npm run history -- [options]

Collects settled Kalshi markets (results), their candlesticks (hourly over each market's life,
1-minute over its last hours; YES bid/ask and trade-price OHLC) and optionally their trades into
the app's PostgreSQL (DATABASE_URL, else the embedded database in DATA_DIR). Kalshi host:
KALSHI_API_BASE; rate tier: KALSHI_RATE_TIER (auto = basic). Public data, no keys.
Resumable: interrupt it at any time and run it again.

  --since DATE        markets settled on or after DATE (ISO or unix seconds; default ${HISTORY_DEFAULTS.sinceDays} days ago)
  --series A,B        only these series tickers
  --categories X,Y    only series in these categories (e.g. Economics,Politics)
  --trades            also collect every trade of each market
  --minute-hours H    1-minute candles over the last H hours before close (default ${HISTORY_DEFAULTS.minuteHours}; 0 = none)
  --concurrency N     markets fetched at once (default ${HISTORY_DEFAULTS.concurrency})
  --quiet             no progress bar
  --help              this text

Exit codes: 0 done; 1 failed; 2 bad usage.`;

const fail = (code: number, msg: string): never => {
  console.error(`history: ${msg}`);
  process.exit(code);
};

const values = parseCliOptions('history', {
  since: { type: 'string' },
  series: { type: 'string' },
  categories: { type: 'string' },
  trades: { type: 'boolean' },
  'minute-hours': { type: 'string' },
  concurrency: { type: 'string' },
  quiet: { type: 'boolean' },
}, HELP);

const read = cliValueReaders('history', values);
const parseSince = (raw: string): number => {
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  const t = Date.parse(raw);
  return Number.isFinite(t) ? t : fail(2, `--since must be a date (e.g. 2026-10-01) or unix seconds, got ${raw}`);
};

const sinceMs = values.since !== undefined ? parseSince(String(values.since)) : Date.now() - HISTORY_DEFAULTS.sinceDays * 86_400_000;
const opts = {
  sinceMs,
  series: read.list('series'),
  categories: read.list('categories'),
  trades: values.trades === true,
  minuteHours: read.int('minute-hours', HISTORY_DEFAULTS.minuteHours, 0),
  concurrency: read.int('concurrency', HISTORY_DEFAULTS.concurrency, 1),
};

let config: ReturnType<typeof loadEnv>;
try {
  config = loadEnv();
} catch (err) {
  fail(2, (err as Error).message);
}

const tier: UsageTier = config!.KALSHI_RATE_TIER === 'auto' ? 'basic' : config!.KALSHI_RATE_TIER;
// Public data only: no key is passed, so nothing is signed and no account limits are read.
const kalshi = createKalshiClient({ apiBase: config!.KALSHI_API_BASE, rateLimit: { tier } });

let database: Awaited<ReturnType<typeof connectDatabase>>;
try {
  database = await connectDatabase({ url: config!.DATABASE_URL, dataDir: config!.DATA_DIR, poolSize: 4 });
} catch (err) {
  fail(1, (err as Error).message);
}

const abort = new AbortController();
let interrupted = false;
const stop = () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  abort.abort();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

const started = Date.now();
const bar = progressBar(!values.quiet, started);
console.error(
  `history: markets settled since ${new Date(sinceMs).toISOString()}` +
    `${opts.series ? `, series ${opts.series.join(',')}` : ''}${opts.categories ? `, categories ${opts.categories.join(',')}` : ''}` +
    `${opts.trades ? ', with trades' : ''}; Kalshi ${config!.KALSHI_API_BASE} (${tier} tier); database ${redactUrl(database!.url)}`,
);
let code = 0;
try {
  // Kalshi's published per-endpoint token costs (public), so the buckets match what Kalshi bills
  await kalshi.applyEndpointCosts(abort.signal).catch(() => console.error('history: could not read /account/endpoint_costs; assuming 10 tokens a request'));
  const r = await collectHistory(kalshi, database!.pool, { ...opts, signal: abort.signal, onProgress: bar.update });
  bar.end();
  const s = (Date.now() - started) / 1000;
  console.log(
    `history: ${r.listed} settled markets listed, ${r.collected} collected (${r.candles} candles${opts.trades ? `, ${r.trades} trades` : ''}) ` +
      `in ${s.toFixed(1)} s with ${r.requests} Kalshi requests (${(r.requests / Math.max(s, 0.001)).toFixed(1)}/s)` +
      `${r.malformed ? `; ${r.malformed} malformed records skipped` : ''}`,
  );
} catch (err) {
  bar.end();
  if (interrupted) {
    console.error('history: interrupted; run the same command again to resume');
    code = 130;
  } else {
    console.error(`history: ${(err as Error).message}`);
    code = 1;
  }
} finally {
  await database!.close().catch(() => {});
}
process.exit(code);

/** One line on stderr, redrawn at most 5 times a second on a terminal, every 10 s otherwise. */
function progressBar(enabled: boolean, t0: number) {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let drawn = false;
  const line = (p: CollectProgress) => {
    const s = Math.max(0.001, (Date.now() - t0) / 1000);
    const rate = `${(p.requests / s).toFixed(1)} req/s`;
    if (p.phase === 'listing') return `listing settled markets: ${p.listed.toLocaleString('en-US')} · ${p.requests} requests · ${rate}`;
    const total = Math.max(p.toCollect, 1);
    const frac = Math.min(1, p.collected / total);
    const width = 28;
    const filled = Math.round(frac * width);
    const eta = p.collected > 0 ? ((s / p.collected) * (total - p.collected)) : NaN;
    const etaText = Number.isFinite(eta) ? ` · ETA ${Math.floor(eta / 60)}m${String(Math.round(eta % 60)).padStart(2, '0')}s` : '';
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.collected.toLocaleString('en-US')}/${p.toCollect.toLocaleString('en-US')} markets · ${p.candles.toLocaleString('en-US')} candles · ${rate}${etaText}`;
  };
  let latest: CollectProgress | null = null;
  return {
    update(p: CollectProgress) {
      latest = p;
      if (!enabled) return;
      const now = Date.now();
      if (now - last < (tty ? 200 : 10_000) && p.phase !== 'done') return;
      last = now;
      if (tty) {
        process.stderr.write(`\r${line(p)}\x1b[K`);
        drawn = true;
      } else {
        process.stderr.write(`${line(p)}\n`);
      }
    },
    end() {
      if (enabled && tty && drawn) process.stderr.write('\n');
      void latest;
    },
  };
}
