// The pure parts of `npm run eval:monitor` (api/eval/monitor-eval.ts): the seeded generator,
// scenario sizes drawn relative to each target market's own activity, activity terciles,
// matching alerts to the scenarios that explain them, the per-type metrics and the exact
// Poisson upper bound on the false-alert rate. Unit tests: api/test/eval/metrics.test.ts.

import { ALERT_RULE_NAMES } from '../src/monitor/alerts/alert-rules.ts';

export const SCENARIO_TYPES = ['whale_trade', 'split_accumulation', 'price_jump', 'liquidity_drain', 'trade_burst', 'off_hours', 'correlated_event_move'] as const;
export type ScenarioType = (typeof SCENARIO_TYPES)[number];

/**
 * The default report's settings. The seed is deliberately one no test uses (the tests' exchange
 * and fixture seeds are small numbers, 1–61: 5, 7, 11, 21, …; api/test/eval/metrics.test.ts fails
 * if a test ever starts using this one), and the scenario sizes are drawn per market from the
 * distributions below, not the exchange's fixed defaults the tests inject.
 */
export const EVAL_DEFAULTS = {
  markets: 5000,
  days: 2,
  perType: 12,
  seed: 90_417,
  historyDays: 7,
  warmupCycles: 12,
  windowMin: 30,
  /** a market needs this many stored orders before injection to be a target (its p99 must mean something) */
  minOrders: 10,
  /** the report is only meaningful over at least this many quiet market-days */
  minQuietMarketDays: 2000,
} as const;

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

// ───────────────────────────── a tape's history and evaluated part

/** A tape's default history: at most this share of it (the rest is evaluated). */
export const TAPE_HISTORY_SHARE = 0.4;
/** The least an evaluation needs after its history and warm-up, to place scenarios and judge them. */
export const MIN_EVAL_DAYS = 0.25;

export interface TapeSplit {
  historyDays: number;
  days: number;
  notes: string[];
}

/**
 * How a tape of `spanDays` is used: the app's history first, then the warm-up, then the evaluation. The history is
 * what --history-days asked for, as given (an evaluator measuring the monitor in its steady state wants markets with
 * days of their own history, which a short tape only gives this way), or by default the smaller of
 * EVAL_DEFAULTS.historyDays and TAPE_HISTORY_SHARE of the tape. The evaluation is the rest, or --days of it. A string
 * (the reason) when too little is left to evaluate.
 */
export function splitTape(spanDays: number, historyAsked: number | null, daysAsked: number | null, warmupDays: number): TapeSplit | string {
  const notes: string[] = [];
  let historyDays = historyAsked ?? EVAL_DEFAULTS.historyDays;
  if (historyAsked === null && historyDays > TAPE_HISTORY_SHARE * spanDays) {
    historyDays = TAPE_HISTORY_SHARE * spanDays;
    notes.push(`history ${EVAL_DEFAULTS.historyDays} d is more than ${TAPE_HISTORY_SHARE * 100} % of the tape's ${spanDays.toFixed(2)} d: using ${historyDays.toFixed(2)} d (--history-days sets it)`);
  }
  const left = spanDays - historyDays - warmupDays;
  if (left < MIN_EVAL_DAYS) {
    return `the tape's ${spanDays.toFixed(2)} d leave ${Math.max(0, left).toFixed(2)} d after ${historyDays.toFixed(2)} d of history and the warm-up: at least ${MIN_EVAL_DAYS} d are needed to evaluate${historyAsked !== null ? ' (use a smaller --history-days)' : ''}`;
  }
  let days = left;
  if (daysAsked !== null && daysAsked <= left) days = daysAsked;
  else if (daysAsked !== null) notes.push(`--days ${daysAsked} runs past the tape's end: evaluating ${left.toFixed(2)} d`);
  return { historyDays, days, notes };
}

// ───────────────────────────── random numbers

/** mulberry32: small, fast, seeded; the same seed gives the same plan. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const uniform = (rnd: () => number, lo: number, hi: number) => lo + (hi - lo) * rnd();
/** Log-uniform on [lo, hi]: every factor of 2 in the range is equally likely. */
export const logUniform = (rnd: () => number, lo: number, hi: number) => Math.exp(uniform(rnd, Math.log(lo), Math.log(hi)));
export const intBetween = (rnd: () => number, lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
/** Contracts to the exchange's precision (0.01). */
export const contracts = (x: number) => Math.max(0.01, Math.round(x * 100) / 100);

// ───────────────────────────── statistics

/** Median (mean of the two middle values for an even count); NaN for no values. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** P(X ≤ k) for X ~ Poisson(λ), summed in log space (exact for the k this report sees). */
export function poissonCdf(k: number, lambda: number): number {
  if (lambda <= 0) return 1;
  let logTerm = -lambda; // log P(X = 0)
  let sum = Math.exp(logTerm);
  for (let i = 1; i <= k; i++) {
    logTerm += Math.log(lambda) - Math.log(i);
    sum += Math.exp(logTerm);
  }
  return Math.min(1, sum);
}

/**
 * Exact (Garwood) one-sided upper confidence bound on a Poisson mean after observing k events:
 * the λ with P(X ≤ k | λ) = 1 − confidence, i.e. 0.5·χ²(confidence; 2k + 2). One-sided 95 %
 * (confidence 0.95) gives 2.996 for k = 0 and 4.744 for k = 1. (The upper end of a two-sided
 * 95 % interval would use 0.975 instead: 3.689 for k = 0.)
 */
export function poissonUpper(k: number, confidence = 0.95): number {
  if (!Number.isInteger(k) || k < 0) throw new Error(`poissonUpper: k must be a non-negative integer, got ${k}`);
  if (!(confidence > 0 && confidence < 1)) throw new Error(`poissonUpper: confidence must be in (0, 1), got ${confidence}`);
  const target = 1 - confidence;
  let lo = k; // P(X ≤ k | λ = k) ≥ ~0.5 > target
  let hi = Math.max(1, 2 * k + 10);
  while (poissonCdf(k, hi) > target) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (poissonCdf(k, mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** P(X ≤ k) for X ~ Binomial(n, p), summed in log space. */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n || p <= 0) return 1;
  if (p >= 1) return 0;
  let logTerm = n * Math.log1p(-p); // log P(X = 0)
  let sum = Math.exp(logTerm);
  for (let i = 1; i <= k; i++) {
    logTerm += Math.log((n - i + 1) / i) + Math.log(p) - Math.log1p(-p);
    sum += Math.exp(logTerm);
  }
  return Math.min(1, sum);
}

/**
 * Exact (Clopper–Pearson) two-sided interval on a rate after k successes in n trials: each end
 * leaves (1 − confidence) / 2 outside. With 12 scenarios of a type, 9 found gives 0.43–0.95:
 * one report seed cannot tell 0.75 from 0.8, which is why the note pools seeds as well.
 */
export function binomialInterval(k: number, n: number, confidence = 0.95): { low: number; high: number } {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || n < 0 || k > n) throw new Error(`binomialInterval: need integers 0 ≤ k ≤ n, got ${k} of ${n}`);
  if (!(confidence > 0 && confidence < 1)) throw new Error(`binomialInterval: confidence must be in (0, 1), got ${confidence}`);
  if (n === 0) return { low: NaN, high: NaN };
  const tail = (1 - confidence) / 2;
  // both P(X ≥ k | p) and P(X > k | p) rise with p: bisect each to its tail
  const bisect = (rising: (p: number) => number, target: number) => {
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 100; i++) {
      const mid = (lo + hi) / 2;
      if (rising(mid) < target) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const low = k === 0 ? 0 : bisect((p) => 1 - binomialCdf(k - 1, n, p), tail);
  const high = k === n ? 1 : bisect((p) => 1 - binomialCdf(k, n, p), 1 - tail);
  return { low, high };
}

/** False alerts per 1,000 quiet market-days and the one-sided 95 % exact upper bound on that rate. */
export function falseAlertRate(falseAlerts: number, marketDays: number): { falseAlertsPer1000: number; upper95Per1000: number } {
  if (!(marketDays > 0)) return { falseAlertsPer1000: NaN, upper95Per1000: NaN };
  return { falseAlertsPer1000: (1000 * falseAlerts) / marketDays, upper95Per1000: (1000 * poissonUpper(falseAlerts, 0.95)) / marketDays };
}

/**
 * False alerts per rule, in the rules' order ("score 1, whale 4, signal 1"): on a background with its own large orders
 * (the generated heavy tail, or a real tape's whales) the whale rule fires on what it is asked to, and the evaluation,
 * which only knows what it injected, counts those as false.
 */
export function falseAlertsByRule(byRule: ReadonlyMap<string, number>): string {
  const order: readonly string[] = ALERT_RULE_NAMES;
  return [...byRule].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0])).map(([rule, k]) => `${rule} ${k}`).join(', ') + ' (an alert two rules fired counts under both)';
}

// ───────────────────────────── time

const etHourFmt = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', hourCycle: 'h23' });
/** Hour of day (0–23) in US Eastern, daylight saving included. */
export function easternHourOf(ms: number): number {
  return Number(etHourFmt.format(new Date(ms))) % 24;
}
/** Midnight to 6 am US Eastern. */
export const isOffHours = (ms: number) => easternHourOf(ms) < 6;

// ───────────────────────────── activity and targets

/** A market's own activity, measured from the app's database before anything is injected. */
export interface MarketActivity {
  ticker: string;
  eventTicker: string;
  /** stored orders (fills merged by timestamp and taker side) over the measured span */
  orders: number;
  /** hours the history covers for this market */
  hours: number;
  ordersPerHour: number;
  /** 99th percentile and median order size, contracts */
  p99: number;
  medianSize: number;
  /** typical resting depth (contracts within 5¢ of each side's best), null if no book was seen */
  depth: number | null;
  /** latest YES mid or last price (0–1), null if unknown */
  mid: number | null;
  /** close time, ms */
  closeMs: number;
}

export type Tercile = 'quiet' | 'median' | 'busy';
export const TERCILES: readonly Tercile[] = ['quiet', 'median', 'busy'];

/** Split by activity into three equal-count groups (ties broken by key, so it is deterministic). */
export function terciles<T>(items: readonly T[], activity: (x: T) => number, key: (x: T) => string): Map<Tercile, T[]> {
  const sorted = [...items].sort((a, b) => activity(a) - activity(b) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const out = new Map<Tercile, T[]>(TERCILES.map((t) => [t, []]));
  sorted.forEach((x, i) => out.get(TERCILES[Math.min(2, Math.floor((3 * i) / sorted.length))]!)!.push(x));
  return out;
}

// ───────────────────────────── scenario sizes

/** What the exchange's POST /_exchange/scenarios gets, plus what the size was relative to. */
export interface SampledScenario {
  params: Record<string, unknown>;
  /** the drawn multiple of the market's own activity (p99 for sizes, order rate for bursts, depth share for drains) */
  relative: number;
  /** how long the injected activity lasts, ms (the detection window runs from its end) */
  durationMs: number;
}

/** Contracts per cent of price on one side of the book, from the typical two-sided depth within 5¢. */
const depthPerCent = (a: MarketActivity) => (a.depth !== null && a.depth > 0 ? a.depth / 12 : null);
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const sideWithRoom = (rnd: () => number, mid: number | null, move: number): 'yes' | 'no' =>
  mid !== null && mid + move > 0.95 ? 'no' : mid !== null && mid - move < 0.05 ? 'yes' : rnd() < 0.5 ? 'yes' : 'no';

/**
 * Scenario params for one market (or, for a correlated move, an event's markets), drawn from
 * distributions relative to that market's own activity:
 * - whale_trade: one order of 3–50× its p99 (log-uniform); the sweep moves the price by the
 *   cents of typical depth it eats (1–15¢) and leaves what it did not eat for 5–20 minutes;
 * - split_accumulation: a total of 3–50× its p99 (log-uniform), in pieces each 40–95 % of its
 *   p99 (so no piece is unusual alone), over 15–60 minutes;
 * - price_jump: 5–25¢ (towards the side with room), with 3–12 trades of its median size × 1–4;
 * - liquidity_drain: 30–90 % of the depth gone (and the spread 1–4¢ wider) for 15–60 minutes;
 * - trade_burst: 3–20× its usual order rate (log-uniform) over 2–6 minutes, median-sized
 *   orders, and never fewer than BURST_MIN_ORDERS: on a market trading under an order an hour,
 *   3–20× its rate for minutes is less than one order, and a burst there is a handful of orders
 *   within minutes (its `relative` then says how many times the rate that was);
 * - off_hours: 3–10 orders of 0.25–2× its p99 over 5–20 minutes (the caller times it
 *   between midnight and 6 am US Eastern), moving the price 2–8¢;
 * - correlated_event_move: the leader moves 5–25¢ and its siblings with it (or against it when
 *   the outcomes are mutually exclusive), 3–6 trades of each market's median size × 1–3.
 */
export function sampleScenario(type: ScenarioType, target: MarketActivity | readonly MarketActivity[], rnd: () => number): SampledScenario {
  if (type === 'correlated_event_move') {
    const markets = Array.isArray(target) ? (target as readonly MarketActivity[]) : [target as MarketActivity];
    if (markets.length === 0) throw new Error('correlated_event_move needs at least one market');
    const move = uniform(rnd, 0.05, 0.25);
    const lead = markets[Math.floor(rnd() * markets.length)]!;
    const side = sideWithRoom(rnd, lead.mid, move);
    const sizes = Object.fromEntries(markets.map((m) => [m.ticker, contracts(Math.max(1, m.medianSize))]));
    return { params: { delta: round4(side === 'yes' ? move : -move), lead_ticker: lead.ticker, sizes }, relative: move * 100, durationMs: 91_000 };
  }
  const a = target as MarketActivity;
  const perCent = depthPerCent(a);
  switch (type) {
    case 'whale_trade': {
      const mult = logUniform(rnd, 3, 50);
      const count = contracts(a.p99 * mult);
      const cents = perCent !== null ? clamp(Math.round(count / perCent), 1, 15) : clamp(Math.round(mult / 3), 1, 15);
      const left = a.depth !== null && a.depth > 0 ? clamp(1 - count / a.depth, 0.05, 0.8) : 0.25;
      const refill = Math.round(uniform(rnd, 300, 1200));
      return { params: { count, side: rnd() < 0.5 ? 'yes' : 'no', impact: cents / 100, depth_factor: round4(left), refill_s: refill }, relative: mult, durationMs: 0 };
    }
    case 'split_accumulation': {
      const mult = logUniform(rnd, 3, 50);
      const piece = a.p99 * uniform(rnd, 0.4, 0.95);
      const pieces = Math.max(2, Math.ceil((a.p99 * mult) / piece));
      // a whole number of equal pieces (in 0.01 contracts), so no remainder makes the last one bigger
      const each = Math.max(0.01, Math.floor((100 * a.p99 * mult) / pieces) / 100);
      const total = Math.round(each * pieces * 100) / 100;
      const duration = Math.round(uniform(rnd, 900, 3600));
      const cents = perCent !== null ? clamp(Math.round((0.5 * total) / perCent), 1, 10) : clamp(Math.round(mult / 6), 1, 10);
      return { params: { count: total, pieces, duration_s: duration, side: rnd() < 0.5 ? 'yes' : 'no', impact: cents / 100 }, relative: mult, durationMs: duration * 1000 };
    }
    case 'price_jump': {
      const move = uniform(rnd, 0.05, 0.25);
      const side = sideWithRoom(rnd, a.mid, move);
      return { params: { delta: round4(move), side, trades: intBetween(rnd, 3, 12), size: contracts(Math.max(1, a.medianSize)) }, relative: move * 100, durationMs: 60_000 };
    }
    case 'liquidity_drain': {
      const drain = uniform(rnd, 0.3, 0.9);
      const duration = Math.round(uniform(rnd, 900, 3600));
      return { params: { factor: round4(1 - drain), extra_spread_cents: Math.max(1, Math.round(drain * 4)), duration_s: duration }, relative: drain, durationMs: duration * 1000 };
    }
    case 'trade_burst': {
      const mult = logUniform(rnd, 3, 20);
      const perS = Math.max(a.ordersPerHour, 1e-6) / 3600;
      const duration = Math.round(uniform(rnd, 120, 360));
      const trades = Math.min(1500, Math.max(BURST_MIN_ORDERS, Math.ceil(mult * perS * duration)));
      return { params: { trades, duration_s: duration, size: contracts(Math.max(1, a.medianSize)) }, relative: trades / (perS * duration), durationMs: duration * 1000 };
    }
    case 'off_hours': {
      const duration = Math.round(uniform(rnd, 300, 1200));
      const size = a.p99 * logUniform(rnd, 0.25, 1);
      return { params: { trades: intBetween(rnd, 3, 10), duration_s: duration, side: rnd() < 0.5 ? 'yes' : 'no', size: contracts(size), impact: round4(uniform(rnd, 0.02, 0.08)) }, relative: size / a.p99, durationMs: duration * 1000 };
    }
  }
}
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
/** The fewest orders a burst has, on any market (see trade_burst above). */
export const BURST_MIN_ORDERS = 5;

// ───────────────────────────── matching and metrics

/** An injected scenario as the exchange reports it (ground truth), with the eval's own labels. */
export interface InjectedScenario {
  id: string;
  type: ScenarioType;
  tickers: readonly string[];
  startMs: number;
  /** when the injected activity ends (the detection window runs on from here) */
  endMs: number;
  tercile: Tercile;
}
export interface Flag {
  ticker: string;
  ms: number;
}

/** A scenario explains a flag on one of its markets from its start until `windowMs` after its end. */
export const inWindow = (s: InjectedScenario, f: Flag, windowMs: number) => s.tickers.includes(f.ticker) && f.ms >= s.startMs && f.ms <= s.endMs + windowMs;

export interface Matched {
  /** per scenario id: the first alert in its window, if any */
  firstAlert: Map<string, Flag>;
  /** per scenario id: whether any High (or higher) score fell in its window */
  high: Set<string>;
  /** per alert (index into the input): the scenario that explains it, or null */
  explainedBy: (string | null)[];
}

export function matchFlags(scenarios: readonly InjectedScenario[], alerts: readonly Flag[], highScores: readonly Flag[], windowMs: number): Matched {
  const firstAlert = new Map<string, Flag>();
  const high = new Set<string>();
  const byTicker = new Map<string, InjectedScenario[]>();
  for (const s of scenarios) for (const t of s.tickers) {
    let l = byTicker.get(t);
    if (!l) byTicker.set(t, (l = []));
    l.push(s);
  }
  const explainedBy = alerts.map((a) => {
    const hit = (byTicker.get(a.ticker) ?? []).filter((s) => inWindow(s, a, windowMs)).sort((x, y) => x.startMs - y.startMs)[0];
    if (hit) {
      const prev = firstAlert.get(hit.id);
      if (!prev || a.ms < prev.ms) firstAlert.set(hit.id, a);
    }
    return hit?.id ?? null;
  });
  for (const h of highScores) for (const s of byTicker.get(h.ticker) ?? []) if (inWindow(s, h, windowMs)) high.add(s.id);
  return { firstAlert, high, explainedBy };
}

export interface TypeRow {
  type: ScenarioType;
  n: number;
  recallAlert: number;
  recallHigh: number;
  /**
   * Of all alerts during the evaluation on the markets this type targeted, the share that fall
   * in one of its scenarios' detection windows (NaN when those markets never alerted).
   */
  precision: number;
  /** minutes from a scenario's first injected activity to its first alert, median over those alerted */
  medianMinutesToAlert: number | null;
  /** alert recall by the target's activity tercile */
  byTercile: Record<Tercile, { n: number; recallAlert: number }>;
}

export interface QuietSummary {
  marketDays: number;
  falseAlerts: number;
  falseAlertsPer1000: number;
  upper95Per1000: number;
}

export interface Report {
  types: TypeRow[];
  quiet: QuietSummary;
  /** alerts explained by any scenario / all alerts in the evaluation period */
  overallPrecision: number;
  alerts: number;
  explainedAlerts: number;
}

/**
 * The report. `alerts` are every alert row (any rule) created during the evaluation period;
 * `highScores` every stored score with composite ≥ High; `quietExposureDays` the market-days
 * each quiet market (eligible, and in no event a scenario touched) was monitored.
 */
export function buildReport(input: {
  scenarios: readonly InjectedScenario[];
  alerts: readonly Flag[];
  highScores: readonly Flag[];
  windowMs: number;
  quietExposureDays: ReadonlyMap<string, number>;
}): Report {
  const { scenarios, alerts, highScores, windowMs, quietExposureDays } = input;
  const m = matchFlags(scenarios, alerts, highScores, windowMs);
  const rate = (x: number, n: number) => (n > 0 ? x / n : NaN);
  const types: TypeRow[] = SCENARIO_TYPES.map((type) => {
    const of = scenarios.filter((s) => s.type === type);
    const tickers = new Set(of.flatMap((s) => s.tickers));
    const ids = new Set(of.map((s) => s.id));
    const onTargets = alerts.map((a, i) => ({ a, by: m.explainedBy[i] })).filter(({ a }) => tickers.has(a.ticker));
    const minutes = of.flatMap((s) => {
      const f = m.firstAlert.get(s.id);
      return f ? [(f.ms - s.startMs) / MINUTE_MS] : [];
    });
    const byTercile = Object.fromEntries(
      TERCILES.map((t) => {
        const sub = of.filter((s) => s.tercile === t);
        return [t, { n: sub.length, recallAlert: rate(sub.filter((s) => m.firstAlert.has(s.id)).length, sub.length) }];
      }),
    ) as TypeRow['byTercile'];
    return {
      type,
      n: of.length,
      recallAlert: rate(of.filter((s) => m.firstAlert.has(s.id)).length, of.length),
      recallHigh: rate(of.filter((s) => m.high.has(s.id)).length, of.length),
      precision: rate(onTargets.filter(({ by }) => by != null && ids.has(by)).length, onTargets.length),
      medianMinutesToAlert: minutes.length ? median(minutes) : null,
      byTercile,
    };
  });
  let marketDays = 0;
  for (const d of quietExposureDays.values()) marketDays += d;
  const falseAlerts = alerts.filter((a) => quietExposureDays.has(a.ticker)).length;
  const explainedAlerts = m.explainedBy.filter((x) => x !== null).length;
  return {
    types,
    quiet: { marketDays, falseAlerts, ...falseAlertRate(falseAlerts, marketDays) },
    overallPrecision: rate(explainedAlerts, alerts.length),
    alerts: alerts.length,
    explainedAlerts,
  };
}

/** The `--json` file: exactly the agreed shape (NaN → null), plus the overall precision. */
export function reportJson(r: Report) {
  const n = (x: number | null) => (x === null || !Number.isFinite(x) ? null : Math.round(x * 10_000) / 10_000);
  return {
    types: r.types.map((t) => ({ type: t.type, n: t.n, recallAlert: n(t.recallAlert), recallHigh: n(t.recallHigh), precision: n(t.precision), medianMinutesToAlert: n(t.medianMinutesToAlert) })),
    quiet: { marketDays: n(r.quiet.marketDays), falseAlerts: r.quiet.falseAlerts, falseAlertsPer1000: n(r.quiet.falseAlertsPer1000), upper95Per1000: n(r.quiet.upper95Per1000) },
    overallPrecision: n(r.overallPrecision),
  };
}
