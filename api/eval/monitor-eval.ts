// `npm run eval:monitor`: how well the monitor finds what the local exchange injects.
// A week of history, an hour of warm-up cycles, then a simulated day (or more) of 5-minute
// cycles with labelled scenarios of every kind injected at random times into random markets;
// the untouched markets are the quiet controls. Prints recall, precision, false alerts per
// 1,000 quiet market-days and median lead time per scenario type.
//   --markets N (1500)  --days D (1)  --per-type K (12)  --seed S (7)
import { parseArgs } from 'node:util';
import { createTestDatabase } from '@sentinel/db/testing';
import { startExchange } from '@sentinel/exchange';
import pino from 'pino';
import { createKalshiClient } from '../src/kalshi/index.ts';
import { createAlertNotifier } from '../src/monitor/alerts/notify.ts';
import { createMonitorPipeline } from '../src/monitor/pipeline/monitor-cycle.ts';
import { LABEL_BOUNDS, easternHour } from '../src/monitor/scoring/index.ts';
import { DEFAULT_SETTINGS } from '../src/settings/settings.schema.ts';
import { updateSettings } from '../src/settings/settings.queries.ts';

const { values } = parseArgs({
  options: {
    markets: { type: 'string', default: '1500' },
    days: { type: 'string', default: '1' },
    'per-type': { type: 'string', default: '12' },
    seed: { type: 'string', default: '7' },
  },
});
const CYCLE_S = 300;
const days = Number(values.days);
const perType = Number(values['per-type']);
const TYPES = ['whale_trade', 'split_accumulation', 'price_jump', 'liquidity_drain', 'trade_burst', 'off_hours', 'correlated_event_move'] as const;
/** How long after a scenario starts a flag still counts as finding it. */
const DETECTION_WINDOW_MS = 30 * 60_000;

const logger = pino({ level: 'silent' });
let seed = Number(values.seed);
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

const exchange = await startExchange({ markets: Number(values.markets), historyDays: 7, seed: Number(values.seed), speed: 0 });
const db = await createTestDatabase();
const kalshi = createKalshiClient({ apiBase: exchange.url, rateLimit: { disabled: true } }, logger);
// Every market takes part, so quiet controls are plentiful.
await updateSettings(db.prisma, { minVolume: 0, minOpenInterest: 0, excludedCategories: [] });
const pipeline = createMonitorPipeline({
  db,
  services: { kalshi, monitorBackfillHours: 7 * 24 },
  notify: createAlertNotifier(db.prisma, { publicUrl: 'http://eval.local' }),
});
const control = async (path: string, body: unknown) => {
  const response = await fetch(`${exchange.baseUrl}/_exchange/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
};
const cycle = async () => {
  await control('clock', { advance_s: CYCLE_S });
  return pipeline.runCycle({ logger, now: () => new Date(exchange.now()), signal: new AbortController().signal });
};
const baselines = () =>
  pipeline.jobs.find((j) => j.name === 'baselines')!.run({ logger, now: () => new Date(exchange.now()), signal: new AbortController().signal, prisma: db.prisma, runId: 'eval' });

console.log(`eval: ${values.markets} markets, 7 days of history; warming up…`);
const started = performance.now();
for (let i = 0; i < 13; i++) await cycle();
await baselines();

// Scenario plan: K per type at random cycles of the evaluation period, each into its own market
// (or event) that has a baseline; off-hours ones land between midnight and 6 am US Eastern.
const { rows: candidates } = await db.pool.query<{ ticker: string; event_ticker: string }>(
  `SELECT m.ticker, m.event_ticker FROM markets m JOIN baselines b USING (ticker)
   WHERE m.eligible AND b.trade_count >= 20 AND m.yes_bid BETWEEN 0.15 AND 0.85 AND m.close_time > $1 ORDER BY m.ticker`,
  // Markets that stay open through the whole evaluation: a scenario in a closed market tests nothing.
  [new Date(exchange.now() + (Number(values.days) * 86_400 + 3600) * 1000)],
);
const multiEvents = (
  await db.pool.query<{ event_ticker: string }>(
    `SELECT event_ticker FROM markets WHERE eligible AND close_time > $1 GROUP BY event_ticker HAVING count(*) >= 3 ORDER BY event_ticker`,
    [new Date(exchange.now() + (Number(values.days) * 86_400 + 3600) * 1000)],
  )
).rows.map((r) => r.event_ticker);
const shuffled = [...candidates].sort(() => random() - 0.5);
const usedEvents = new Set<string>();
const evalCycles = Math.round((days * 86_400) / CYCLE_S);
const startMs = exchange.now();
interface Planned { type: (typeof TYPES)[number]; cycle: number; target: { market_ticker?: string; event_ticker?: string } }
const plan: Planned[] = [];
// Correlated moves first, so the events they use are kept out of the single-market scenarios.
for (const type of [...TYPES].sort((a, b) => Number(b === 'correlated_event_move') - Number(a === 'correlated_event_move'))) {
  for (let k = 0; k < perType; k++) {
    let at = 1 + Math.floor(random() * (evalCycles - 8));
    if (type === 'off_hours') {
      for (let tries = 0; tries < 500 && !(easternHour(startMs + at * CYCLE_S * 1000) < 6); tries++) at = 1 + Math.floor(random() * (evalCycles - 8));
    }
    if (type === 'correlated_event_move') {
      const event = multiEvents.find((e) => !usedEvents.has(e));
      if (!event) continue;
      usedEvents.add(event);
      plan.push({ type, cycle: at, target: { event_ticker: event } });
    } else {
      // Distinct markets, and never in an event a correlated move also touches.
      const market = shuffled.find((m) => !usedEvents.has(m.event_ticker) || !multiEvents.includes(m.event_ticker));
      if (!market) continue;
      shuffled.splice(shuffled.indexOf(market), 1);
      usedEvents.add(market.event_ticker);
      plan.push({ type, cycle: at, target: { market_ticker: market.ticker } });
    }
  }
}

console.log(`eval: ${plan.length} scenarios over ${evalCycles} cycles (${days} simulated day(s))…`);
for (let c = 1; c <= evalCycles; c++) {
  await control('clock', { advance_s: CYCLE_S });
  for (const p of plan.filter((x) => x.cycle === c)) await control('scenarios', { type: p.type, ...p.target });
  await pipeline.runCycle({ logger, now: () => new Date(exchange.now()), signal: new AbortController().signal });
  if (c % 72 === 0) await baselines();
}
const endMs = exchange.now();

// Ground truth from the exchange, flags from our database.
const injected = ((await (await fetch(`${exchange.baseUrl}/_exchange/scenarios`)).json()) as {
  scenarios: { type: string; market_tickers: string[]; start_ts: number; end_ts: number }[];
}).scenarios;
const scenarioTickers = new Set(injected.flatMap((s) => s.market_tickers));
const flags = await db.pool.query<{ ticker: string; ms: number; composite: number }>(
  `SELECT ticker, (extract(epoch from scored_at) * 1000)::float8 AS ms, composite FROM market_scores
   WHERE scored_at >= $1 AND composite >= $2`,
  [new Date(startMs), LABEL_BOUNDS.HIGH],
);
/** The signal each scenario is built to move; "fired" means it reached the gate's primary bar (60). */
const SIGNAL_OF: Record<(typeof TYPES)[number], string> = {
  whale_trade: 'trade_size',
  split_accumulation: 'trade_size',
  price_jump: 'price_impact',
  liquidity_drain: 'liquidity',
  trade_burst: 'clustering',
  off_hours: 'timing',
  correlated_event_move: 'cross_market',
};
const signalHits = await db.pool.query<{ ticker: string; ms: number; trade_size: number; price_impact: number; liquidity: number; clustering: number; timing: number; cross_market: number }>(
  `SELECT ticker, (extract(epoch from scored_at) * 1000)::float8 AS ms, trade_size, price_impact, liquidity, clustering, timing, cross_market
   FROM market_scores WHERE scored_at >= $1 AND GREATEST(trade_size, price_impact, liquidity, clustering, timing, cross_market) >= 60`,
  [new Date(startMs)],
);
const alerts = await db.pool.query<{ ticker: string; ms: number }>(
  `SELECT ticker, (extract(epoch from created_at) * 1000)::float8 AS ms FROM alerts WHERE created_at >= $1`,
  [new Date(startMs)],
);
const { rows: eligibleRows } = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM markets WHERE eligible');
const quietMarketDays = (Number(eligibleRows[0]!.n) - scenarioTickers.size) * ((endMs - startMs) / 86_400_000);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};
const pad = (s: string | number, n: number) => String(s).padEnd(n);
console.log(`\n${pad('scenario', 24)}${pad('n', 5)}${pad('recall High+', 14)}${pad('recall alert', 14)}${pad('signal fired', 14)}median lead`);
const explained = (ticker: string, ms: number) =>
  injected.some((s) => s.market_tickers.includes(ticker) && ms >= s.start_ts * 1000 - CYCLE_S * 1000 && ms <= s.start_ts * 1000 + DETECTION_WINDOW_MS);
for (const type of TYPES) {
  const of = injected.filter((s) => s.type === type);
  const lead: number[] = [];
  let found = 0;
  let alerted = 0;
  let fired = 0;
  for (const s of of) {
    const from = s.start_ts * 1000 - CYCLE_S * 1000;
    const to = s.start_ts * 1000 + DETECTION_WINDOW_MS;
    const hit = flags.rows.filter((f) => s.market_tickers.includes(f.ticker) && f.ms >= from && f.ms <= to).sort((a, b) => a.ms - b.ms)[0];
    if (hit) {
      found += 1;
      lead.push(Math.max(0, hit.ms - s.start_ts * 1000) / 60_000);
    }
    if (alerts.rows.some((a) => s.market_tickers.includes(a.ticker) && a.ms >= from && a.ms <= to)) alerted += 1;
    const column = SIGNAL_OF[type] as keyof (typeof signalHits.rows)[number];
    if (signalHits.rows.some((h) => s.market_tickers.includes(h.ticker) && h.ms >= from && h.ms <= to && Number(h[column]) >= 60)) fired += 1;
  }
  const r = (x: number) => (of.length ? (x / of.length).toFixed(2) : 'n/a');
  console.log(`${pad(type, 24)}${pad(of.length, 5)}${pad(r(found), 14)}${pad(r(alerted), 14)}${pad(r(fired), 14)}${lead.length ? `${median(lead).toFixed(1)} min` : 'n/a'}`);
}
const truePositiveFlags = flags.rows.filter((f) => explained(f.ticker, f.ms)).length;
const quietFlags = flags.rows.filter((f) => !scenarioTickers.has(f.ticker));
const quietAlerts = alerts.rows.filter((a) => !scenarioTickers.has(a.ticker));
console.log(`\nprecision (High+ scores explained by a scenario)   ${(truePositiveFlags / Math.max(1, flags.rows.length)).toFixed(2)} (${truePositiveFlags}/${flags.rows.length})`);
console.log(`precision (alerts explained by a scenario)         ${(alerts.rows.filter((a) => explained(a.ticker, a.ms)).length / Math.max(1, alerts.rows.length)).toFixed(2)} (${alerts.rows.length} alerts at threshold ${DEFAULT_SETTINGS.alertThreshold})`);
console.log(`false alerts per 1,000 quiet market-days           ${((1000 * quietAlerts.length) / quietMarketDays).toFixed(2)} (${quietAlerts.length} over ${quietMarketDays.toFixed(0)} quiet market-days)`);
console.log(`false High+ flags per 1,000 quiet market-days      ${((1000 * new Set(quietFlags.map((f) => `${f.ticker}@${Math.floor(f.ms / 3_600_000)}`)).size) / quietMarketDays).toFixed(2)} (market-hours flagged)`);
console.log(`\neval: done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
await db.close();
await exchange.close();
process.exit(0);
