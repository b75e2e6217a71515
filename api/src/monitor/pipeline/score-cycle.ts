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
  type ScoringTrade,
  type SignalResult,
  WINDOWS,
  composeScore,
  crossMarketScores,
  scoreSignals,
} from '../scoring/index.ts';
import { computeBaselinesFor, loadBaselines } from './baselines.ts';

/** New markets get a baseline during the cycle, at most this many per cycle. */
export const BASELINES_PER_CYCLE = 200;

/** Book mids from recent cycles: the price at the window start and five minutes ago. */
export class PriceMemory {
  private readonly mids = new Map<string, { ts: number; mid: number }[]>();

  record(ticker: string, book: BookState): void {
    if (book.bestYesBid === null || book.bestYesAsk === null) return;
    let list = this.mids.get(ticker);
    if (!list) this.mids.set(ticker, (list = []));
    list.push({ ts: book.ts, mid: (book.bestYesBid + book.bestYesAsk) / 2 });
    // Keep just over one scoring window of history.
    while (list.length > 0 && book.ts - list[0]!.ts > WINDOWS.scoringWindowMs + 10 * 60_000) list.shift();
  }

  /** The latest mid recorded at or before `ts` (within 4 minutes of it), else null. */
  at(ticker: string, ts: number): number | null {
    const list = this.mids.get(ticker);
    if (!list) return null;
    for (let i = list.length - 1; i >= 0; i--) {
      const entry = list[i]!;
      if (entry.ts <= ts) return ts - entry.ts <= 4 * 60_000 ? entry.mid : null;
    }
    return null;
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
  prices: PriceMemory,
  onlyTickers?: readonly string[],
): Promise<{ scored: ScoredMarket[]; counts: Record<string, number> }> {
  const now = deps.now();
  const nowMs = now.getTime();
  const windowStart = new Date(nowMs - WINDOWS.scoringWindowMs);
  const markets = onlyTickers
    ? await deps.pool.query<{ ticker: string; event_ticker: string; latest_label: string | null }>(
        `SELECT ticker, event_ticker, latest_label FROM markets WHERE eligible
         AND event_ticker IN (SELECT event_ticker FROM markets WHERE ticker = ANY($1))`,
        [onlyTickers],
      )
    : await deps.pool.query<{ ticker: string; event_ticker: string; latest_label: string | null }>(
        'SELECT ticker, event_ticker, latest_label FROM markets WHERE eligible',
      );
  const subset = onlyTickers ? markets.rows.map((m) => m.ticker) : null;

  // Newly eligible markets get a baseline before they are scored, a bounded number per cycle.
  let baselines = await loadBaselines(deps.pool, subset ?? undefined);
  const missing = markets.rows.filter((m) => !baselines.has(m.ticker)).map((m) => m.ticker);
  const built = missing.length ? await computeBaselinesFor(deps.pool, missing.slice(0, BASELINES_PER_CYCLE), now, deps.signal) : 0;
  if (built) baselines = await loadBaselines(deps.pool, subset ?? undefined);

  const tradeRows = await deps.pool.query<{ ticker: string; trade_id: string; ms: number; price: number; count: number; side: 'yes' | 'no' }>(
    `SELECT ticker, trade_id, (extract(epoch from created_time) * 1000)::float8 AS ms, yes_price::float8 AS price,
            count::float8 AS count, taker_outcome_side AS side
     FROM market_trades WHERE created_time > $1 AND created_time <= $2 ${subset ? 'AND ticker = ANY($3)' : ''}
     ORDER BY created_time`,
    subset ? [windowStart, now, subset] : [windowStart, now],
  );
  const tradesBy = new Map<string, ScoringTrade[]>();
  for (const r of tradeRows.rows) {
    let list = tradesBy.get(r.ticker);
    if (!list) tradesBy.set(r.ticker, (list = []));
    list.push({ tradeId: r.trade_id, ts: r.ms, yesPrice: r.price, count: r.count, takerSide: r.side });
  }

  // Local signals for every market, then cross-market per event.
  // Six thousand markets take 50–150 ms of CPU: scored in slices so API requests are not held.
  const local = await mapSliced(markets.rows, (m) => {
    const trades = tradesBy.get(m.ticker) ?? [];
    const book = books.get(m.ticker) ?? null;
    const baseline = baselines.get(m.ticker) ?? null;
    const priceBefore = prices.at(m.ticker, nowMs - WINDOWS.scoringWindowMs);
    const priceShortBefore = prices.at(m.ticker, nowMs - WINDOWS.shortMoveMs);
    const signals = scoreSignals({ ticker: m.ticker, eventTicker: m.event_ticker, now: nowMs, trades, priceBefore, priceShortBefore, book, baseline });
    const start = priceBefore ?? trades[0]?.yesPrice ?? null;
    const end = book && book.bestYesBid !== null && book.bestYesAsk !== null ? (book.bestYesBid + book.bestYesAsk) / 2 : trades.at(-1)?.yesPrice ?? start;
    return { market: m, trades, baseline, signals, priceChange: start !== null && end !== null ? end - start : 0 };
  });
  if (!onlyTickers) for (const [ticker, book] of books) prices.record(ticker, book);

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
