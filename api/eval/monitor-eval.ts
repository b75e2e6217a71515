// `npm run eval:monitor`: how well the monitor finds what the local exchange injects, measured
// so that it cannot flatter the detector.
//
// - Background: the exchange's generated universe (--markets, --history-days of history) or a
//   recorded trade tape (--tape FILE, the exchange's JSONL tape format) replayed by the exchange.
// - The app runs as shipped: its DEFAULT settings, except the overrides printed at the start:
//   eligibility (every open market is monitored, so thin markets take part and quiet controls
//   are plentiful) and no daily alert budget (the run injects about 40 scenarios a day, far
//   denser than real flow, and a budget would count its own cap as missed scenarios and hide
//   false alerts). Nothing else is changed; every setting in force is printed.
// - Warm-up: the first cycle backfills the history, then --warmup-cycles 5-minute cycles (book
//   history) and the baselines job. Then every target's own activity is measured from the app's
//   database (stored trades: orders per hour, p99 and median order size, a taker order's fills
//   counted once as the monitor counts them; stored books: typical depth), and targets are drawn
//   from its quiet, median and busy terciles.
// - All seven scenario types run on every run, --per-type cases each, each in its own market
//   (one scenario per event), sized and timed relative to the target's own activity (see
//   sampleScenario in api/eval/metrics.ts: whales 3–50× p99, bursts 3–20× the order rate,
//   jumps 5–25¢, drains 30–90 % of depth, off-hours between midnight and 6 am US Eastern,
//   correlated moves across an event's markets). If any case cannot be placed the run stops
//   with exit code 1 and says why.
// - Reported per type: n, recall at the alert threshold (an alert row from any rule within the
//   detection window), recall at High (composite ≥ LABEL_BOUNDS.HIGH), precision (of the alerts
//   on that type's target markets during the evaluation, the share its scenarios explain),
//   median minutes from the first injected activity to the first alert; overall precision;
//   false alerts per 1,000 quiet market-days (a quiet market: eligible, in no event any
//   scenario touched; days: 5-minute cycles it was eligible) with the exact one-sided 95 %
//   Poisson upper bound (0.5·χ²(0.95; 2k+2)), and the rules that fired them.
// - Out of sample: the default seed (90417, and a fixed start time) is one no test uses (tests
//   tune on exchange seeds 1–61; api/test/eval/metrics.test.ts fails if one starts using it), and
//   the sizes are drawn per market, not the exchange's fixed scenario defaults the tests inject.
//
// Exit codes: 0 report written; 1 a scenario could not be placed or injected; 2 bad usage;
// 130/143 interrupted. However it ends, the run's own database is dropped.
import { createWriteStream, existsSync, writeFileSync } from 'node:fs';
import { createTestDatabase } from '@sentinel/db/testing';
import { startExchange } from '@sentinel/exchange';
import pino from 'pino';
import { cliValueReaders, parseCliOptions } from '../src/lib/cli.ts';
import { runResources } from '../src/lib/run-resources.ts';
import { createKalshiClient } from '../src/kalshi/index.ts';
import { createAlertNotifier } from '../src/monitor/alerts/notify.ts';
import { createMonitorPipeline } from '../src/monitor/pipeline/monitor-cycle.ts';
import { LABEL_BOUNDS, MIN_HISTORY } from '../src/monitor/scoring/index.ts';
import { DEFAULT_SETTINGS, type Settings } from '../src/settings/settings.schema.ts';
import { getSettings, updateSettings } from '../src/settings/settings.queries.ts';
import { measureActivity } from './activity.ts';
import {
  DAY_MS,
  EVAL_DEFAULTS,
  type InjectedScenario,
  MINUTE_MS,
  type MarketActivity,
  SCENARIO_TYPES,
  type ScenarioType,
  type SampledScenario,
  TERCILES,
  type Tercile,
  binomialInterval,
  buildReport,
  falseAlertsByRule,
  isOffHours,
  median,
  mulberry32,
  reportJson,
  sampleScenario,
  splitTape,
  terciles,
} from './metrics.ts';

const HELP = `npm run eval:monitor [-- options]

Injects labelled scenarios of all seven types into the local exchange (or a recorded tape) and
reports how the monitor, at its default settings, finds them.

  --markets N         generated markets (default ${EVAL_DEFAULTS.markets}; ignored with --tape)
  --days D            simulated days evaluated (default ${EVAL_DEFAULTS.days}; with --tape: the rest of the tape)
  --per-type K        scenarios of each type (default ${EVAL_DEFAULTS.perType})
  --seed N            exchange and plan seed (default ${EVAL_DEFAULTS.seed}, a seed no test uses)
  --start ISO         simulated start (default 2027-01-12T15:00:00Z; ignored with --tape)
  --history-days H    history before the evaluation, loaded as the app's backfill
                      (default ${EVAL_DEFAULTS.historyDays}; with --tape at most 40 % of the tape unless given;
                      under 3 days every market is still warming up)
  --warmup-cycles W   5-minute cycles before targets are measured (default ${EVAL_DEFAULTS.warmupCycles})
  --window-min M      detection window: minutes after a scenario's injected activity ends (default ${EVAL_DEFAULTS.windowMin})
  --tape FILE         replay a recorded trade tape (exchange JSONL format) as the background
  --json FILE         write {"types":[…],"quiet":{…},"overallPrecision"} to FILE
  --details           also list every scenario: target, tercile, params, first alert, top score
  --dump FILE         write what a rule is judged on, as JSON lines, for trying rules offline
                      (api/eval/replay-rules.ts): the scenarios, the quiet markets, close times and
                      every scored cycle that moved a signal (a sub-score ≥ 30)
  --help              this text

The run works in a database of its own (on DATABASE_URL's server, named in the settings it prints;
else an embedded one) and drops it however the run ends.
Exit codes: 0 done; 1 a scenario could not be placed or injected; 2 bad usage; 130/143 SIGINT/SIGTERM.`;

// The exchange and the app's database (on PostgreSQL a database of its own, with days of trades) are released
// however the run ends.
const run = runResources('eval:monitor');
const fail = (code: number, msg: string): never => {
  console.error(`eval:monitor: ${msg}`);
  return run.stop(code);
};

// ───────────────────────────── options
const values = parseCliOptions('eval:monitor', {
  markets: { type: 'string' },
  days: { type: 'string' },
  'per-type': { type: 'string' },
  seed: { type: 'string' },
  start: { type: 'string' },
  'history-days': { type: 'string' },
  'warmup-cycles': { type: 'string' },
  'window-min': { type: 'string' },
  tape: { type: 'string' },
  json: { type: 'string' },
  details: { type: 'boolean' },
  dump: { type: 'string' },
}, HELP);
const read = cliValueReaders('eval:monitor', values);
const number = (name: string, def: number, { integer = false, min = 0 } = {}): number =>
  read.number(name, def, (n) => n >= min && (!integer || Number.isInteger(n)), `${integer ? 'an integer' : 'a number'} ≥ ${min}`);
const tapePath = values.tape as string | undefined;
if (tapePath !== undefined && !existsSync(tapePath)) fail(2, `--tape ${tapePath}: no such file`);
const opts = {
  markets: number('markets', EVAL_DEFAULTS.markets, { integer: true, min: 10 }),
  daysAsked: values.days !== undefined ? number('days', EVAL_DEFAULTS.days, { min: 0.05 }) : null,
  perType: number('per-type', EVAL_DEFAULTS.perType, { integer: true, min: 1 }),
  seed: number('seed', EVAL_DEFAULTS.seed, { integer: true }),
  historyDays: number('history-days', EVAL_DEFAULTS.historyDays, { min: 0.1 }),
  historyAsked: values['history-days'] !== undefined,
  warmupCycles: number('warmup-cycles', EVAL_DEFAULTS.warmupCycles, { integer: true, min: 1 }),
  windowMin: number('window-min', EVAL_DEFAULTS.windowMin, { min: 1 }),
  start: (values.start as string | undefined) ?? '2027-01-12T15:00:00Z',
  json: values.json as string | undefined,
  dump: values.dump as string | undefined,
};
if (!Number.isFinite(Date.parse(opts.start))) fail(2, `--start must be an ISO time, got ${opts.start}`);

const CYCLE_MS = 5 * MINUTE_MS;
const WINDOW_MS = opts.windowMin * MINUTE_MS;
/** Longest injected activity (drains, split accumulation): scenarios start early enough to finish and be judged. */
const LONGEST_MS = 60 * MINUTE_MS;
/**
 * Overrides: every open market is monitored (thin ones too), so there are quiet controls to count; and no daily alert
 * budget, which is a cap on volume, not detection (at this run's density of scenarios it would suppress real finds and
 * hide false alerts alike).
 */
const OVERRIDES: Partial<Settings> = { minVolume: 0, minOpenInterest: 0, excludedCategories: [], dailyAlertBudget: 0 };
const logger = pino({ level: 'silent' });
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;

// ───────────────────────────── exchange and app
const exchange = await startExchange(
  tapePath
    ? { tape: tapePath, seed: opts.seed, speed: 0 }
    : { markets: opts.markets, historyDays: opts.historyDays, seed: opts.seed, speed: 0, startTime: opts.start },
);
run.hold(() => exchange.close());
const control = async (path: string, body: unknown) => {
  const response = await fetch(`${exchange.baseUrl}/_exchange/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST /_exchange/${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
};
let historyDays = opts.historyDays;
let days = opts.daysAsked ?? EVAL_DEFAULTS.days;
const notes: string[] = [];
if (tapePath) {
  // The tape's first record starts the clock; its first part becomes the app's history.
  const stored = exchange.engine.stored;
  if (stored.length === 0) fail(2, `--tape ${tapePath}: no trades`);
  const firstMs = exchange.engine.u.startMs;
  const lastMs = stored[stored.length - 1]!.tsMs;
  const split = splitTape((lastMs - firstMs) / DAY_MS, opts.historyAsked ? opts.historyDays : null, opts.daysAsked, (opts.warmupCycles * CYCLE_MS) / DAY_MS);
  if (typeof split === 'string') fail(2, `--tape ${tapePath}: ${split}`);
  else {
    historyDays = split.historyDays;
    days = split.days;
    notes.push(...split.notes);
  }
  const load = exchange.tapeLoad;
  if (load && load.skipped > 0) notes.push(`${load.skipped} malformed tape lines skipped (${load.skippedExamples.join('; ')})`);
  if (load && load.marketsFromTrades > 0) notes.push(`${load.marketsFromTrades} markets were traded but never described: listed from their trades (event from the ticker, open at the first trade, close estimated from the date the ticker names or the last trade)`);
  const markets = exchange.engine.u.markets.length;
  const withBooks = [...exchange.engine.tapeBooks.values()].filter((l) => l.length > 0).length;
  if (withBooks < markets) {
    notes.push(`${markets - withBooks} of ${markets} markets recorded no books: the exchange serves them modeled books (the generated book's shape, quoted around the last recorded trade, levels of about ten median trades), so liquidity figures on them are not judged on recorded books`);
  }
  await control('clock', { set_ms: Math.ceil((firstMs + historyDays * DAY_MS) / 60_000) * 60_000 });
}
if (historyDays * 24 < MIN_HISTORY.hours) {
  notes.push(
    `history ${historyDays.toFixed(2)} d is under ${MIN_HISTORY.hours} h: no market can have its own baseline, so every one is warming up against the generic priors and a lone price move, split orders or night trading cannot alert, as in the monitor's first three days after install`,
  );
}
const db = await createTestDatabase();
run.hold(() => db.close());
const kalshi = createKalshiClient({ apiBase: exchange.url, rateLimit: { disabled: true } }, logger);
await updateSettings(db.prisma, OVERRIDES);
const settings = await getSettings(db.prisma);
const pipeline = createMonitorPipeline({
  db,
  services: { kalshi, monitorBackfillHours: Math.ceil(historyDays * 24) },
  notify: createAlertNotifier({ publicUrl: 'http://eval.local' }),
});
const signal = new AbortController().signal;
const nowDate = () => new Date(exchange.now());
const runCycle = () => pipeline.runCycle({ logger, now: nowDate, signal });
const baselines = () => pipeline.jobs.find((j) => j.name === 'baselines')!.run({ logger, now: nowDate, signal, prisma: db.prisma, runId: 'eval' });

const evalCycles = Math.max(1, Math.round((days * DAY_MS) / CYCLE_MS));
const fmt = (v: unknown) => JSON.stringify(v);
console.log('eval:monitor settings');
console.log(`  background       ${tapePath ? `tape ${tapePath} (${exchange.engine.u.markets.length} markets, ${exchange.engine.stored.length} trades)` : `generated: ${opts.markets} markets, seed ${opts.seed}, start ${opts.start}`}`);
console.log(`  seed             ${opts.seed} (exchange universe and scenario plan)`);
console.log(`  history          ${historyDays.toFixed(2)} days (the app's backfill: ${Math.ceil(historyDays * 24)} h)`);
console.log(`  warm-up          ${opts.warmupCycles} cycles of 5 min, then the baselines job`);
console.log(`  evaluation       ${(evalCycles * CYCLE_MS / DAY_MS).toFixed(2)} days = ${evalCycles} cycles of 5 min (baselines job every 6 h)`);
console.log(`  scenarios        ${opts.perType} per type × ${SCENARIO_TYPES.length} types; targets with ≥ ${EVAL_DEFAULTS.minOrders} stored orders, by activity tercile`);
console.log(`  detection window from a scenario's first injected activity to ${opts.windowMin} min after its last`);
console.log(`  High             composite ≥ ${LABEL_BOUNDS.HIGH}`);
console.log(`  database         ${db.kind === 'embedded' ? 'embedded PostgreSQL' : `${decodeURIComponent(new URL(db.url).pathname.slice(1))} (its own on DATABASE_URL's server)`}, dropped when the run ends`);
for (const note of notes) console.log(`  note             ${note}`);
console.log('  app settings (defaults unless marked):');
for (const key of Object.keys(settings) as (keyof Settings)[]) {
  const over = key in OVERRIDES ? `   ← eval override (default ${fmt(DEFAULT_SETTINGS[key])})` : '';
  console.log(`    ${key.padEnd(24)} ${fmt(settings[key])}${over}`);
}
for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
  if (!(key in OVERRIDES) && JSON.stringify(settings[key]) !== JSON.stringify(DEFAULT_SETTINGS[key])) fail(1, `setting ${key} is not its default`);
}

// ───────────────────────────── warm-up
console.log(`\neval: warming up (backfill and ${opts.warmupCycles} cycles)…`);
for (let i = 0; i < opts.warmupCycles; i++) {
  await control('clock', { advance_ms: CYCLE_MS });
  await runCycle();
}
await baselines();
const startMs = exchange.now();
const endMs = startMs + evalCycles * CYCLE_MS;

// ───────────────────────────── each market's own activity, from the app's database
const historyFromMs = startMs - historyDays * DAY_MS;
const activity = await measureActivity(db.pool, historyFromMs, startMs);
const byEvent = new Map<string, MarketActivity[]>();
for (const a of activity) {
  let l = byEvent.get(a.eventTicker);
  if (!l) byEvent.set(a.eventTicker, (l = []));
  l.push(a);
}
const candidates = activity.filter((a) => a.orders >= EVAL_DEFAULTS.minOrders);
const marketTerciles = terciles(candidates, (a) => a.ordersPerHour, (a) => a.ticker);
const tercileOf = new Map<string, Tercile>();
for (const [t, list] of marketTerciles) for (const a of list) tercileOf.set(a.ticker, t);
const multiEvents = [...byEvent.entries()].filter(([, ms]) => ms.length >= 2 && ms.some((m) => m.orders >= EVAL_DEFAULTS.minOrders));
const eventTerciles = terciles(multiEvents, ([, ms]) => ms.reduce((s, m) => s + m.ordersPerHour, 0), ([e]) => e);
const eventTercileOf = new Map<string, Tercile>();
for (const [t, list] of eventTerciles) for (const [e] of list) eventTercileOf.set(e, t);
const rangeOf = (xs: MarketActivity[]) => (xs.length ? `${xs[0]!.ordersPerHour.toFixed(2)}–${xs.at(-1)!.ordersPerHour.toFixed(2)}/h` : 'none');
console.log(
  `eval: ${activity.length} eligible markets; ${candidates.length} with ≥ ${EVAL_DEFAULTS.minOrders} orders (terciles by orders per hour: ` +
    TERCILES.map((t) => `${t} ${marketTerciles.get(t)!.length} at ${rangeOf(marketTerciles.get(t)!)}`).join(', ') +
    `); ${multiEvents.length} events with ≥ 2 eligible markets`,
);

// ───────────────────────────── the plan
const rnd = mulberry32(opts.seed ^ 0x6e7a1);
interface Planned {
  type: ScenarioType;
  atMs: number;
  tercile: Tercile;
  target: { market_ticker?: string; event_ticker?: string };
  sampled: SampledScenario;
}
const plan: Planned[] = [];
const usedEvents = new Set<string>();
const earliest = startMs + 10 * MINUTE_MS;
const latest = endMs - LONGEST_MS - WINDOW_MS - 10 * MINUTE_MS;
if (latest <= earliest) fail(1, `the evaluation (${days.toFixed(2)} d) is too short to place and judge scenarios: use --days ≥ 0.25`);
const offHourStarts: number[] = [];
for (let t = earliest; t <= latest; t += MINUTE_MS) if (isOffHours(t) && isOffHours(t + 20 * MINUTE_MS)) offHourStarts.push(t);
const pickTime = (type: ScenarioType): number => {
  if (type !== 'off_hours') return Math.round(earliest + rnd() * (latest - earliest));
  if (offHourStarts.length === 0) fail(1, 'cannot place off_hours: the evaluation period has no midnight–6 am US Eastern stretch (use --days ≥ 1)');
  return offHourStarts[Math.floor(rnd() * offHourStarts.length)]! + Math.floor(rnd() * MINUTE_MS);
};
/** Tercile order per type: each tercile equally often, in a shuffled order. */
const tercileSequence = () => {
  const seq: Tercile[] = [];
  for (let k = 0; k < opts.perType; k++) seq.push(TERCILES[k % 3]!);
  for (let i = seq.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [seq[i], seq[j]] = [seq[j]!, seq[i]!];
  }
  return seq;
};
const sequences = new Map(SCENARIO_TYPES.map((t) => [t, tercileSequence()]));
// Correlated moves first (they take whole events), then the single-market types in turn.
const order: ScenarioType[] = [];
for (let k = 0; k < opts.perType; k++) order.push('correlated_event_move');
for (let k = 0; k < opts.perType; k++) for (const t of SCENARIO_TYPES) if (t !== 'correlated_event_move') order.push(t);
const placed = new Map<ScenarioType, number>(SCENARIO_TYPES.map((t) => [t, 0]));
for (const type of order) {
  const k = placed.get(type)!;
  const tercile = sequences.get(type)![k]!;
  const atMs = pickTime(type);
  const openUntil = atMs + LONGEST_MS + WINDOW_MS + 60 * MINUTE_MS;
  if (type === 'correlated_event_move') {
    const pool = eventTerciles.get(tercile)!.filter(([e, ms]) => !usedEvents.has(e) && ms.filter((m) => m.closeMs > openUntil).length >= 2);
    if (pool.length === 0) fail(1, `cannot place correlated_event_move #${k + 1} (${tercile} tercile): no unused event with 2+ eligible markets open past ${new Date(openUntil).toISOString()} (${eventTerciles.get(tercile)!.length} in the tercile, ${usedEvents.size} events used)`);
    const [event, ms] = pool[Math.floor(rnd() * pool.length)]!;
    usedEvents.add(event);
    plan.push({ type, atMs, tercile, target: { event_ticker: event }, sampled: sampleScenario(type, ms.filter((m) => m.closeMs > openUntil), rnd) });
  } else {
    const pool = marketTerciles.get(tercile)!.filter((a) => !usedEvents.has(a.eventTicker) && a.closeMs > openUntil && (type !== 'liquidity_drain' || (a.depth !== null && a.depth > 0)));
    if (pool.length === 0) {
      fail(1, `cannot place ${type} #${k + 1} (${tercile} tercile): no unused market with ≥ ${EVAL_DEFAULTS.minOrders} orders${type === 'liquidity_drain' ? ' and a book' : ''} open past ${new Date(openUntil).toISOString()} (${marketTerciles.get(tercile)!.length} in the tercile, ${usedEvents.size} events used)`);
    }
    const a = pool[Math.floor(rnd() * pool.length)]!;
    usedEvents.add(a.eventTicker);
    plan.push({ type, atMs, tercile, target: { market_ticker: a.ticker }, sampled: sampleScenario(type, a, rnd) });
  }
  placed.set(type, k + 1);
}
plan.sort((a, b) => a.atMs - b.atMs);
console.log(`eval: ${plan.length} scenarios planned over ${evalCycles} cycles; running…`);

// ───────────────────────────── the evaluation
const eligibleCycles = new Map<string, number>();
let next = 0;
const injectedIds = new Map<string, Planned>();
for (let c = 0; c < evalCycles; c++) {
  const cycleEnd = exchange.now() + CYCLE_MS;
  for (; next < plan.length && plan[next]!.atMs < cycleEnd; next++) {
    const p = plan[next]!;
    try {
      const res = (await control('scenarios', { type: p.type, ...p.target, at: p.atMs, params: p.sampled.params })) as { scenario: { id: string } };
      injectedIds.set(res.scenario.id, p);
    } catch (err) {
      fail(1, `could not inject ${p.type} into ${p.target.market_ticker ?? p.target.event_ticker}: ${(err as Error).message}`);
    }
  }
  await control('clock', { advance_ms: CYCLE_MS });
  await runCycle();
  const { rows } = await db.pool.query<{ ticker: string }>('SELECT ticker FROM markets WHERE eligible');
  for (const r of rows) eligibleCycles.set(r.ticker, (eligibleCycles.get(r.ticker) ?? 0) + 1);
  if ((c + 1) % 72 === 0) await baselines();
  if ((c + 1) % 96 === 0) console.log(`eval: ${((c + 1) * CYCLE_MS / DAY_MS).toFixed(2)} of ${(evalCycles * CYCLE_MS / DAY_MS).toFixed(2)} days (${elapsed()})`);
}

// ───────────────────────────── ground truth and flags
const truth = ((await (await fetch(`${exchange.baseUrl}/_exchange/scenarios`)).json()) as {
  scenarios: { id: string; type: ScenarioType; market_tickers: string[]; event_ticker: string | null; start_ts: number }[];
}).scenarios;
const scenarios: InjectedScenario[] = [];
for (const s of truth) {
  const p = injectedIds.get(s.id);
  if (!p) continue;
  scenarios.push({ id: s.id, type: s.type, tickers: s.market_tickers, startMs: p.atMs, endMs: p.atMs + p.sampled.durationMs, tercile: p.tercile });
}
for (const type of SCENARIO_TYPES) {
  const n = scenarios.filter((s) => s.type === type).length;
  if (n < opts.perType) fail(1, `${type}: the exchange lists ${n} injected scenarios, ${opts.perType} were planned`);
}
// Quiet markets: eligible at some cycle, never targeted, and in no event a scenario touched.
const touchedEvents = new Set(truth.flatMap((s) => (s.event_ticker ? [s.event_ticker] : [])));
const touched = new Set(truth.flatMap((s) => s.market_tickers));
const { rows: eventRows } = await db.pool.query<{ ticker: string; event_ticker: string }>('SELECT ticker, event_ticker FROM markets');
for (const r of eventRows) if (touchedEvents.has(r.event_ticker)) touched.add(r.ticker);
const quietExposureDays = new Map<string, number>();
for (const [ticker, cycles] of eligibleCycles) if (!touched.has(ticker)) quietExposureDays.set(ticker, (cycles * CYCLE_MS) / DAY_MS);

const ms = (col: string) => `(extract(epoch from ${col}) * 1000)::float8 AS ms`;
const { rows: alerts } = await db.pool.query<{ ticker: string; ms: number }>(
  `SELECT ticker, ${ms('created_at')} FROM alerts WHERE created_at > $1 AND created_at <= $2 ORDER BY created_at, ticker`,
  [new Date(startMs), new Date(endMs)],
);
const { rows: highScores } = await db.pool.query<{ ticker: string; ms: number }>(
  `SELECT ticker, ${ms('scored_at')} FROM market_scores WHERE scored_at > $1 AND scored_at <= $2 AND composite >= $3`,
  [new Date(startMs), new Date(endMs), LABEL_BOUNDS.HIGH],
);
/** Diagnostic: the signal each type is built to move, at the gate's primary bar (60), within the window. */
const SIGNAL_FACTS: Record<ScenarioType, string> = {
  whale_trade: 'tradeSize', split_accumulation: 'tradeSize', price_jump: 'priceImpact', liquidity_drain: 'liquidity',
  trade_burst: 'clustering', off_hours: 'timing', correlated_event_move: 'crossMarket',
};
const SIGNAL_OF: Record<ScenarioType, string> = {
  whale_trade: 'trade_size', split_accumulation: 'trade_size', price_jump: 'price_impact', liquidity_drain: 'liquidity',
  trade_burst: 'clustering', off_hours: 'timing', correlated_event_move: 'cross_market',
};
const { rows: signalRows } = await db.pool.query<Record<string, number> & { ticker: string; ms: number }>(
  `SELECT ticker, ${ms('scored_at')}, trade_size, price_impact, liquidity, clustering, timing, cross_market FROM market_scores
   WHERE scored_at > $1 AND scored_at <= $2 AND GREATEST(trade_size, price_impact, liquidity, clustering, timing, cross_market) >= 60`,
  [new Date(startMs), new Date(endMs)],
);
const report = buildReport({ scenarios, alerts, highScores, windowMs: WINDOW_MS, quietExposureDays });

// ───────────────────────────── the report
const f2 = (x: number | null) => (x === null || !Number.isFinite(x) ? 'n/a' : x.toFixed(2));
const pad = (s: string | number, n: number) => String(s).padEnd(n);
const padL = (s: string | number, n: number) => String(s).padStart(n);
const relUnit: Record<ScenarioType, string> = {
  whale_trade: '× p99', split_accumulation: '× p99 total', price_jump: '¢', liquidity_drain: 'of depth', trade_burst: '× rate', off_hours: '× p99 each', correlated_event_move: '¢ leader',
};
console.log(`\nthreshold: alert at composite ≥ ${settings.alertThreshold} or any other alert rule (the alerts table); High = composite ≥ ${LABEL_BOUNDS.HIGH}`);
console.log(`${pad('scenario', 23)}${padL('n', 4)}${padL('recall alert', 14)}${padL('95 % interval', 15)}${padL('recall High', 13)}${padL('precision', 11)}${padL('med min', 9)}   ${pad('alert recall quiet/median/busy', 32)}${pad('signal≥60', 11)}size drawn (median)`);
for (const t of report.types) {
  const of = scenarios.filter((s) => s.type === t.type);
  const col = SIGNAL_OF[t.type];
  const fired = of.filter((s) => signalRows.some((h) => s.tickers.includes(h.ticker) && h.ms >= s.startMs && h.ms <= s.endMs + WINDOW_MS && Number(h[col]) >= 60)).length;
  const rel = median(plan.filter((p) => p.type === t.type).map((p) => p.sampled.relative));
  const relText = t.type === 'liquidity_drain' ? `${(rel * 100).toFixed(0)} % ${relUnit[t.type]}` : `${rel.toFixed(1)}${relUnit[t.type]}`;
  const terc = TERCILES.map((x) => `${f2(t.byTercile[x].recallAlert)} (${t.byTercile[x].n})`).join(' ');
  const ci = t.n > 0 ? binomialInterval(Math.round(t.recallAlert * t.n), t.n) : null;
  console.log(
    `${pad(t.type, 23)}${padL(t.n, 4)}${padL(f2(t.recallAlert), 14)}${padL(ci ? `${f2(ci.low)}–${f2(ci.high)}` : 'n/a', 15)}${padL(f2(t.recallHigh), 13)}${padL(f2(t.precision), 11)}${padL(t.medianMinutesToAlert === null ? 'n/a' : t.medianMinutesToAlert.toFixed(1), 9)}   ${pad(terc, 32)}${pad(f2(t.n ? fired / t.n : NaN), 11)}${relText}`,
  );
}
if (values.details) {
  const tickers = [...new Set(scenarios.flatMap((s) => s.tickers))];
  const { rows: scoreRows } = await db.pool.query<{ ticker: string; ms: number; composite: number; subs: string; details: { baselineStatus?: string; facts?: Record<string, unknown> } | null }>(
    `SELECT ticker, ${ms('scored_at')}, composite, details,
            concat_ws('/', round(trade_size::numeric), round(price_impact::numeric), round(liquidity::numeric), round(clustering::numeric), round(timing::numeric), round(cross_market::numeric)) AS subs
     FROM market_scores WHERE scored_at > $1 AND scored_at <= $2 AND ticker = ANY($3)`,
    [new Date(startMs), new Date(endMs), tickers],
  );
  console.log('\nscenarios (time, type, tercile, target, params → first alert, top composite in the window [its trade size/price impact/liquidity/clustering/timing/cross-market]):');
  for (const s of [...scenarios].sort((a, b) => a.startMs - b.startMs)) {
    const p = injectedIds.get(s.id)!;
    const inWin = (f: { ticker: string; ms: number }) => s.tickers.includes(f.ticker) && f.ms >= s.startMs && f.ms <= s.endMs + WINDOW_MS;
    const first = alerts.filter(inWin).sort((a, b) => a.ms - b.ms)[0];
    const topRow = scoreRows.filter(inWin).sort((a, b) => b.composite - a.composite)[0];
    const top = topRow?.composite ?? 0;
    console.log(
      `  ${new Date(s.startMs).toISOString().slice(0, 16)} ${pad(s.type, 22)} ${pad(s.tercile, 7)} ${pad(p.target.market_ticker ?? p.target.event_ticker ?? '', 34)} ${JSON.stringify(p.sampled.params)} → ${first ? `alert +${((first.ms - s.startMs) / MINUTE_MS).toFixed(1)} min` : 'no alert'}, top ${top.toFixed(1)}${topRow ? ` [${topRow.subs}]` : ''}`,
    );
    // A miss: the facts of the signal its type should have moved, at the top-scoring cycle.
    // A missed whale also shows the move its way and the window's orders (what the sweep reading stands on).
    if (!first && topRow?.details?.facts) {
      const facts = topRow.details.facts;
      console.log(`      ${topRow.details.baselineStatus ?? ''} ${SIGNAL_FACTS[s.type]}: ${JSON.stringify(facts[SIGNAL_FACTS[s.type]] ?? null)}`);
      if (s.type === 'whale_trade') console.log(`      priceImpact: ${JSON.stringify(facts.priceImpact ?? null)}; orders in the window: ${JSON.stringify((facts.clustering as Record<string, unknown> | undefined)?.ordersInWindow ?? null)}`);
    }
  }
}
if (values.details) {
  // The false alerts themselves: what fired on markets no scenario touched, and why.
  const { rows: quietAlerts } = await db.pool.query<{ ticker: string; at: Date; composite: number; rules: { rule: string; reason: string }[]; explanation: string }>(
    `SELECT ticker, created_at AS at, composite, rules, explanation FROM alerts WHERE created_at > $1 AND created_at <= $2 AND ticker = ANY($3) ORDER BY created_at, ticker`,
    [new Date(startMs), new Date(endMs), [...quietExposureDays.keys()]],
  );
  console.log(`\nfalse alerts (on quiet markets): ${quietAlerts.length}`);
  for (const a of quietAlerts) {
    console.log(`  ${a.at.toISOString().slice(0, 16)} ${pad(a.ticker, 34)} ${a.composite.toFixed(1).padStart(5)} ${a.rules.map((r) => r.reason).join('; ')} | ${a.explanation.slice(0, 160)}`);
    // what the market's baseline stood on (its observed hours, not the table's 7-day window), and the facts of the signals a lone rule reads
    const { rows: context } = await db.pool.query<{ hours: number; orders: number; opened: Date | null; details: { baselineStatus?: string; facts?: Record<string, unknown> } | null }>(
      `SELECT (b.extra->>'historyHours')::float8 AS hours, b.trade_count AS orders, m.open_time AS opened,
              (SELECT s.details FROM market_scores s WHERE s.ticker = $1 AND s.scored_at <= $2 ORDER BY s.scored_at DESC LIMIT 1) AS details
       FROM markets m LEFT JOIN baselines b ON b.ticker = m.ticker WHERE m.ticker = $1`,
      [a.ticker, a.at],
    );
    const c = context[0];
    if (c) {
      const f = c.details?.facts ?? {};
      console.log(`      baseline ${c.details?.baselineStatus ?? '?'}: ${Number(c.hours).toFixed(1)} h observed, ${c.orders} trades, opened ${c.opened?.toISOString().slice(0, 16) ?? '?'}`);
      for (const name of ['tradeSize', 'priceImpact', 'clustering']) console.log(`      ${name}: ${JSON.stringify(f[name] ?? null)}`);
    }
  }
}
if (opts.dump) await dumpForReplay(opts.dump);
const q = report.quiet;
console.log(`\noverall precision (alerts explained by a scenario / all alerts)  ${f2(report.overallPrecision)} (${report.explainedAlerts}/${report.alerts})`);
console.log(`false alerts per 1,000 quiet market-days                         ${f2(q.falseAlertsPer1000)} (${q.falseAlerts} over ${q.marketDays.toFixed(0)} quiet market-days in ${quietExposureDays.size} markets)`);
console.log(`  one-sided 95 % upper bound (exact Poisson, 0.5·χ²(0.95; 2k+2))  ${f2(q.upper95Per1000)}`);
if (q.falseAlerts > 0) {
  const { rows: byRule } = await db.pool.query<{ rule: string; n: number }>(
    `SELECT r->>'rule' AS rule, count(*)::int AS n FROM alerts a CROSS JOIN jsonb_array_elements(a.rules) r
     WHERE a.created_at > $1 AND a.created_at <= $2 AND a.ticker = ANY($3) GROUP BY 1`,
    [new Date(startMs), new Date(endMs), [...quietExposureDays.keys()]],
  );
  console.log(`  by the rule that fired: ${falseAlertsByRule(new Map(byRule.map((r) => [r.rule, r.n])))}`);
}
if (q.marketDays < EVAL_DEFAULTS.minQuietMarketDays) {
  console.log(`WARNING: only ${q.marketDays.toFixed(0)} quiet market-days (< ${EVAL_DEFAULTS.minQuietMarketDays}): the false-alert rate is loose; use more --markets or --days`);
}
if (opts.json) {
  writeFileSync(opts.json, `${JSON.stringify(reportJson(report), null, 2)}\n`);
  console.log(`eval: wrote ${opts.json}`);
}
console.log(`\neval: done in ${elapsed()}`);
run.exit(0);

/** --dump: the scored cycles a rule could fire on, with the ground truth, for api/eval/replay-rules.ts. */
async function dumpForReplay(path: string): Promise<void> {
  const out = createWriteStream(path);
  const line = (x: unknown) => out.write(`${JSON.stringify(x)}\n`);
  line({ kind: 'meta', seed: opts.seed, startMs, endMs, windowMs: WINDOW_MS, settings, quietMarketDays: report.quiet.marketDays });
  for (const s of scenarios) line({ kind: 'scenario', ...s });
  line({ kind: 'quiet', tickers: [...quietExposureDays.keys()] });
  const { rows: closes } = await db.pool.query<{ ticker: string; ms: number | null }>(`SELECT ticker, ${ms('close_time')} FROM markets`);
  line({ kind: 'close', ms: Object.fromEntries(closes.map((r) => [r.ticker, r.ms])) });
  let rows = 0;
  for (let from = startMs; from < endMs; from += 3_600_000) {
    const { rows: scored } = await db.pool.query<{ ticker: string; ms: number; composite: number; priceImpact: number; liquidity: number; details: unknown }>(
      `SELECT ticker, ${ms('scored_at')}, composite, price_impact AS "priceImpact", liquidity, details FROM market_scores
       WHERE scored_at > $1 AND scored_at <= $2 AND GREATEST(trade_size, price_impact, liquidity, clustering, timing) >= 30`,
      [new Date(from), new Date(Math.min(endMs, from + 3_600_000))],
    );
    for (const r of scored) line({ kind: 'score', ...r });
    rows += scored.length;
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  console.log(`eval: wrote ${rows} scored cycles to ${path}`);
}
