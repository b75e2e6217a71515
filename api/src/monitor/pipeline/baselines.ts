// Rolling baselines per market over up to 7 days, robust to outliers (median and MAD) and
// aware of the hour of day. Rates are taken over the span each market has actually been
// observed (since it opened, or since the monitor's tape history begins), never over a
// nominal 7 days: after a fresh install with a day of backfill, a market's orders per hour
// are its orders per hour, not a seventh of them. Recomputed for every eligible market every 6 hours; between recomputations a
// market that has none yet (newly eligible) gets one during the scoring cycle, a bounded
// number per cycle, so baselines stay current without rereading all history every 5 minutes.
import type pg from 'pg';
import { type Baseline, type BookState, type ScoringTrade, WINDOWS, computeBaseline } from '../scoring/index.ts';

const CHUNK = 100;
/** Baselines read back per query (each is a few kilobytes of JSON). */
const READ_CHUNK = 5000;

interface TradeRow {
  ticker: string;
  trade_id: string;
  ms: number;
  price: number;
  count: number;
  side: 'yes' | 'no';
}

interface BookRow {
  ticker: string;
  ms: number;
  bid: number | null;
  ask: number | null;
  depth: number;
}

async function loadHistory(pool: pg.Pool, tickers: string[], from: Date, to: Date) {
  const trades = await pool.query<TradeRow>(
    `SELECT ticker, trade_id, (extract(epoch from created_time) * 1000)::float8 AS ms, yes_price::float8 AS price,
            count::float8 AS count, taker_outcome_side AS side
     FROM market_trades WHERE ticker = ANY($1) AND created_time >= $2 AND created_time < $3
     ORDER BY ticker, created_time, trade_id`,
    [tickers, from, to],
  );
  const books = await pool.query<BookRow>(
    `SELECT ticker, (extract(epoch from captured_at) * 1000)::float8 AS ms, best_yes_bid::float8 AS bid,
            best_yes_ask::float8 AS ask, (yes_depth + no_depth)::float8 AS depth
     FROM orderbook_snapshots WHERE ticker = ANY($1) AND captured_at >= $2 AND captured_at < $3
     ORDER BY ticker, captured_at`,
    [tickers, from, to],
  );
  const tradesBy = new Map<string, ScoringTrade[]>();
  for (const r of trades.rows) {
    let list = tradesBy.get(r.ticker);
    if (!list) tradesBy.set(r.ticker, (list = []));
    list.push({ tradeId: r.trade_id, ts: r.ms, yesPrice: r.price, count: r.count, takerSide: r.side });
  }
  const booksBy = new Map<string, BookState[]>();
  for (const r of books.rows) {
    let list = booksBy.get(r.ticker);
    if (!list) booksBy.set(r.ticker, (list = []));
    list.push({ ts: r.ms, bestYesBid: r.bid, bestYesAsk: r.ask, spread: r.bid !== null && r.ask !== null ? r.ask - r.bid : null, depth: r.depth });
  }
  return { tradesBy, booksBy };
}

async function storeBaselines(pool: pg.Pool, entries: { ticker: string; baseline: Baseline }[], from: Date, to: Date) {
  if (entries.length === 0) return;
  const b = entries.map((e) => e.baseline);
  await pool.query(
    `INSERT INTO baselines (ticker, computed_at, window_start, window_end, trade_count, trade_size_median, trade_size_mad,
       trade_size_p99, trades_per_hour_median, trades_per_hour_mad, price_move_median, price_move_mad, spread_median,
       spread_mad, depth_median, depth_mad, hourly_profile, extra)
     SELECT u.t, $15, $16, $17, u.tc, u.tsm, u.tsd, u.p99, u.tphm, u.tphd, u.pmm, u.pmd, u.sm, u.sd, u.dm, u.dd, u.hp::jsonb, u.x::jsonb
     FROM unnest($1::text[], $2::int[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[],
                 $9::float8[], $10::float8[], $11::float8[], $12::float8[], $13::float8[], $14::text[], $18::text[])
       AS u(t, tc, tsm, tsd, p99, tphm, tphd, pmm, pmd, sm, sd, dm, dd, hp, x)
     JOIN markets m ON m.ticker = u.t
     ON CONFLICT (ticker) DO UPDATE SET computed_at = EXCLUDED.computed_at, window_start = EXCLUDED.window_start,
       window_end = EXCLUDED.window_end, trade_count = EXCLUDED.trade_count, trade_size_median = EXCLUDED.trade_size_median,
       trade_size_mad = EXCLUDED.trade_size_mad, trade_size_p99 = EXCLUDED.trade_size_p99,
       trades_per_hour_median = EXCLUDED.trades_per_hour_median, trades_per_hour_mad = EXCLUDED.trades_per_hour_mad,
       price_move_median = EXCLUDED.price_move_median, price_move_mad = EXCLUDED.price_move_mad,
       spread_median = EXCLUDED.spread_median, spread_mad = EXCLUDED.spread_mad, depth_median = EXCLUDED.depth_median,
       depth_mad = EXCLUDED.depth_mad, hourly_profile = EXCLUDED.hourly_profile, extra = EXCLUDED.extra`,
    [
      entries.map((e) => e.ticker),
      b.map((x) => x.tradeCount),
      b.map((x) => x.tradeSizeMedian),
      b.map((x) => x.tradeSizeMad),
      b.map((x) => x.tradeSizeP99),
      b.map((x) => x.tradesPerHourMedian),
      b.map((x) => x.tradesPerHourMad),
      b.map((x) => x.priceMoveMedian),
      b.map((x) => x.priceMoveMad),
      b.map((x) => x.spreadMedian),
      b.map((x) => x.spreadMad),
      b.map((x) => x.depthMedian),
      b.map((x) => x.depthMad),
      b.map((x) => JSON.stringify(x.hourlyProfile)),
      to,
      from,
      to,
      b.map((x) => JSON.stringify(x)),
    ],
  );
}

export const HISTORY_SINCE_KEY = 'monitor:history_since';

/**
 * When the monitor's tape history begins: the oldest stored trade the first time a baseline is
 * computed (the first backfill's start), remembered so later per-market backfills that reach
 * further back do not make every other market look observed for longer than it was.
 */
async function historySince(pool: pg.Pool): Promise<number | null> {
  const { rows } = await pool.query<{ value: string }>('SELECT value FROM sync_cursors WHERE key = $1', [HISTORY_SINCE_KEY]);
  if (rows[0]) return new Date(rows[0].value).getTime();
  const first = await pool.query<{ ms: number | null }>('SELECT (extract(epoch from min(created_time)) * 1000)::float8 AS ms FROM market_trades');
  const ms = first.rows[0]?.ms ?? null;
  if (ms === null) return null;
  await pool.query(
    `INSERT INTO sync_cursors (key, value, updated_at) VALUES ($1, $2, now()) ON CONFLICT (key) DO NOTHING`,
    [HISTORY_SINCE_KEY, new Date(ms).toISOString()],
  );
  return ms;
}

/**
 * The start of a market's observed history: the baseline window's start, but not before the
 * market opened, nor before the monitor began watching (unless its own trades reach further back:
 * it was backfilled by ticker).
 */
export function observedStart(windowStartMs: number, openMs: number | null, sinceMs: number | null, firstTradeMs: number | null): number {
  let watched = sinceMs ?? firstTradeMs ?? windowStartMs;
  if (firstTradeMs !== null && firstTradeMs < watched) watched = firstTradeMs;
  return Math.max(windowStartMs, openMs ?? -Infinity, watched);
}

/** Computes and stores baselines for `tickers`, CHUNK markets at a time (memory stays bounded). */
export async function computeBaselinesFor(pool: pg.Pool, tickers: string[], now: Date, signal?: AbortSignal): Promise<number> {
  const to = now;
  const from = new Date(now.getTime() - WINDOWS.baselineMs);
  const since = await historySince(pool);
  let computed = 0;
  for (let i = 0; i < tickers.length; i += CHUNK) {
    signal?.throwIfAborted();
    const chunk = tickers.slice(i, i + CHUNK);
    const { tradesBy, booksBy } = await loadHistory(pool, chunk, from, to);
    const opened = await pool.query<{ ticker: string; ms: number | null }>(
      'SELECT ticker, (extract(epoch from open_time) * 1000)::float8 AS ms FROM markets WHERE ticker = ANY($1)',
      [chunk],
    );
    const openMs = new Map(opened.rows.map((r) => [r.ticker, r.ms]));
    const entries = chunk.map((ticker) => {
      const trades = tradesBy.get(ticker) ?? [];
      const start = Math.min(to.getTime(), observedStart(from.getTime(), openMs.get(ticker) ?? null, since, trades[0]?.ts ?? null));
      return {
        ticker,
        baseline: computeBaseline({ trades, books: booksBy.get(ticker) ?? [], windowStart: start, windowEnd: to.getTime() }),
      };
    });
    await storeBaselines(pool, entries, from, to);
    computed += entries.length;
  }
  return computed;
}

export async function recomputeAllBaselines(pool: pg.Pool, now: Date, signal?: AbortSignal): Promise<{ baselines: number }> {
  const { rows } = await pool.query<{ ticker: string }>('SELECT ticker FROM markets WHERE eligible ORDER BY ticker');
  return { baselines: await computeBaselinesFor(pool, rows.map((r) => r.ticker), now, signal) };
}

const msOf = (col: string) => `(extract(epoch from ${col}) * 1000)::float8`;

/**
 * The stored baselines of eligible markets, kept between cycles: a cycle reads which baselines exist and when each was
 * computed, and the baselines themselves only where that changed (all of them after the 6-hourly recomputation, else
 * the few built for newly eligible markets). Reading every baseline's JSON every cycle cost what the universe costs,
 * not what changed.
 */
export class BaselineCache {
  private readonly byTicker = new Map<string, { computedMs: number; baseline: Baseline }>();

  /** The baselines of `tickers` (default: every eligible market), keyed by ticker. */
  async load(pool: pg.Pool, tickers?: readonly string[]): Promise<Map<string, Baseline>> {
    const { rows } = tickers
      ? await pool.query<{ ticker: string; ms: number }>(`SELECT ticker, ${msOf('computed_at')} AS ms FROM baselines WHERE ticker = ANY($1)`, [tickers])
      : await pool.query<{ ticker: string; ms: number }>(
          `SELECT b.ticker, ${msOf('b.computed_at')} AS ms FROM baselines b JOIN markets m ON m.ticker = b.ticker AND m.eligible`,
        );
    const stale = rows.filter((r) => this.byTicker.get(r.ticker)?.computedMs !== r.ms).map((r) => r.ticker);
    for (let i = 0; i < stale.length; i += READ_CHUNK) {
      const fresh = await pool.query<{ ticker: string; ms: number; extra: Baseline }>(
        `SELECT ticker, ${msOf('computed_at')} AS ms, extra FROM baselines WHERE ticker = ANY($1)`,
        [stale.slice(i, i + READ_CHUNK)],
      );
      for (const r of fresh.rows) this.byTicker.set(r.ticker, { computedMs: r.ms, baseline: r.extra });
    }
    const out = new Map<string, Baseline>();
    for (const r of rows) {
      const cached = this.byTicker.get(r.ticker);
      if (cached) out.set(r.ticker, cached.baseline);
    }
    // a full read also forgets the markets that are no longer eligible
    if (!tickers) for (const ticker of this.byTicker.keys()) if (!out.has(ticker)) this.byTicker.delete(ticker);
    return out;
  }

  get size(): number {
    return this.byTicker.size;
  }
}
