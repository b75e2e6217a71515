// Writes of the history collector: plain SQL on the pg pool, in bulk (unnest), idempotent on
// every primary key, so a rerun after any interruption neither loses nor duplicates a row.
import { withPgTransaction } from '@sentinel/db';
import type pg from 'pg';

export interface HistoryMarketRow {
  ticker: string;
  eventTicker: string;
  seriesTicker: string;
  category: string;
  /** The series' fee schedule from `GET /series` (null when the series was not listed). */
  feeType: string | null;
  feeMultiplier: string | null;
  yesSubTitle: string | null;
  marketType: string;
  status: string;
  result: string;
  settlementValue: string | null;
  openTime: Date | null;
  closeTime: Date;
  settledAt: Date | null;
  volume: string;
  openInterest: string;
  lastPrice: string | null;
  source: 'live' | 'historical';
}

/** One candle; prices in micro-dollars, counts in centi-contracts. */
export interface HistoryCandleRow {
  periodMinutes: number;
  endPeriodTs: number;
  yesBid: [number, number, number, number];
  yesAsk: [number, number, number, number];
  /** open, low, high, close, mean, previous (null without trades) */
  price: [number | null, number | null, number | null, number | null, number | null, number | null];
  volumeCenti: number;
  openInterestCenti: number;
}

export interface HistoryTradeRow {
  tradeId: string;
  createdTime: Date;
  yesPrice: string;
  count: string;
  takerOutcomeSide: string;
}

/** A market's collected data, committed together with the flags that say it is complete. */
export interface MarketBatch {
  ticker: string;
  candles: HistoryCandleRow[] | null;
  trades: HistoryTradeRow[] | null;
}

type Queryable = pg.Pool | pg.PoolClient;

/** Upserts listed markets; never clears the completion flags of markets already collected. */
export async function upsertHistoryMarkets(db: Queryable, rows: readonly HistoryMarketRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof HistoryMarketRow>(k: K) => rows.map((r) => r[k]);
  await db.query(
    `INSERT INTO history_markets (ticker, event_ticker, series_ticker, category, yes_sub_title, market_type, status, result,
       settlement_value, open_time, close_time, settled_at, volume, open_interest, last_price, source, fee_type, fee_multiplier)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::numeric[], $10::timestamptz[], $11::timestamptz[], $12::timestamptz[], $13::numeric[], $14::numeric[], $15::numeric[], $16::text[],
       $17::text[], $18::numeric[])
     ON CONFLICT (ticker) DO UPDATE SET
       event_ticker = EXCLUDED.event_ticker, series_ticker = EXCLUDED.series_ticker, category = EXCLUDED.category,
       fee_type = EXCLUDED.fee_type, fee_multiplier = EXCLUDED.fee_multiplier,
       yes_sub_title = EXCLUDED.yes_sub_title, market_type = EXCLUDED.market_type, status = EXCLUDED.status,
       result = EXCLUDED.result, settlement_value = EXCLUDED.settlement_value, open_time = EXCLUDED.open_time,
       close_time = EXCLUDED.close_time, settled_at = EXCLUDED.settled_at, volume = EXCLUDED.volume,
       open_interest = EXCLUDED.open_interest, last_price = EXCLUDED.last_price, source = EXCLUDED.source`,
    [
      col('ticker'), col('eventTicker'), col('seriesTicker'), col('category'), col('yesSubTitle'), col('marketType'), col('status'), col('result'),
      col('settlementValue'), col('openTime'), col('closeTime'), col('settledAt'), col('volume'), col('openInterest'), col('lastPrice'), col('source'),
      col('feeType'), col('feeMultiplier'),
    ],
  );
}

/**
 * Stores the candles and trades of several markets and marks them collected, in one transaction:
 * a market is either complete (flag set, every row present) or untouched.
 */
export async function storeMarketBatches(pool: pg.Pool, batches: readonly MarketBatch[]): Promise<void> {
  if (batches.length === 0) return;
  await withPgTransaction(pool, async (client) => {
    const c = { t: [] as string[], p: [] as number[], e: [] as number[], v: Array.from({ length: 16 }, () => [] as (number | null)[]) };
    for (const b of batches) {
      for (const r of b.candles ?? []) {
        c.t.push(b.ticker);
        c.p.push(r.periodMinutes);
        c.e.push(r.endPeriodTs);
        const vals = [...r.yesBid, ...r.yesAsk, ...r.price, r.volumeCenti, r.openInterestCenti];
        for (let i = 0; i < 16; i++) c.v[i]!.push(vals[i]!);
      }
    }
    // Large batches in slices: one statement's arrays stay a few megabytes.
    const SLICE = 20_000;
    for (let from = 0; from < c.t.length; from += SLICE) {
      const sl = <T>(a: T[]) => a.slice(from, from + SLICE);
      await client.query(
        `INSERT INTO history_candles (ticker, period_minutes, end_period_ts, yes_bid_open, yes_bid_low, yes_bid_high, yes_bid_close,
           yes_ask_open, yes_ask_low, yes_ask_high, yes_ask_close, price_open, price_low, price_high, price_close, price_mean,
           price_previous, volume_centi, open_interest_centi)
         SELECT t, p, to_timestamp(e), a1, a2, a3, a4, b1, b2, b3, b4, c1, c2, c3, c4, c5, c6, v, oi
         FROM unnest($1::text[], $2::int2[], $3::int8[], $4::int4[], $5::int4[], $6::int4[], $7::int4[], $8::int4[], $9::int4[],
           $10::int4[], $11::int4[], $12::int4[], $13::int4[], $14::int4[], $15::int4[], $16::int4[], $17::int4[], $18::int8[], $19::int8[])
           AS u(t, p, e, a1, a2, a3, a4, b1, b2, b3, b4, c1, c2, c3, c4, c5, c6, v, oi)
         ON CONFLICT DO NOTHING`,
        [sl(c.t), sl(c.p), sl(c.e), ...c.v.map(sl)],
      );
    }
    const tr = { id: [] as string[], t: [] as string[], at: [] as Date[], p: [] as string[], n: [] as string[], s: [] as string[] };
    for (const b of batches) {
      for (const r of b.trades ?? []) {
        tr.id.push(r.tradeId);
        tr.t.push(b.ticker);
        tr.at.push(r.createdTime);
        tr.p.push(r.yesPrice);
        tr.n.push(r.count);
        tr.s.push(r.takerOutcomeSide);
      }
    }
    for (let from = 0; from < tr.id.length; from += 20_000) {
      const sl = <T>(a: T[]) => a.slice(from, from + 20_000);
      await client.query(
        `INSERT INTO history_trades (trade_id, ticker, created_time, yes_price, count, taker_outcome_side)
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::numeric[], $5::numeric[], $6::text[])
         ON CONFLICT (trade_id) DO NOTHING`,
        [sl(tr.id), sl(tr.t), sl(tr.at), sl(tr.p), sl(tr.n), sl(tr.s)],
      );
    }
    const withCandles = batches.filter((b) => b.candles !== null);
    if (withCandles.length > 0) {
      await client.query(
        `UPDATE history_markets m SET candles_at = now(), candle_count = u.n
         FROM unnest($1::text[], $2::int4[]) AS u(ticker, n) WHERE m.ticker = u.ticker`,
        [withCandles.map((b) => b.ticker), withCandles.map((b) => b.candles!.length)],
      );
    }
    const withTrades = batches.filter((b) => b.trades !== null).map((b) => b.ticker);
    if (withTrades.length > 0) await client.query(`UPDATE history_markets SET trades_at = now() WHERE ticker = ANY($1::text[])`, [withTrades]);
  });
}

export interface PendingFilter {
  sinceMs: number;
  series: readonly string[] | null;
  categories: readonly string[] | null;
  trades: boolean;
}

export interface PendingMarket {
  ticker: string;
  seriesTicker: string;
  source: 'live' | 'historical';
  openMs: number | null;
  closeMs: number;
  needCandles: boolean;
  needTrades: boolean;
}

function pendingWhere(f: PendingFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [new Date(f.sinceMs)];
  let sql = `settled_at >= $1 AND (candles_at IS NULL${f.trades ? ' OR trades_at IS NULL' : ''})`;
  if (f.series) {
    params.push(f.series);
    sql += ` AND series_ticker = ANY($${params.length}::text[])`;
  }
  if (f.categories) {
    params.push(f.categories);
    sql += ` AND category = ANY($${params.length}::text[])`;
  }
  return { sql, params };
}

export async function countPendingMarkets(db: Queryable, f: PendingFilter): Promise<number> {
  const w = pendingWhere(f);
  const r = await db.query<{ n: string }>(`SELECT count(*) AS n FROM history_markets WHERE ${w.sql}`, w.params);
  return Number(r.rows[0]?.n ?? 0);
}

/** Markets still missing candles (or trades), newest settlement first, after a keyset position. */
export async function nextPendingMarkets(db: Queryable, f: PendingFilter, after: { settledAt: Date; ticker: string } | null, limit: number): Promise<(PendingMarket & { settledAt: Date })[]> {
  const w = pendingWhere(f);
  const params = [...w.params];
  let sql = w.sql;
  if (after) {
    params.push(after.settledAt, after.ticker);
    sql += ` AND (settled_at, ticker) < ($${params.length - 1}, $${params.length})`;
  }
  params.push(limit);
  const r = await db.query<{ ticker: string; series_ticker: string; source: string; open_time: Date | null; close_time: Date; settled_at: Date; candles_at: Date | null; trades_at: Date | null }>(
    `SELECT ticker, series_ticker, source, open_time, close_time, settled_at, candles_at, trades_at FROM history_markets
     WHERE ${sql} ORDER BY settled_at DESC, ticker DESC LIMIT $${params.length}`,
    params,
  );
  return r.rows.map((x) => ({
    ticker: x.ticker,
    seriesTicker: x.series_ticker,
    source: x.source === 'historical' ? 'historical' : 'live',
    openMs: x.open_time ? x.open_time.getTime() : null,
    closeMs: x.close_time.getTime(),
    settledAt: x.settled_at,
    needCandles: x.candles_at === null,
    needTrades: f.trades && x.trades_at === null,
  }));
}

export async function readCursor(db: Queryable, key: string): Promise<string | null> {
  const r = await db.query<{ value: string }>('SELECT value FROM sync_cursors WHERE key = $1', [key]);
  return r.rows[0]?.value ?? null;
}

export async function writeCursor(db: Queryable, key: string, value: string): Promise<void> {
  await db.query(
    `INSERT INTO sync_cursors (key, value, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [key, value],
  );
}
