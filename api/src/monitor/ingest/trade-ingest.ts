// Trades come from the exchange-wide tape since the last stored watermark: a handful of
// requests per cycle however many markets are eligible (one request per market, as the
// original design did, cannot keep up with Kalshi's scale). Writes are idempotent on the
// trade id, and the watermark only moves after every page is stored, so a crash or rerun
// re-reads rather than loses.
//
// Trades of listed markets that are not eligible yet are kept too (only excluded categories and
// closed markets are dropped), so a market's baseline already has its history the day it becomes
// eligible. This costs database rows, not Kalshi requests (the tape is read whole anyway), and
// stays modest: markets below the thresholds trade little (at 20,000 markets and the default
// settings, a quarter of the trades stored). A by-ticker backfill the moment a market became
// eligible would instead cost one or more requests per newly eligible market, unbounded when
// thresholds change or on a 100,000-market universe. (Volume reconciliation still backfills, by
// ticker and within a budget, what this misses: see volume-reconcile.ts.)
import type pg from 'pg';
import { type KalshiClient, formatCount, formatDollars } from '../../kalshi/index.ts';
import type { Trade } from '../../kalshi/schemas.ts';
import type { Logger } from '../../lib/logger.ts';

export const TRADE_WATERMARK_KEY = 'trades:watermark';
/** Where the tape the monitor has read begins (the first backfill's start): complete from there on. */
export const TAPE_SINCE_KEY = 'trades:since';
/** Re-read this much before the watermark: trades can become visible slightly out of order. */
export const TRADE_OVERLAP_SECONDS = 120;

export interface IngestDeps {
  pool: pg.Pool;
  kalshi: KalshiClient;
  logger: Logger;
  now: () => Date;
  signal?: AbortSignal;
}

export interface StoredTrade {
  tradeId: string;
  ticker: string;
  createdMs: number;
  yesPrice: string;
  noPrice: string;
  count: string;
  takerSide: 'yes' | 'no';
}

export function toStoredTrade(trade: Trade): StoredTrade {
  return {
    tradeId: trade.trade_id,
    ticker: trade.ticker,
    createdMs: trade.created_time_ms!,
    yesPrice: formatDollars(trade.yes_price_micros!),
    noPrice: formatDollars(trade.no_price_micros!),
    count: formatCount(trade.count_centi!),
    takerSide: trade.taker_outcome_side,
  };
}

/**
 * Which markets' trades are stored: eligible ones always; with `keepExcept`, also every listed
 * (active) market outside those categories, so a market's history exists before it becomes eligible.
 */
export interface StoreScope {
  keepExcept?: readonly string[];
}

/** Inserts trades of the markets in scope; returns how many were new. Duplicates are ignored. */
export async function storeTrades(pool: pg.Pool, trades: StoredTrade[], scope: StoreScope = {}): Promise<number> {
  return (await insertTrades(pool, trades, scope, false)).count;
}

/** As storeTrades, and returns the trades that were new (time and size), for reconciliation. */
export async function insertTrades(
  pool: pg.Pool,
  trades: StoredTrade[],
  scope: StoreScope,
  returning: boolean,
): Promise<{ count: number; inserted: { ms: number; centi: number }[] }> {
  if (trades.length === 0) return { count: 0, inserted: [] };
  const keep = scope.keepExcept ? `OR (m.status = 'active' AND NOT (lower(m.category) = ANY($8::text[])))` : '';
  const result = await pool.query<{ ms: number; centi: string }>(
    `INSERT INTO market_trades (trade_id, ticker, created_time, yes_price, no_price, count, taker_outcome_side)
     SELECT u.id, u.ticker, to_timestamp(u.ms / 1000.0), u.yes, u.no, u.cnt, u.side
     FROM unnest($1::text[], $2::text[], $3::float8[], $4::numeric[], $5::numeric[], $6::numeric[], $7::text[])
       AS u(id, ticker, ms, yes, no, cnt, side)
     JOIN markets m ON m.ticker = u.ticker AND (m.eligible ${keep})
     ON CONFLICT (trade_id) DO NOTHING
     ${returning ? 'RETURNING (extract(epoch from created_time) * 1000)::float8 AS ms, (count * 100)::bigint::text AS centi' : ''}`,
    [
      trades.map((t) => t.tradeId),
      trades.map((t) => t.ticker),
      trades.map((t) => t.createdMs),
      trades.map((t) => t.yesPrice),
      trades.map((t) => t.noPrice),
      trades.map((t) => t.count),
      trades.map((t) => t.takerSide),
      ...(scope.keepExcept ? [scope.keepExcept.map((c) => c.toLowerCase())] : []),
    ],
  );
  return { count: result.rowCount ?? 0, inserted: returning ? result.rows.map((r) => ({ ms: r.ms, centi: Number(r.centi) })) : [] };
}

export async function readWatermark(pool: pg.Pool): Promise<Date | null> {
  const { rows } = await pool.query<{ value: string }>('SELECT value FROM sync_cursors WHERE key = $1', [TRADE_WATERMARK_KEY]);
  return rows[0] ? new Date(rows[0].value) : null;
}

export async function writeWatermark(pool: pg.Pool, at: Date): Promise<void> {
  await pool.query(
    `INSERT INTO sync_cursors (key, value, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
     WHERE sync_cursors.value::timestamptz < EXCLUDED.value::timestamptz`,
    [TRADE_WATERMARK_KEY, at.toISOString()],
  );
}

export interface IngestResult {
  pages: number;
  tradesSeen: number;
  tradesStored: number;
  malformed: number;
  [key: string]: number;
}

export async function ingestTrades(deps: IngestDeps, options: { backfillHours: number; keepExcept?: readonly string[] }): Promise<IngestResult> {
  const watermark = await readWatermark(deps.pool);
  const fromMs = watermark ? watermark.getTime() - TRADE_OVERLAP_SECONDS * 1000 : deps.now().getTime() - options.backfillHours * 3600_000;
  const result: IngestResult = { pages: 0, tradesSeen: 0, tradesStored: 0, malformed: 0 };
  // The first backfill is anchored before its first page is read: a crash during it (a long
  // read on a first start) resumes from the same start on restart instead of from "now minus
  // the backfill", which would silently skip the span the crash cost. Found by the resilience
  // suite's kill test. (writeWatermark never moves the watermark backwards.)
  if (!watermark) {
    await writeWatermark(deps.pool, new Date(fromMs + TRADE_OVERLAP_SECONDS * 1000));
    await deps.pool.query(`INSERT INTO sync_cursors (key, value, updated_at) VALUES ($1, $2, now()) ON CONFLICT (key) DO NOTHING`, [
      TAPE_SINCE_KEY,
      new Date(fromMs).toISOString(),
    ]);
  }
  let newest = watermark?.getTime() ?? 0;
  for await (const page of deps.kalshi.listTradePages({ min_ts: Math.floor(fromMs / 1000), limit: 1000 }, { signal: deps.signal })) {
    result.pages += 1;
    result.malformed += page.malformed;
    const trades = page.items.map(toStoredTrade);
    result.tradesSeen += trades.length;
    for (const t of trades) if (t.createdMs > newest) newest = t.createdMs;
    result.tradesStored += await storeTrades(deps.pool, trades, { keepExcept: options.keepExcept });
  }
  if (newest > 0) await writeWatermark(deps.pool, new Date(newest));
  return result;
}
