// The Kalshi history collector (`npm run history`): settled markets with their results, their
// candlesticks (hourly over the market's life, 1-minute over its last hours) and optionally their
// trades, through the app's Kalshi client (public data, its rate limiter), into PostgreSQL.
//
// Resumable and idempotent by construction:
// - Listing: each page of markets is upserted before the cursor that follows it is checkpointed
//   (sync_cursors), so a rerun resumes at the first page not stored. Once a pass has listed
//   everything settled since `--since`, the next pass lists only from the latest settlement it
//   saw, less the pass's own duration and an hour: a market that settled while a pass was paging
//   (and so may have been passed over) is listed by the next one. The window is taken from the
//   settlement times Kalshi reports, never from this machine's clock.
// - Candles and trades: a market's rows and its `candles_at`/`trades_at` flags are committed in
//   one transaction, and every row has a primary key with ON CONFLICT DO NOTHING; the work list
//   is read back from the database (markets without the flag), never kept in memory.
import type pg from 'pg';
import type { KalshiClient, Market } from '../kalshi/index.ts';
import {
  countPendingMarkets,
  nextPendingMarkets,
  readCursor,
  storeMarketBatches,
  upsertHistoryMarkets,
  writeCursor,
  type HistoryCandleRow,
  type HistoryMarketRow,
  type HistoryTradeRow,
  type MarketBatch,
  type PendingFilter,
  type PendingMarket,
} from './history.queries.ts';

export const HISTORY_DEFAULTS = {
  /** How far back settlements are collected when `--since` is not given. */
  sinceDays: 30,
  /** 1-minute candles over this many hours before close (0: none). */
  minuteHours: 48,
  /** Markets fetched at once: enough to keep the rate limiter's queue full. */
  concurrency: 8,
  /** Kalshi answers at most this many candlesticks per request. */
  maxCandlesPerRequest: 5000,
  /** A new pass re-lists this much of the previous one's window (late settlements, clock skew). */
  overlapMs: 3_600_000,
} as const;

export interface CollectOptions {
  /** Markets settled at or after this time. */
  sinceMs: number;
  /** Only these series (tickers). */
  series?: readonly string[] | null;
  /** Only markets whose series is in these categories (Kalshi's names, e.g. "Economics"). */
  categories?: readonly string[] | null;
  /** Also collect every trade of each market. */
  trades?: boolean;
  minuteHours?: number;
  concurrency?: number;
  /** Commit once this many rows are waiting (default 20,000; also every 250 ms). */
  batchRows?: number;
  signal?: AbortSignal;
  onProgress?: (p: CollectProgress) => void;
  now?: () => number;
}

export interface CollectProgress {
  phase: 'listing' | 'candles' | 'done';
  /** Markets listed (stored) in this run. */
  listed: number;
  /** Markets whose candles (and trades) were committed in this run. */
  collected: number;
  /** Markets that needed candles when the candle phase started. */
  toCollect: number;
  candles: number;
  trades: number;
  requests: number;
}

export interface CollectResult extends CollectProgress {
  /** Markets settled from this time on were listed by this run. */
  sinceMs: number;
  cutoffMs: number;
  malformed: number;
}

interface Pass {
  v: 2;
  /** settlements listed from */
  sinceMs: number;
  /** the earliest settlement from which every market is listed once this pass is done */
  coveredFromMs: number;
  /** client clock at the pass's start and end: only its duration is used */
  startedMs: number;
  finishedMs: number | null;
  /** the latest settlement time the pass saw (Kalshi's clock) */
  maxSettledMs: number | null;
  /** Kalshi's market cutoff when the pass started: its listing streams depend on it */
  cutoffMs: number;
  streams: Stream[];
  /** index into `streams` */
  stream: number;
  cursor: string | null;
  done: boolean;
}

interface Stream {
  kind: 'live' | 'historical';
  series: string | null;
}

const HOUR_S = 3600;

/** The key under which a filter set's listing progress is kept (one per series/category selection). */
export function passKey(series: readonly string[] | null | undefined, categories: readonly string[] | null | undefined): string {
  const s = series?.length ? [...series].sort().join(',') : '*';
  const c = categories?.length ? [...categories].sort().join(',') : '*';
  return `history:markets:series=${s};categories=${c}`;
}

export async function collectHistory(kalshi: KalshiClient, pool: pg.Pool, opts: CollectOptions): Promise<CollectResult> {
  const now = opts.now ?? Date.now;
  const series = opts.series?.length ? [...opts.series] : null;
  const categories = opts.categories?.length ? [...opts.categories] : null;
  const signal = opts.signal;
  const minuteHours = opts.minuteHours ?? HISTORY_DEFAULTS.minuteHours;
  const requests0 = kalshi.stats.requests;
  const progress: CollectProgress = { phase: 'listing', listed: 0, collected: 0, toCollect: 0, candles: 0, trades: 0, requests: 0 };
  const report = () => {
    progress.requests = kalshi.stats.requests - requests0;
    opts.onProgress?.({ ...progress });
  };

  const cutoff = await kalshi.getHistoricalCutoff(signal);
  const cutoffMs = cutoff.market_settled_ts_ms;
  const tradesCutoffMs = cutoff.trades_created_ts_ms;
  const seriesList = await kalshi.getSeriesList({}, signal);
  const seriesOf = new Map(seriesList.map((s) => [s.ticker, s]));

  // ── listing: resume the unfinished pass of this filter set, or start the next one
  const key = passKey(series, categories);
  const saved = await readCursor(pool, key);
  const prev = saved ? (JSON.parse(saved) as Partial<Pass>) : null;
  let pass: Pass | null = prev?.v === 2 ? (prev as Pass) : null;
  // Kalshi moved its cutoff while this pass was unfinished: markets may have moved to a stream the
  // pass already listed, so it is listed again from its start (stored rows are upserted, not doubled).
  const cutoffMoved = pass !== null && !pass.done && pass.cutoffMs !== cutoffMs;
  if (!pass || opts.sinceMs < pass.coveredFromMs || pass.done || cutoffMoved) {
    let sinceMs = opts.sinceMs;
    let coveredFromMs = opts.sinceMs;
    if (pass && cutoffMoved && opts.sinceMs >= pass.coveredFromMs) {
      sinceMs = pass.sinceMs;
      coveredFromMs = pass.coveredFromMs;
    } else if (pass?.done && opts.sinceMs >= pass.coveredFromMs) {
      // everything settled since coveredFrom was listed, except what settled while that pass paged
      coveredFromMs = pass.coveredFromMs;
      const seen = pass.maxSettledMs ?? pass.sinceMs;
      sinceMs = Math.max(opts.sinceMs, seen - ((pass.finishedMs ?? pass.startedMs) - pass.startedMs) - HISTORY_DEFAULTS.overlapMs);
    }
    const streams: Stream[] = [];
    const byStream = series ?? [null];
    // Kalshi lists markets settled before the cutoff only under /historical/markets.
    if (sinceMs < cutoffMs) for (const s of byStream) streams.push({ kind: 'historical', series: s });
    for (const s of byStream) streams.push({ kind: 'live', series: s });
    pass = { v: 2, sinceMs, coveredFromMs, startedMs: now(), finishedMs: null, maxSettledMs: null, cutoffMs, streams, stream: 0, cursor: null, done: false };
    await writeCursor(pool, key, JSON.stringify(pass));
  }
  const streams = pass.streams;
  const passCutoffMs = pass.cutoffMs;

  const toRow = (m: Market, source: 'live' | 'historical', seriesTicker: string | null): HistoryMarketRow | null => {
    const st = seriesTicker ?? m.event_ticker.split('-')[0] ?? m.event_ticker;
    const info = seriesOf.get(st);
    const category = info?.category ?? 'Unknown';
    if (categories && !categories.includes(category)) return null;
    const settledAt = m.settlement_ts ? new Date(m.settlement_ts) : new Date(m.close_time_ms);
    const t = settledAt.getTime();
    if (t < pass!.sinceMs) return null;
    if (source === 'historical' && t >= passCutoffMs) return null;
    return {
      ticker: m.ticker,
      eventTicker: m.event_ticker,
      seriesTicker: st,
      category,
      feeType: info?.fee_type ?? null,
      feeMultiplier: info?.fee_multiplier === undefined || info.fee_multiplier === null ? null : String(info.fee_multiplier),
      yesSubTitle: m.yes_sub_title ?? null,
      marketType: m.market_type ?? 'binary',
      status: m.status,
      result: m.result ?? '',
      settlementValue: m.settlement_value_dollars ?? null,
      openTime: m.open_time_ms === null ? null : new Date(m.open_time_ms),
      closeTime: new Date(m.close_time_ms),
      settledAt,
      volume: m.volume_fp,
      openInterest: m.open_interest_fp,
      lastPrice: m.last_price_dollars,
      source,
    };
  };

  for (; pass.stream < streams.length; pass.stream++, pass.cursor = null) {
    const s = streams[pass.stream]!;
    const sinceS = Math.floor(pass.sinceMs / 1000);
    const pages =
      s.kind === 'live'
        ? kalshi.listMarketPages(
            { status: 'settled', min_settled_ts: Math.max(sinceS, Math.floor(passCutoffMs / 1000)), series_ticker: s.series ?? undefined, cursor: pass.cursor ?? undefined },
            { signal },
          )
        : kalshi.listHistoricalMarketPages({ series_ticker: s.series ?? undefined, cursor: pass.cursor ?? undefined }, { signal });
    for await (const page of pages) {
      for (const m of page.items) {
        const t = m.settlement_ts ? Date.parse(m.settlement_ts) : m.close_time_ms;
        if (Number.isFinite(t) && (pass.maxSettledMs === null || t > pass.maxSettledMs)) pass.maxSettledMs = t;
      }
      const rows = page.items.map((m) => toRow(m, s.kind, s.series)).filter((r): r is HistoryMarketRow => r !== null);
      await upsertHistoryMarkets(pool, rows);
      progress.listed += rows.length;
      if (page.cursor === null) break;
      pass.cursor = page.cursor;
      await writeCursor(pool, key, JSON.stringify(pass));
      report();
    }
  }
  pass.done = true;
  pass.finishedMs = now();
  await writeCursor(pool, key, JSON.stringify(pass));

  // ── candles (and trades) of every listed market that lacks them, newest settlement first
  progress.phase = 'candles';
  const filter: PendingFilter = { sinceMs: opts.sinceMs, series, categories, trades: opts.trades === true };
  progress.toCollect = await countPendingMarkets(pool, filter);
  report();
  const writer = new BatchWriter(pool, opts.batchRows ?? 20_000);
  const concurrency = Math.max(1, opts.concurrency ?? HISTORY_DEFAULTS.concurrency);
  let batched = new Map<string, HistoryCandleRow[]>();
  const fetchOne = async (m: PendingMarket): Promise<MarketBatch> => {
    const candles = m.needCandles ? (batched.get(m.ticker) ?? (await fetchCandles(kalshi, m, minuteHours, signal))) : null;
    const trades = m.needTrades ? await fetchTrades(kalshi, m, tradesCutoffMs, signal) : null;
    return { ticker: m.ticker, candles, trades };
  };
  let after: { settledAt: Date; ticker: string } | null = null;
  // An aborted run stops like a crash: what is not committed is collected by the next run.
  signal?.addEventListener('abort', () => writer.discard(), { once: true });
  for (;;) {
    signal?.throwIfAborted();
    const batch = await nextPendingMarkets(pool, filter, after, 200);
    if (batch.length === 0) break;
    const last = batch[batch.length - 1]!;
    after = { settledAt: last.settledAt, ticker: last.ticker };
    // Markets after Kalshi's cutoff share batch requests; archived ones have only the per-market endpoint.
    batched = await fetchBatchedCandles(kalshi, batch.filter((m) => m.needCandles && m.source === 'live'), minuteHours, concurrency, signal);
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        signal?.throwIfAborted();
        const m = batch[next++]!;
        const b = await fetchOne(m);
        signal?.throwIfAborted();
        await writer.add(b, () => {
          progress.collected++;
          progress.candles += b.candles?.length ?? 0;
          progress.trades += b.trades?.length ?? 0;
          report();
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
  }
  await writer.flush();
  progress.phase = 'done';
  report();
  return { ...progress, sinceMs: pass.sinceMs, cutoffMs, malformed: Object.values(kalshi.stats.malformed).reduce((a, b) => a + b, 0) };
}

/**
 * Groups finished markets into one transaction every few hundred milliseconds or 20,000 rows:
 * fewer commits than one per market, and a crash loses at most the markets not yet committed.
 */
class BatchWriter {
  #pending: { batch: MarketBatch; done: () => void }[] = [];
  #rows = 0;
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> = Promise.resolve();
  #error: unknown = null;
  constructor(
    readonly pool: pg.Pool,
    readonly batchRows: number,
  ) {}

  async add(batch: MarketBatch, done: () => void): Promise<void> {
    if (this.#error) throw this.#error;
    this.#pending.push({ batch, done });
    this.#rows += (batch.candles?.length ?? 0) + (batch.trades?.length ?? 0) + 1;
    if (this.#rows >= this.batchRows) await this.flush();
    else this.#timer ??= setTimeout(() => void this.flush().catch(() => {}), 250);
  }

  discard(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending = [];
    this.#rows = 0;
  }

  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const items = this.#pending;
    this.#pending = [];
    this.#rows = 0;
    this.#flushing = this.#flushing.then(async () => {
      if (this.#error) throw this.#error;
      if (items.length === 0) return;
      try {
        await storeMarketBatches(this.pool, items.map((i) => i.batch));
      } catch (error) {
        this.#error = error;
        throw error;
      }
      for (const i of items) i.done();
    });
    return this.#flushing;
  }
}

/** Candle request windows: hourly over the whole life, 1-minute over the last `minuteHours` before close. */
export function candleWindows(openMs: number | null, closeMs: number, minuteHours: number): { period: 1 | 60; startTs: number; endTs: number }[] {
  const closeS = Math.floor(closeMs / 1000);
  const openS = Math.floor((openMs ?? closeMs - 86_400_000) / 1000);
  const out: { period: 1 | 60; startTs: number; endTs: number }[] = [];
  const span = (period: 1 | 60, from: number, to: number) => {
    const p = period * 60;
    // Kalshi returns candles ending in [start_ts, end_ts]: one request per 5,000 periods
    const step = HISTORY_DEFAULTS.maxCandlesPerRequest * p;
    const end = Math.ceil(to / p) * p;
    for (let s = from; s <= end; s += step) out.push({ period, startTs: s, endTs: Math.min(end, s + step - 1) });
  };
  span(60, openS, closeS);
  if (minuteHours > 0) span(1, Math.max(openS, closeS - minuteHours * HOUR_S), closeS);
  return out;
}

/** Kalshi's limits on `GET /markets/candlesticks`. */
const BATCH_MARKETS = 100;
const BATCH_CANDLES = 10_000;
/** A batch's shared window serves every member the union of their windows: bound the excess. */
const MAX_BATCH_OVERSERVE = 1.25;

/** Period ends in [startTs, endTs]: an upper bound on the candles Kalshi returns for the window. */
function periodsIn(startTs: number, endTs: number, period: number): number {
  const p = period * 60;
  const first = Math.ceil(startTs / p) * p;
  const last = Math.floor(endTs / p) * p;
  return last >= first ? (last - first) / p + 1 : 0;
}

/**
 * Candles of live markets through the batch endpoint: markets whose windows nearly coincide (the
 * strikes of one event share theirs) share one request over the union of their windows, within
 * Kalshi's 100 markets and 10,000 candlesticks and with at most a quarter of the candles served
 * outside a member's own windows; each market keeps only the candles of its own windows, so the
 * rows are exactly those of one request per market. A market the batch does not answer for is left out of the
 * result (the per-market path collects it).
 */
export async function fetchBatchedCandles(kalshi: KalshiClient, markets: readonly PendingMarket[], minuteHours: number, concurrency: number, signal?: AbortSignal): Promise<Map<string, HistoryCandleRow[]>> {
  type Want = { ticker: string; period: 1 | 60; startTs: number; endTs: number };
  const wants: Want[] = [];
  const single = new Set<string>();
  for (const m of markets) {
    const windows = candleWindows(m.openMs, m.closeMs, minuteHours);
    // A window split over several requests (a life of more than 5,000 periods) goes alone.
    if (windows.filter((w) => w.period === 60).length > 1 || windows.filter((w) => w.period === 1).length > 1) single.add(m.ticker);
    else for (const w of windows) wants.push({ ticker: m.ticker, ...w });
  }
  const plans: { period: 1 | 60; startTs: number; endTs: number; own: number; members: Want[] }[] = [];
  for (const period of [60, 1] as const) {
    const ws = wants.filter((w) => w.period === period && !single.has(w.ticker)).sort((a, b) => a.startTs - b.startTs || a.endTs - b.endTs);
    let plan: (typeof plans)[number] | null = null;
    for (const w of ws) {
      const own = periodsIn(w.startTs, w.endTs, period);
      if (plan) {
        const startTs = Math.min(plan.startTs, w.startTs);
        const endTs = Math.max(plan.endTs, w.endTs);
        const served = (plan.members.length + 1) * periodsIn(startTs, endTs, period);
        // Within Kalshi's limits, and at most a quarter more candles served than the markets need.
        if (plan.members.length < BATCH_MARKETS && served <= BATCH_CANDLES && served <= MAX_BATCH_OVERSERVE * (plan.own + own)) {
          Object.assign(plan, { startTs, endTs, own: plan.own + own });
          plan.members.push(w);
          continue;
        }
      }
      plan = { period, startTs: w.startTs, endTs: w.endTs, own, members: [w] };
      plans.push(plan);
    }
  }
  const rows = new Map<string, HistoryCandleRow[]>();
  const answered = new Map<string, number>();
  let next = 0;
  const worker = async () => {
    while (next < plans.length) {
      signal?.throwIfAborted();
      const plan = plans[next++]!;
      const res = await kalshi.getBatchCandleNumbers({ market_tickers: plan.members.map((w) => w.ticker), start_ts: plan.startTs, end_ts: plan.endTs, period_interval: plan.period }, signal);
      const own = new Map(plan.members.map((w) => [w.ticker, w]));
      for (const r of res) {
        const w = own.get(r.ticker);
        if (!w) continue;
        answered.set(r.ticker, (answered.get(r.ticker) ?? 0) + 1);
        const list = rows.get(r.ticker) ?? [];
        for (const c of r.candlesticks) {
          if (c.end_period_ts < w.startTs || c.end_period_ts > w.endTs) continue;
          list.push({ periodMinutes: plan.period, endPeriodTs: c.end_period_ts, yesBid: c.yes_bid, yesAsk: c.yes_ask, price: c.price, volumeCenti: c.volume_centi, openInterestCenti: c.open_interest_centi });
        }
        rows.set(r.ticker, list);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, plans.length) }, worker));
  // Only markets answered for every one of their windows count as collected here.
  const windowsOf = new Map<string, number>();
  for (const w of wants) windowsOf.set(w.ticker, (windowsOf.get(w.ticker) ?? 0) + 1);
  for (const t of [...rows.keys()]) if (answered.get(t) !== windowsOf.get(t)) rows.delete(t);
  return rows;
}

export async function fetchCandles(kalshi: KalshiClient, m: PendingMarket, minuteHours: number, signal?: AbortSignal): Promise<HistoryCandleRow[]> {
  const rows: HistoryCandleRow[] = [];
  for (const w of candleWindows(m.openMs, m.closeMs, minuteHours)) {
    const res = await kalshi.getCandleNumbers(
      { series_ticker: m.seriesTicker, ticker: m.ticker, start_ts: w.startTs, end_ts: w.endTs, period_interval: w.period, historical: m.source === 'historical' },
      signal,
    );
    for (const c of res.candlesticks) {
      rows.push({ periodMinutes: w.period, endPeriodTs: c.end_period_ts, yesBid: c.yes_bid, yesAsk: c.yes_ask, price: c.price, volumeCenti: c.volume_centi, openInterestCenti: c.open_interest_centi });
    }
  }
  return rows;
}

async function fetchTrades(kalshi: KalshiClient, m: PendingMarket, tradesCutoffMs: number, signal?: AbortSignal): Promise<HistoryTradeRow[]> {
  const rows: HistoryTradeRow[] = [];
  const openS = Math.floor((m.openMs ?? m.closeMs - 86_400_000) / 1000);
  const closeS = Math.ceil(m.closeMs / 1000);
  const cutS = Math.floor(tradesCutoffMs / 1000);
  const take = (t: { trade_id: string; created_time_ms: number; yes_price_dollars: string; count_fp: string; taker_outcome_side: string }) =>
    rows.push({ tradeId: t.trade_id, createdTime: new Date(t.created_time_ms), yesPrice: t.yes_price_dollars, count: t.count_fp, takerOutcomeSide: t.taker_outcome_side });
  // trades before Kalshi's trade cutoff are only under /historical/trades
  if (openS < cutS) {
    for await (const page of kalshi.listHistoricalTradePages({ ticker: m.ticker, min_ts: openS, max_ts: Math.min(closeS, cutS - 1) }, { signal })) page.items.forEach(take);
  }
  if (closeS >= cutS) {
    for await (const page of kalshi.listTradePages({ ticker: m.ticker, min_ts: Math.max(openS, cutS), max_ts: closeS }, { signal })) page.items.forEach(take);
  }
  return rows;
}
