// One scoring pass over every eligible market: the window's trades, this cycle's books and
// each market's own baseline go through the pure scoring model; cross-market signals are
// computed per event; results are stored and the dashboard's latest-score columns updated.
import type pg from 'pg';
import type { EventBus } from '../../lib/event-bus.ts';
import { createSlicer, mapSliced } from '../../lib/slicer.ts';
import {
  type Baseline,
  type BookState,
  type CompositeScore,
  type LocalSignals,
  type PriorPools,
  type RecentBooks,
  type RecentRate,
  type ScoringTrade,
  type SignalResult,
  WINDOWS,
  composeScore,
  crossMarketScores,
  median,
  medianMad,
  poolPriors,
  scoreSignals,
  toOrders,
} from '../scoring/index.ts';
import { BaselineCache, computeBaselinesFor } from './baselines.ts';

/** New markets get a baseline during the cycle, at most this many per cycle. */
export const BASELINES_PER_CYCLE = 200;

/** How long the books of recent cycles are remembered: the liquidity reference of markets without book history. */
const RECENT_BOOKS_MS = 2 * 60 * 60_000;
/** Cycles whose order counts are remembered: two hours of five-minute cycles. */
const RECENT_CYCLES = 24;

/**
 * What the scoring keeps between cycles, in memory (rebuilt after a restart): each market's books of the last two
 * hours (for the price at the window start and five minutes ago, and as the liquidity reference until the market has
 * book history of its own), the priors pooled from the last full cycle's baselines (the live path reuses them) and the
 * stored baselines themselves, reread only where they were recomputed.
 */
export class MarketMemory {
  private readonly books = new Map<string, { ts: number; mid: number | null; spread: number | null; depth: number; levelMedian: number | null }[]>();
  /** The last RECENT_CYCLES full cycles: their sequence number, when each ran and how long it covered since the one before. */
  private readonly cycles: { seq: number; ts: number; coveredMs: number }[] = [];
  /**
   * Orders each market traded in each of those cycles, in a ring indexed by the cycle's sequence number (slot
   * RECENT_CYCLES holds the last cycle it traded in): a small typed array per market that traded in the last two hours.
   */
  private readonly orders = new Map<string, Uint32Array>();
  private seq = 0;
  pools: PriorPools | null = null;
  /** The stored baselines, reread only where they were recomputed. */
  readonly baselines = new BaselineCache();

  /** One full cycle at `ts`: the orders (fills merged by timestamp and side) of each market since the cycle before. */
  recordOrders(ts: number, tradesBy: ReadonlyMap<string, readonly ScoringTrade[]>): void {
    const prev = this.cycles.at(-1);
    if (prev && prev.ts >= ts) return;
    const seq = ++this.seq;
    const slot = seq % RECENT_CYCLES;
    const coveredMs = prev ? Math.min(ts - prev.ts, WINDOWS.scoringWindowMs) : 0;
    this.cycles.push({ seq, ts, coveredMs });
    while (this.cycles.length > RECENT_CYCLES || ts - this.cycles[0]!.ts >= RECENT_BOOKS_MS) this.cycles.shift();
    // the slot this cycle reuses held a cycle now forgotten; markets silent for all remembered cycles are dropped
    for (const [ticker, ring] of this.orders) {
      ring[slot] = 0;
      if (seq - ring[RECENT_CYCLES]! >= RECENT_CYCLES) this.orders.delete(ticker);
    }
    const from = ts - coveredMs;
    for (const [ticker, trades] of tradesBy) {
      const n = toOrders(trades.filter((t) => t.ts > from)).n;
      if (n === 0) continue;
      let ring = this.orders.get(ticker);
      if (!ring) this.orders.set(ticker, (ring = new Uint32Array(RECENT_CYCLES + 1)));
      ring[slot] = n;
      ring[RECENT_CYCLES] = seq;
    }
  }

  /** The market's orders in the remembered cycles that ended at or before `beforeTs`, or null when none covers it. */
  recentRate(ticker: string, beforeTs: number): RecentRate | null {
    const ring = this.orders.get(ticker);
    let coveredMs = 0;
    let n = 0;
    for (const c of this.cycles) {
      if (c.ts > beforeTs) continue;
      coveredMs += c.coveredMs;
      if (ring) n += ring[c.seq % RECENT_CYCLES]!;
    }
    return coveredMs > 0 ? { orders: n, hours: coveredMs / 3_600_000 } : null;
  }

  record(ticker: string, book: BookState): void {
    let list = this.books.get(ticker);
    if (!list) this.books.set(ticker, (list = []));
    const mid = book.bestYesBid !== null && book.bestYesAsk !== null ? (book.bestYesBid + book.bestYesAsk) / 2 : null;
    const last = list.at(-1);
    if (last && last.ts >= book.ts) return;
    list.push({ ts: book.ts, mid, spread: mid !== null ? book.spread : null, depth: book.depth, levelMedian: book.levelMedian ?? null });
    while (list.length > 0 && book.ts - list[0]!.ts > RECENT_BOOKS_MS) list.shift();
  }

  /** The latest two-sided mid recorded at or before `ts` (within 4 minutes of it), else null. */
  at(ticker: string, ts: number): number | null {
    const list = this.books.get(ticker);
    if (!list) return null;
    for (let i = list.length - 1; i >= 0; i--) {
      const entry = list[i]!;
      if (entry.ts <= ts) return ts - entry.ts <= 4 * 60_000 && entry.mid !== null ? entry.mid : null;
    }
    return null;
  }

  /** Medians of the books recorded before `beforeTs` (the previous cycles), or null when there are none. */
  recent(ticker: string, beforeTs: number): RecentBooks | null {
    const list = this.books.get(ticker)?.filter((b) => b.ts < beforeTs);
    if (!list || list.length === 0) return null;
    const spreads = Float64Array.from(list.map((b) => b.spread).filter((x): x is number => x !== null && Number.isFinite(x)));
    const spread = spreads.length ? medianMad(spreads) : null;
    const logDepth = medianMad(Float64Array.from(list, (b) => Math.log1p(b.depth)));
    return {
      spreadMedian: spread?.median ?? null,
      spreadMad: spread?.mad ?? null,
      depthMedian: median(Float64Array.from(list, (b) => b.depth)),
      logDepthMad: logDepth.mad,
      count: list.length,
      previous: list,
    };
  }
}

export interface ScoredMarket {
  ticker: string;
  eventTicker: string;
  signals: LocalSignals;
  crossMarket: SignalResult;
  score: CompositeScore;
  trades: ScoringTrade[];
  baseline: Baseline | null;
}

export interface ScoreCycleDeps {
  pool: pg.Pool;
  now: () => Date;
  events?: EventBus;
  signal?: AbortSignal;
}

/**
 * Scores every eligible market, or — for the real-time path — only the markets of the events
 * that `onlyTickers` belong to (siblings are needed for the cross-market signal).
 */
export async function scoreEligibleMarkets(
  deps: ScoreCycleDeps,
  books: ReadonlyMap<string, BookState>,
  memory: MarketMemory,
  onlyTickers?: readonly string[],
): Promise<{ scored: ScoredMarket[]; counts: Record<string, number> }> {
  const now = deps.now();
  const nowMs = now.getTime();
  const windowStart = new Date(nowMs - WINDOWS.scoringWindowMs);
  type MarketRow = { ticker: string; event_ticker: string; series_ticker: string; category: string; latest_label: string | null };
  const markets = onlyTickers
    ? await deps.pool.query<MarketRow>(
        `SELECT ticker, event_ticker, series_ticker, category, latest_label FROM markets WHERE eligible
         AND event_ticker IN (SELECT event_ticker FROM markets WHERE ticker = ANY($1))`,
        [onlyTickers],
      )
    : await deps.pool.query<MarketRow>('SELECT ticker, event_ticker, series_ticker, category, latest_label FROM markets WHERE eligible');
  const subset = onlyTickers ? markets.rows.map((m) => m.ticker) : null;

  // Newly eligible markets get a baseline before they are scored, a bounded number per cycle.
  let baselines = await memory.baselines.load(deps.pool, subset ?? undefined);
  const missing = markets.rows.filter((m) => !baselines.has(m.ticker)).map((m) => m.ticker);
  const built = missing.length ? await computeBaselinesFor(deps.pool, missing.slice(0, BASELINES_PER_CYCLE), now, deps.signal) : 0;
  if (built) baselines = await memory.baselines.load(deps.pool, subset ?? undefined);
  // Priors for warming-up markets, pooled by series and category from this cycle's mature baselines.
  if (!onlyTickers || !memory.pools) {
    const all = onlyTickers ? await loadMarketBaselines(deps.pool) : markets.rows.map((m) => ({ series: m.series_ticker, category: m.category, baseline: baselines.get(m.ticker) }));
    memory.pools = poolPriors(all);
  }
  const pools = memory.pools;

  const tradeRows = await deps.pool.query<{ ticker: string; trade_id: string; ms: number; price: number; count: number; side: 'yes' | 'no' }>(
    `SELECT ticker, trade_id, (extract(epoch from created_time) * 1000)::float8 AS ms, yes_price::float8 AS price,
            count::float8 AS count, taker_outcome_side AS side
     FROM market_trades WHERE created_time > $1 AND created_time <= $2 ${subset ? 'AND ticker = ANY($3)' : ''}
     ORDER BY created_time, trade_id`,
    subset ? [windowStart, now, subset] : [windowStart, now],
  );
  const tradesBy = new Map<string, ScoringTrade[]>();
  for (const r of tradeRows.rows) {
    let list = tradesBy.get(r.ticker);
    if (!list) tradesBy.set(r.ticker, (list = []));
    list.push({ tradeId: r.trade_id, ts: r.ms, yesPrice: r.price, count: r.count, takerSide: r.side });
  }

  // Without a two-sided book at the window start, the window starts from the last trade before it.
  const lastTradeBefore = await lastPricesBefore(
    deps.pool,
    markets.rows.map((m) => m.ticker).filter((t) => memory.at(t, nowMs - WINDOWS.scoringWindowMs) === null),
    windowStart,
  );

  // Local signals for every market, then cross-market per event.
  // Six thousand markets take 50–150 ms of CPU: scored in slices so API requests are not held.
  const local = await mapSliced(markets.rows, (m) => {
    const trades = tradesBy.get(m.ticker) ?? [];
    const book = books.get(m.ticker) ?? null;
    const baseline = baselines.get(m.ticker) ?? null;
    const remembered = memory.at(m.ticker, nowMs - WINDOWS.scoringWindowMs);
    const lastTrade = remembered === null ? lastTradeBefore.get(m.ticker) : undefined;
    const priceBefore = remembered ?? lastTrade?.price ?? null;
    const priceBeforeAt = lastTrade?.ms ?? null;
    const priceShortBefore = memory.at(m.ticker, nowMs - WINDOWS.shortMoveMs);
    const prior = pools.priorFor(m.series_ticker, m.category);
    // the previous cycles' books (not this one's: a drain is measured against what stood before it)
    const recentBooks = memory.recent(m.ticker, nowMs);
    // the orders of the cycles before the window (this window's own orders are what is judged)
    const recentRate = memory.recentRate(m.ticker, nowMs - WINDOWS.scoringWindowMs);
    const signals = scoreSignals({ ticker: m.ticker, eventTicker: m.event_ticker, now: nowMs, trades, priceBefore, priceBeforeAt, priceShortBefore, book, baseline, prior, recentBooks, recentRate });
    const start = priceBefore ?? trades[0]?.yesPrice ?? null;
    const end = book && book.bestYesBid !== null && book.bestYesAsk !== null ? (book.bestYesBid + book.bestYesAsk) / 2 : trades.at(-1)?.yesPrice ?? start;
    return { market: m, trades, baseline, signals, priceChange: start !== null && end !== null ? end - start : 0 };
  });
  if (!onlyTickers) {
    for (const [ticker, book] of books) memory.record(ticker, book);
    memory.recordOrders(nowMs, tradesBy);
  }

  const byEvent = new Map<string, typeof local>();
  for (const entry of local) {
    let list = byEvent.get(entry.market.event_ticker);
    if (!list) byEvent.set(entry.market.event_ticker, (list = []));
    list.push(entry);
  }
  const scored: ScoredMarket[] = [];
  const slicer = createSlicer();
  for (const entries of byEvent.values()) {
    if (slicer.due()) await slicer.pause();
    const cross = crossMarketScores(entries.map((e) => ({ ticker: e.market.ticker, signals: e.signals, priceChange: e.priceChange })));
    for (const e of entries) {
      const crossMarket = cross.get(e.market.ticker) ?? { score: 0, facts: {} };
      const score = composeScore({ ...e.signals, crossMarket }, { baselineStatus: e.signals.baselineStatus });
      scored.push({ ticker: e.market.ticker, eventTicker: e.market.event_ticker, signals: e.signals, crossMarket, score, trades: e.trades, baseline: e.baseline });
    }
  }

  const previousLabel = new Map(markets.rows.map((m) => [m.ticker, m.latest_label]));
  const stored = await storeScores(deps.pool, scored, now, previousLabel);
  for (const s of scored) {
    if (s.score.label !== 'LOW') {
      deps.events?.emit('score', { ticker: s.ticker, composite: s.score.composite, label: s.score.label, scoredAt: now.toISOString(), explanation: s.score.explanation });
    }
  }
  return {
    scored,
    counts: {
      marketsScored: scored.length,
      scoresStored: stored,
      windowTrades: tradeRows.rows.length,
      baselinesBuilt: built,
      medium: scored.filter((s) => s.score.label === 'MEDIUM').length,
      high: scored.filter((s) => s.score.label === 'HIGH').length,
      critical: scored.filter((s) => s.score.label === 'CRITICAL').length,
    },
  };
}

function details(s: ScoredMarket) {
  const { baselineStatus, ...signals } = s.signals;
  return {
    baselineStatus,
    historyHours: s.baseline ? Math.round(s.baseline.historyHours * 100) / 100 : 0,
    capped: s.score.capped,
    rawComposite: s.score.rawComposite,
    facts: Object.fromEntries(
      Object.entries({ ...signals, crossMarket: s.crossMarket }).map(([name, result]) => [name, result.facts]),
    ),
  };
}

/**
 * Score history: a row per market per cycle where something happened (trades in the window,
 * a non-zero score, or a label change). A quiet market's unbroken zeros are not stored; its
 * latest score on the market row says so. Storage grows with activity, not with the universe.
 */
async function storeScores(pool: pg.Pool, scored: ScoredMarket[], at: Date, previousLabel: Map<string, string | null>): Promise<number> {
  const worth = scored.filter((s) => s.trades.length > 0 || s.score.composite > 0 || previousLabel.get(s.ticker) !== s.score.label);
  for (let i = 0; i < worth.length; i += 2000) {
    const chunk = worth.slice(i, i + 2000);
    const sub = (k: keyof CompositeScore['subScores']) => chunk.map((s) => s.score.subScores[k]);
    await pool.query(
      `INSERT INTO market_scores (ticker, scored_at, trade_size, price_impact, liquidity, clustering, timing, cross_market,
         composite, label, gate_passed, explanation, details)
       SELECT u.t, $12, u.ts, u.pi, u.lq, u.cl, u.tm, u.cm, u.c, u.l::"ScoreLabel", u.g, u.e, u.d::jsonb
       FROM unnest($1::text[], $2::float8[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[],
                   $8::float8[], $9::text[], $10::boolean[], $11::text[], $13::text[])
         AS u(t, ts, pi, lq, cl, tm, cm, c, l, g, e, d)`,
      [
        chunk.map((s) => s.ticker),
        sub('tradeSize'),
        sub('priceImpact'),
        sub('liquidity'),
        sub('clustering'),
        sub('timing'),
        sub('crossMarket'),
        chunk.map((s) => s.score.composite),
        chunk.map((s) => s.score.label),
        chunk.map((s) => s.score.gatePassed),
        chunk.map((s) => s.score.explanation),
        at,
        chunk.map((s) => JSON.stringify(details(s))),
      ],
    );
  }
  for (let i = 0; i < scored.length; i += 5000) {
    const chunk = scored.slice(i, i + 5000);
    await pool.query(
      `UPDATE markets m SET latest_composite = u.c, latest_label = u.l::"ScoreLabel", latest_scored_at = $3
       FROM unnest($1::text[], $2::float8[], $4::text[]) AS u(t, c, l) WHERE m.ticker = u.t`,
      [chunk.map((s) => s.ticker), chunk.map((s) => s.score.composite), at, chunk.map((s) => s.score.label)],
    );
  }
  return worth.length;
}

/** Every eligible market's series, category and baseline (for pooling priors on the live path before a full cycle). */
async function loadMarketBaselines(pool: pg.Pool) {
  const { rows } = await pool.query<{ series: string; category: string; extra: Baseline | null }>(
    `SELECT m.series_ticker AS series, m.category, b.extra FROM markets m LEFT JOIN baselines b ON b.ticker = m.ticker WHERE m.eligible`,
  );
  return rows.map((r) => ({ series: r.series, category: r.category, baseline: r.extra }));
}

/** The last trade price at or before `at` of each market (one index probe per market, looking back a day at most). */
async function lastPricesBefore(pool: pg.Pool, tickers: string[], at: Date): Promise<Map<string, { price: number; ms: number }>> {
  if (tickers.length === 0) return new Map();
  const { rows } = await pool.query<{ ticker: string; price: number; ms: number }>(
    `SELECT t.ticker, last.price, last.ms FROM unnest($1::text[]) AS t(ticker)
     CROSS JOIN LATERAL (
       SELECT yes_price::float8 AS price, (extract(epoch from created_time) * 1000)::float8 AS ms FROM market_trades
       WHERE ticker = t.ticker AND created_time <= $2 AND created_time > $3
       ORDER BY created_time DESC, trade_id DESC LIMIT 1
     ) last`,
    [tickers, at, new Date(at.getTime() - 86_400_000)],
  );
  return new Map(rows.map((r) => [r.ticker, { price: r.price, ms: r.ms }]));
}
