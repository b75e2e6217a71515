// Completeness: every cycle, each eligible market's stored contracts are reconciled against the
// lifetime volume Kalshi reports (`volume_fp`, markets.volume), and a shortfall is backfilled from the by-ticker trade
// endpoint. The exchange-wide tape re-reads only a 2-minute overlap, so a trade that reaches it
// later than that would otherwise be lost for good.
//
// Lifetime volume covers a market's whole life while we keep a window of trades, so each market
// has a cursor (`reconcile:<ticker>` in sync_cursors): `base`, the contracts of Kalshi's volume
// attributed to trades created before `from`. Then
//   shortfall = volume − base − contracts stored with created_time ≥ from.
// When a check finds no shortfall, the cursor moves to this sweep's start and `base` grows by the
// contracts we stored in between (our own sum, not Kalshi's snapshot, so no rolling edge enters
// it): the sum each cycle only covers trades since the previous cycle. Kalshi's snapshot is taken
// during the sweep, so trades printed after the sweep started count in our stored sum and perhaps
// not yet in `volume`: timing can only make the stored side larger, never raise a false gap.
//
// A market that opened after the monitor's tape began (and within the baseline window) starts at
// base 0, so its whole life is checked: one that was outside the kept scope (an excluded
// category, not listed yet) is backfilled by ticker the cycle it becomes eligible. An older market
// starts at Kalshi's volume at its first check (that sweep's trades may hide a gap of their size;
// a volume that lags its trades would show a gap there that no read explains, later absorbed).
//
// Requests are bounded per cycle (biggest shortfalls first); a backfill cut short resumes below
// the oldest trade it read. A shortfall still unexplained reads further back the next cycle (10
// minutes before the cursor, then 6 hours, then 7 days); after that (Kalshi counting a trade it
// does not list) the shortfall is absorbed into the base rather than asked about forever.
import { withPgTransaction } from '@sentinel/db';
import type pg from 'pg';
import type { KalshiClient } from '../../kalshi/index.ts';
import type { Logger } from '../../lib/logger.ts';
import { HISTORY_SINCE_KEY } from '../pipeline/baselines.ts';
import type { ListedTickers } from '../sync/market-sync.ts';
import { TAPE_SINCE_KEY, insertTrades, toStoredTrade } from './trade-ingest.ts';

export const RECONCILE_CURSOR_PREFIX = 'reconcile:';
/** Kalshi requests a cycle may spend on backfills (at Basic's 20 reads a second, about two seconds). */
export const BACKFILL_REQUESTS_PER_CYCLE = 40;
/** Complete reads of a shortfall that stays unexplained before it is absorbed into the base. */
export const MAX_BACKFILL_TRIES = 3;
/**
 * How far before the cursor a backfill reads, by attempt: a trade that reaches Kalshi's listings
 * late may be older than the cursor (which moved on while it was missing). Most are minutes late,
 * so the first read is short; the last reaches back over the whole baseline window.
 */
export const BACKFILL_LOOKBACK_SECONDS = [600, 6 * 3600, 7 * 86_400] as const;
/** Markets younger than this (and than the tape) are checked over their whole life: the baseline window. */
export const WHOLE_LIFE_DAYS = 7;

export interface ReconcileDeps {
  pool: pg.Pool;
  kalshi: KalshiClient;
  logger: Logger;
  now: () => Date;
  signal?: AbortSignal;
}

export interface ReconcileResult {
  /** Eligible markets whose stored contracts were compared with Kalshi's volume. */
  marketsReconciled: number;
  /** Markets whose stored contracts fell short of Kalshi's volume. */
  gapsFound: number;
  /** Of those, the shortfalls a by-ticker backfill closed this cycle. */
  gapsFilled: number;
  tradesBackfilled: number;
  backfillRequests: number;
  backfillErrors: number;
}

/** A market's reconciliation cursor, as stored (contracts in hundredths). */
export interface VolumeCursor {
  fromMs: number;
  baseCenti: number;
  tries: number;
  /** A backfill cut short by the budget resumes below this time. */
  beforeMs?: number;
}

interface Row {
  ticker: string;
  volume: string;
  cursor: string | null;
  since_ms: number;
  pre: string;
  post: string;
}

export function parseCursor(value: string | null): VolumeCursor | null {
  if (!value) return null;
  try {
    const o = JSON.parse(value) as { from?: string; base?: string; tries?: number; before?: string };
    const fromMs = Date.parse(o.from ?? '');
    const baseCenti = Number(o.base);
    if (!Number.isFinite(fromMs) || !Number.isSafeInteger(baseCenti)) return null;
    const beforeMs = o.before ? Date.parse(o.before) : NaN;
    return { fromMs, baseCenti, tries: o.tries ?? 0, ...(Number.isFinite(beforeMs) ? { beforeMs } : {}) };
  } catch {
    return null;
  }
}

export function formatCursor(c: VolumeCursor): string {
  return JSON.stringify({
    from: new Date(c.fromMs).toISOString(),
    base: String(c.baseCenti),
    tries: c.tries,
    ...(c.beforeMs !== undefined ? { before: new Date(c.beforeMs).toISOString() } : {}),
  });
}

/**
 * The cursor after a check that found the market complete: moved to the sweep's start, with the
 * contracts stored in between added to the base. Our own sum, not Kalshi's volume: a volume that
 * lags its trades would otherwise leave the base short, a gap that never fills.
 */
export function advancedCursor(cursor: VolumeCursor, storedBeforeSweepCenti: number, sweepStartMs: number): VolumeCursor {
  return { fromMs: sweepStartMs, baseCenti: cursor.baseCenti + storedBeforeSweepCenti, tries: 0 };
}

/** Where the tape we hold begins; a database from before TAPE_SINCE_KEY existed has the baselines' record of it. */
async function readTapeSince(pool: pg.Pool): Promise<number | null> {
  const { rows } = await pool.query<{ value: string }>(
    `SELECT value FROM sync_cursors WHERE key = ANY($1::text[]) ORDER BY key = $2 DESC LIMIT 1`,
    [[TAPE_SINCE_KEY, HISTORY_SINCE_KEY], TAPE_SINCE_KEY],
  );
  const ms = rows[0] ? Date.parse(rows[0].value) : NaN;
  return Number.isFinite(ms) ? ms : null;
}

async function writeCursors(pool: pg.Pool, cursors: Map<string, VolumeCursor>): Promise<void> {
  if (cursors.size === 0) return;
  await pool.query(
    `INSERT INTO sync_cursors (key, value, updated_at) SELECT k, v, now() FROM unnest($1::text[], $2::text[]) AS u(k, v)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
    [[...cursors.keys()].map((t) => RECONCILE_CURSOR_PREFIX + t), [...cursors.values()].map(formatCursor)],
  );
}

/** Reads one ticker's trades since its cursor (less the lookback), within a request budget. */
async function backfillTicker(
  deps: ReconcileDeps,
  ticker: string,
  cursor: VolumeCursor,
  budget: { left: number },
): Promise<{ complete: boolean; oldestMs: number | null; inserted: { ms: number; centi: number }[]; requests: number }> {
  const pages = deps.kalshi.listTradePages(
    {
      ticker,
      min_ts: Math.floor(cursor.fromMs / 1000) - BACKFILL_LOOKBACK_SECONDS[Math.min(cursor.tries, BACKFILL_LOOKBACK_SECONDS.length - 1)]!,
      max_ts: cursor.beforeMs !== undefined ? Math.ceil(cursor.beforeMs / 1000) : undefined,
      limit: 1000,
    },
    { signal: deps.signal },
  );
  const inserted: { ms: number; centi: number }[] = [];
  let oldestMs: number | null = null;
  let requests = 0;
  let complete = false;
  for await (const page of pages) {
    requests += 1;
    budget.left -= 1;
    const trades = page.items.filter((t) => t.ticker === ticker).map(toStoredTrade);
    for (const t of trades) if (oldestMs === null || t.createdMs < oldestMs) oldestMs = t.createdMs;
    inserted.push(...(await insertTrades(deps.pool, trades, {}, true)).inserted);
    if (page.cursor === null) complete = true;
    if (complete || budget.left <= 0) break;
  }
  // An empty generator (no pages at all) means nothing to read.
  if (requests === 0) complete = true;
  return { complete, oldestMs, inserted, requests };
}

/**
 * One reconciliation pass over the eligible markets this cycle's sweep listed, after the tape
 * ingest: the `volume` compared was read after `startedMs`. A market missing from the sweep (it
 * may have slipped between pages) keeps an older volume, so it waits for a sweep that lists it.
 */
export async function reconcileVolumes(
  deps: ReconcileDeps,
  sweep: { startedMs: number; listed: ListedTickers },
  budgetRequests = BACKFILL_REQUESTS_PER_CYCLE,
): Promise<ReconcileResult> {
  const sweepStartMs = sweep.startedMs;
  const nowMs = deps.now().getTime();
  const result: ReconcileResult = { marketsReconciled: 0, gapsFound: 0, gapsFilled: 0, tradesBackfilled: 0, backfillRequests: 0, backfillErrors: 0 };
  const tapeSince = await readTapeSince(deps.pool);
  const wholeLifeSince = tapeSince === null ? null : new Date(Math.max(tapeSince, nowMs - WHOLE_LIFE_DAYS * 86_400_000));
  const sweepStart = new Date(sweepStartMs);
  // Per market, one index range read of the trades stored since its cursor (a cycle's worth):
  // about 30 ms for 1,200 markets. The planner overestimates it and compiled it with JIT, which
  // alone took 0.9–1.1 s, so JIT is off for this one statement.
  const rows = await withPgTransaction(deps.pool, async (client) => {
    await client.query('SET LOCAL jit = off');
    const { rows } = await client.query<Row>(
      `WITH e AS (
         SELECT m.ticker, (m.volume * 100)::bigint AS volume, c.value AS cursor,
           COALESCE((c.value::jsonb ->> 'from')::timestamptz,
             CASE WHEN $1::timestamptz IS NOT NULL AND m.open_time >= $1::timestamptz THEN m.open_time ELSE $2::timestamptz END) AS since
         FROM markets m JOIN unnest(string_to_array($4, E'\\n')) AS l(ticker) ON l.ticker = m.ticker
         LEFT JOIN sync_cursors c ON c.key = $3 || m.ticker
         WHERE m.eligible
       )
       SELECT e.ticker, e.volume::text AS volume, e.cursor, (extract(epoch from e.since) * 1000)::float8 AS since_ms,
         s.pre::text AS pre, s.post::text AS post
       FROM e CROSS JOIN LATERAL (
         SELECT COALESCE(sum(t.count) FILTER (WHERE t.created_time < $2), 0) * 100 AS pre,
                COALESCE(sum(t.count) FILTER (WHERE t.created_time >= $2), 0) * 100 AS post
         FROM market_trades t WHERE t.ticker = e.ticker AND t.created_time >= e.since
       ) s`,
      [wholeLifeSince, sweepStart, RECONCILE_CURSOR_PREFIX, sweep.listed.joined()],
    );
    return rows;
  });

  const writes = new Map<string, VolumeCursor>();
  const gaps: { ticker: string; cursor: VolumeCursor; pre: number; shortfall: number }[] = [];
  for (const r of rows) {
    const volume = Number(r.volume);
    const pre = Number(r.pre);
    const stored = pre + Number(r.post);
    let cursor = parseCursor(r.cursor);
    if (!cursor) {
      if (r.since_ms < sweepStartMs) {
        // Opened after the tape began: its whole life is checked, from nothing.
        cursor = { fromMs: r.since_ms, baseCenti: 0, tries: 0 };
      } else {
        writes.set(r.ticker, { fromMs: sweepStartMs, baseCenti: volume, tries: 0 });
        continue;
      }
    }
    result.marketsReconciled += 1;
    const shortfall = volume - cursor.baseCenti - stored;
    if (shortfall > 0) gaps.push({ ticker: r.ticker, cursor, pre, shortfall });
    else if (pre > 0 || r.cursor === null || cursor.tries > 0 || cursor.beforeMs !== undefined) {
      writes.set(r.ticker, advancedCursor(cursor, pre, sweepStartMs));
    }
  }
  result.gapsFound = gaps.length;

  gaps.sort((a, b) => b.shortfall - a.shortfall || a.ticker.localeCompare(b.ticker));
  const budget = { left: budgetRequests };
  for (const gap of gaps) {
    if (budget.left <= 0) break;
    let read: Awaited<ReturnType<typeof backfillTicker>>;
    try {
      read = await backfillTicker(deps, gap.ticker, gap.cursor, budget);
    } catch (error) {
      // Kalshi failing after its retries: the rest waits for the next cycle (cursors unchanged);
      // the cycle itself, already past its tape ingest, goes on to score.
      if (deps.signal?.aborted) throw error;
      deps.logger.warn({ err: { message: (error as Error).message }, ticker: gap.ticker }, 'backfill by ticker failed');
      result.backfillErrors += 1;
      break;
    }
    result.backfillRequests += read.requests;
    result.tradesBackfilled += read.inserted.length;
    const found = read.inserted.reduce((s, t) => s + t.centi, 0);
    const foundBeforeSweep = read.inserted.reduce((s, t) => s + (t.ms < sweepStartMs ? t.centi : 0), 0);
    if (gap.shortfall - found <= 0) {
      result.gapsFilled += 1;
      writes.set(gap.ticker, advancedCursor(gap.cursor, gap.pre + foundBeforeSweep, sweepStartMs));
    } else if (!read.complete) {
      writes.set(gap.ticker, { ...gap.cursor, beforeMs: read.oldestMs ?? gap.cursor.beforeMs });
    } else if (gap.cursor.tries + 1 >= MAX_BACKFILL_TRIES) {
      // Absorbed into the base, so the market is checked from here on like any other.
      deps.logger.warn({ ticker: gap.ticker, shortfall: (gap.shortfall - found) / 100 }, 'volume shortfall not explained by the trade endpoint; re-anchored');
      writes.set(gap.ticker, advancedCursor(gap.cursor, gap.pre + foundBeforeSweep + (gap.shortfall - found), sweepStartMs));
    } else {
      // Not listed yet (the tape can lag), or older than this read reached: the next cycle looks again, further back.
      writes.set(gap.ticker, { fromMs: gap.cursor.fromMs, baseCenti: gap.cursor.baseCenti, tries: gap.cursor.tries + 1 });
    }
  }

  await writeCursors(deps.pool, writes);
  // Cursors of markets no longer eligible go; one that returns starts afresh.
  await deps.pool.query(
    `DELETE FROM sync_cursors c WHERE c.key LIKE $1 || '%'
       AND NOT EXISTS (SELECT 1 FROM markets m WHERE m.eligible AND c.key = $1 || m.ticker)`,
    [RECONCILE_CURSOR_PREFIX],
  );
  if (result.gapsFound > 0) deps.logger.info(result, 'volume reconciliation found gaps');
  return result;
}
