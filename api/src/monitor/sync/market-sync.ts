// Market sync: the whole open non-combo universe, page by page (1,000 a request), upserted
// in bulk as each page arrives, so memory stays flat at any universe size. Only rows whose
// listing changed are written, plus a heartbeat for the rest (LISTED_HEARTBEAT_MS): on
// Kalshi most of the universe is quiet between two five-minute cycles, and rewriting every
// row each cycle left as many dead tuples as live ones. Categories come
// from the series list: Kalshi markets no longer carry a category, and the series ticker is the
// event ticker's prefix. The list is read whole at most every SERIES_FULL_REFRESH_MS (14,000
// series, about 2 MB: Kalshi does not page it) and in between only what changed
// (`GET /series?min_updated_ts=`), plus a whole read when a market names a series we do not
// know. Events unknown so far are written as stubs and filled in by event-titles.ts, so the
// sweep costs ceil(N/1000) + 1 requests.
import type pg from 'pg';
import { type KalshiClient, formatCount, formatDollars } from '../../kalshi/index.ts';
import type { Market } from '../../kalshi/schemas.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Settings } from '../../settings/settings.schema.ts';

export interface SyncDeps {
  pool: pg.Pool;
  kalshi: KalshiClient;
  logger: Logger;
  now: () => Date;
  signal?: AbortSignal;
}

export interface SeriesInfo {
  category: string;
}

/** The series an event belongs to: the longest known series ticker that prefixes it. */
export function seriesForEvent(eventTicker: string, series: ReadonlyMap<string, SeriesInfo>): string | null {
  const parts = eventTicker.split('-');
  for (let n = parts.length - 1; n >= 1; n--) {
    const candidate = parts.slice(0, n).join('-');
    if (series.has(candidate)) return candidate;
  }
  return null;
}

export function isEligible(
  market: { volume: number; openInterest: number; category: string },
  settings: Pick<Settings, 'minVolume' | 'minOpenInterest' | 'excludedCategories'>,
): { eligible: boolean; reason: string } {
  if (settings.excludedCategories.some((c) => c.toLowerCase() === market.category.toLowerCase())) {
    return { eligible: false, reason: `category ${market.category} is excluded` };
  }
  if (market.volume < settings.minVolume) return { eligible: false, reason: `volume ${market.volume} < ${settings.minVolume}` };
  if (market.openInterest < settings.minOpenInterest) {
    return { eligible: false, reason: `open interest ${market.openInterest} < ${settings.minOpenInterest}` };
  }
  return { eligible: true, reason: 'volume and open interest above thresholds' };
}

/** The whole series list is read at least this often (catches anything the incremental reads missed). */
export const SERIES_FULL_REFRESH_MS = 6 * 60 * 60_000;
/** A market naming an unknown series triggers a whole read, at most this often (Kalshi may simply not list it). */
export const SERIES_UNKNOWN_REFRESH_MS = 30 * 60_000;
/** Incremental reads look back this far before the last one, for clock skew. */
export const SERIES_UPDATED_OVERLAP_S = 10 * 60;
const SERIES_FULL_KEY = 'series:full_refresh_ms';
const SERIES_UPDATED_KEY = 'series:min_updated_ts';

export interface SeriesSync {
  series: Map<string, SeriesInfo>;
  /** True when this read was the whole list. */
  full: boolean;
  /** Series Kalshi returned (the whole list, or only the changed ones). */
  fetched: number;
  /** When the whole list was last read (ms). */
  fullAtMs: number;
}

/**
 * The series map the sweep categorises markets with. Kalshi's `GET /series` is not paginated but
 * takes `min_updated_ts` ("use this to efficiently poll for changes"), so between whole reads
 * (every SERIES_FULL_REFRESH_MS, or when `force`) only changed series are fetched; the map itself
 * comes from the table (rows Kalshi listed, not placeholders).
 */
export async function syncSeries(deps: SyncDeps, options: { force?: boolean } = {}): Promise<SeriesSync> {
  const now = deps.now();
  const cursors = await readCursors(deps, [SERIES_FULL_KEY, SERIES_UPDATED_KEY]);
  const lastFull = Number(cursors.get(SERIES_FULL_KEY) ?? NaN);
  const since = Number(cursors.get(SERIES_UPDATED_KEY) ?? NaN);
  const full = options.force === true || !Number.isFinite(lastFull) || !Number.isFinite(since) || now.getTime() - lastFull >= SERIES_FULL_REFRESH_MS;
  const fetched = await deps.kalshi.getSeriesList(full ? {} : { min_updated_ts: since - SERIES_UPDATED_OVERLAP_S }, deps.signal);
  // One row per ticker: a repeated series in the list would make the bulk upsert fail.
  const list = [...new Map(fetched.map((s) => [s.ticker, s])).values()];
  if (list.length > 0) {
    await deps.pool.query(
      `INSERT INTO series (ticker, title, category, frequency, fee_type, fee_multiplier, tags, updated_at, listed_at)
       SELECT t, ti, c, f, ft, fm, ARRAY(SELECT jsonb_array_elements_text(tj::jsonb)), $8, $8
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::text[]) AS u(t, ti, c, f, ft, fm, tj)
       ON CONFLICT (ticker) DO UPDATE SET title = EXCLUDED.title, category = EXCLUDED.category, frequency = EXCLUDED.frequency,
         fee_type = EXCLUDED.fee_type, fee_multiplier = EXCLUDED.fee_multiplier, tags = EXCLUDED.tags, updated_at = EXCLUDED.updated_at,
         listed_at = EXCLUDED.listed_at
       WHERE series.listed_at IS NULL
         OR (series.title, series.category, series.frequency, series.fee_type, series.fee_multiplier, series.tags)
            IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.category, EXCLUDED.frequency, EXCLUDED.fee_type, EXCLUDED.fee_multiplier, EXCLUDED.tags)`,
      [
        list.map((s) => s.ticker),
        list.map((s) => s.title),
        list.map((s) => s.category || 'Other'),
        list.map((s) => s.frequency ?? null),
        list.map((s) => s.fee_type || 'quadratic'),
        list.map((s) => String(s.fee_multiplier ?? 1)),
        list.map((s) => JSON.stringify(s.tags ?? [])),
        now,
      ],
    );
  }
  const nowS = String(Math.floor(now.getTime() / 1000));
  await writeCursors(deps, full ? [[SERIES_FULL_KEY, String(now.getTime())], [SERIES_UPDATED_KEY, nowS]] : [[SERIES_UPDATED_KEY, nowS]]);
  const { rows } = await deps.pool.query<{ ticker: string; category: string }>('SELECT ticker, category FROM series WHERE listed_at IS NOT NULL');
  const series = new Map<string, SeriesInfo>();
  for (const r of rows) series.set(r.ticker, { category: r.category || 'Other' });
  return { series, full, fetched: list.length, fullAtMs: full ? now.getTime() : lastFull };
}

async function readCursors(deps: SyncDeps, keys: string[]): Promise<Map<string, string>> {
  const { rows } = await deps.pool.query<{ key: string; value: string }>('SELECT key, value FROM sync_cursors WHERE key = ANY($1::text[])', [keys]);
  return new Map(rows.map((r) => [r.key, r.value]));
}

async function writeCursors(deps: SyncDeps, entries: [string, string][]): Promise<void> {
  await deps.pool.query(
    `INSERT INTO sync_cursors (key, value, updated_at) SELECT k, v, now() FROM unnest($1::text[], $2::text[]) AS u(k, v)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [entries.map((e) => e[0]), entries.map((e) => e[1])],
  );
}

// Exact decimal strings for numeric columns: money never passes through a float.
const dollars = (micros: bigint | null | undefined) => (micros == null ? null : formatDollars(micros));
const contracts = (centi: bigint | null | undefined) => (centi == null ? '0' : formatCount(centi));

interface MarketRow {
  ticker: string;
  eventTicker: string;
  seriesTicker: string;
  category: string;
  market: Market;
  eligible: boolean;
  reason: string;
}

/**
 * A listed market whose listing did not change is still written this often, so `last_synced_at`
 * tells how long a market has been missing from the sweeps (see VANISHED_GRACE_MS).
 */
export const LISTED_HEARTBEAT_MS = 15 * 60_000;

// The columns a sweep refreshes; a row is written only when one of them differs (or on the heartbeat).
const REFRESHED_COLUMNS = [
  'title', 'yes_sub_title', 'no_sub_title', 'rules_primary', 'category', 'market_type', 'status', 'open_time', 'close_time',
  'expected_expiration_time', 'yes_bid', 'yes_ask', 'yes_bid_size', 'yes_ask_size', 'last_price', 'previous_price', 'volume',
  'volume_24h', 'open_interest', 'result', 'eligible', 'eligibility_reason',
] as const;

/** Upserts one page; returns how many rows were inserted or changed. */
async function upsertPage(pool: pg.Pool, pageRows: MarketRow[], now: Date): Promise<number> {
  // A market repeated within a page would make the bulk upsert fail: keep its last copy.
  const rows = [...new Map(pageRows.map((r) => [r.ticker, r])).values()];
  if (rows.length === 0) return 0;
  // Events first (stubs with an empty title; enrichEvents fills them), then markets.
  const events = new Map<string, MarketRow>();
  for (const row of rows) if (!events.has(row.eventTicker)) events.set(row.eventTicker, row);
  const eventRows = [...events.values()];
  await pool.query(
    `INSERT INTO events (event_ticker, series_ticker, title, category, mutually_exclusive, updated_at)
     SELECT e, s, '', c, false, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS u(e, s, c)
     ON CONFLICT (event_ticker) DO NOTHING`,
    [eventRows.map((r) => r.eventTicker), eventRows.map((r) => r.seriesTicker), eventRows.map((r) => r.category), now],
  );
  const m = rows.map((r) => r.market);
  const written = await pool.query(
    `INSERT INTO markets (ticker, event_ticker, series_ticker, title, yes_sub_title, no_sub_title, rules_primary, category,
       market_type, status, open_time, close_time, expected_expiration_time, yes_bid, yes_ask, yes_bid_size, yes_ask_size,
       last_price, previous_price, volume, volume_24h, open_interest, result, eligible, eligibility_reason, first_seen_at, last_synced_at)
     SELECT u.*, $26::timestamptz, $26::timestamptz FROM unnest(
       $1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
       $11::timestamptz[], $12::timestamptz[], $13::timestamptz[], $14::numeric[], $15::numeric[], $16::numeric[], $17::numeric[],
       $18::numeric[], $19::numeric[], $20::numeric[], $21::numeric[], $22::numeric[], $23::text[], $24::boolean[], $25::text[]) AS u
     ON CONFLICT (ticker) DO UPDATE SET
       ${REFRESHED_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, last_synced_at = EXCLUDED.last_synced_at
     WHERE markets.last_synced_at < $27
       OR (${REFRESHED_COLUMNS.map((c) => `markets.${c}`).join(', ')}) IS DISTINCT FROM (${REFRESHED_COLUMNS.map((c) => `EXCLUDED.${c}`).join(', ')})`,
    [
      rows.map((r) => r.ticker),
      rows.map((r) => r.eventTicker),
      rows.map((r) => r.seriesTicker),
      m.map((x) => x.title || x.yes_sub_title || x.ticker),
      m.map((x) => x.yes_sub_title ?? null),
      m.map((x) => x.no_sub_title ?? null),
      m.map((x) => x.rules_primary ?? null),
      rows.map((r) => r.category),
      m.map((x) => x.market_type || 'binary'),
      m.map((x) => x.status),
      m.map((x) => x.open_time ?? null),
      m.map((x) => x.close_time),
      m.map((x) => x.expected_expiration_time ?? null),
      m.map((x) => dollars(x.yes_bid_micros)),
      m.map((x) => dollars(x.yes_ask_micros)),
      m.map((x) => contracts(x.yes_bid_size_centi)),
      m.map((x) => contracts(x.yes_ask_size_centi)),
      m.map((x) => dollars(x.last_price_micros)),
      m.map((x) => dollars(x.previous_price_micros)),
      m.map((x) => contracts(x.volume_centi)),
      m.map((x) => contracts(x.volume_24h_centi)),
      m.map((x) => contracts(x.open_interest_centi)),
      m.map((x) => x.result || null),
      rows.map((r) => r.eligible),
      rows.map((r) => r.reason),
      now,
      new Date(now.getTime() - LISTED_HEARTBEAT_MS),
    ],
  );
  return written.rowCount ?? 0;
}

/**
 * The tickers of one sweep, kept as one newline-joined string per page: 87,000 tickers as 88
 * strings (about 2 MB) rather than 87,000 (about 5 MB, which took the sync past its memory goal).
 */
export class ListedTickers {
  readonly #pages: string[] = [];
  #size = 0;

  add(tickers: readonly string[]): void {
    if (tickers.length === 0) return;
    this.#pages.push(tickers.join('\n'));
    this.#size += tickers.length;
  }

  get size(): number {
    return this.#size;
  }

  /** One newline-separated string, as closeVanishedMarkets sends it (Kalshi tickers hold no newline). */
  joined(): string {
    return this.#pages.join('\n');
  }

  toArray(): string[] {
    return this.#pages.flatMap((page) => page.split('\n'));
  }

  static of(tickers: readonly string[]): ListedTickers {
    const list = new ListedTickers();
    list.add(tickers);
    return list;
  }
}

export interface SyncResult {
  pages: number;
  markets: number;
  /** Rows inserted or changed (the rest were listed unchanged). */
  written: number;
  eligible: number;
  malformed: number;
  unknownSeries: number;
  closed: number;
  series: number;
  /** Series read from Kalshi this sweep (the whole list on a full refresh, else the changed ones). */
  seriesFetched: number;
  /** Whole series-list reads this sweep (0, 1, or 2 when an unknown series forced one). */
  seriesFullReads: number;
}

/**
 * One full sweep. Markets that were open before but are absent from a complete sweep have
 * closed: they stop being eligible (their final status and result arrive with the trader's
 * resolution check or the next time Kalshi lists them).
 */
export async function syncMarkets(
  deps: SyncDeps,
  settings: Settings,
  options: { closeVanished?: boolean } = {},
): Promise<SyncResult & { sweepStartedMs: number; listed: ListedTickers }> {
  const sweepStart = deps.now();
  let seriesSync = await syncSeries(deps);
  let series = seriesSync.series;
  const result: SyncResult = {
    pages: 0, markets: 0, written: 0, eligible: 0, malformed: 0, unknownSeries: 0, closed: 0, series: series.size,
    seriesFetched: seriesSync.fetched, seriesFullReads: seriesSync.full ? 1 : 0,
  };
  // Every ticker of this sweep: unchanged rows are not written, so the sweep itself tells which markets vanished.
  const listed = new ListedTickers();
  for await (const page of deps.kalshi.listMarketPages({ status: 'open', limit: 1000 }, { signal: deps.signal })) {
    result.pages += 1;
    result.malformed += page.malformed;
    // A series we do not know (new since the last read, or never listed): read the whole list
    // once, unless it was read recently; Kalshi markets do not name their series, so the
    // event ticker's prefixes are all we can look it up by.
    if (
      !seriesSync.full &&
      sweepStart.getTime() - seriesSync.fullAtMs >= SERIES_UNKNOWN_REFRESH_MS &&
      page.items.some((m) => seriesForEvent(m.event_ticker, series) === null)
    ) {
      seriesSync = await syncSeries(deps, { force: true });
      series = seriesSync.series;
      result.series = series.size;
      result.seriesFetched += seriesSync.fetched;
      result.seriesFullReads += 1;
    }
    const rows: MarketRow[] = [];
    for (const market of page.items) {
      const seriesTicker = seriesForEvent(market.event_ticker, series) ?? market.event_ticker.split('-')[0]!;
      const known = series.get(seriesTicker);
      if (!known) result.unknownSeries += 1;
      const category = known?.category ?? 'Other';
      const volume = Number(market.volume_centi ?? 0n) / 100;
      const openInterest = Number(market.open_interest_centi ?? 0n) / 100;
      const { eligible, reason } = isEligible({ volume, openInterest, category }, settings);
      if (eligible) result.eligible += 1;
      rows.push({ ticker: market.ticker, eventTicker: market.event_ticker, seriesTicker, category, market, eligible, reason });
    }
    if (rows.some((r) => !series.has(r.seriesTicker))) {
      // A series Kalshi did not list: keep a placeholder so the foreign key holds.
      const missing = [...new Set(rows.filter((r) => !series.has(r.seriesTicker)).map((r) => r.seriesTicker))];
      await deps.pool.query(
        `INSERT INTO series (ticker, title, category, updated_at) SELECT t, t, 'Other', $2 FROM unnest($1::text[]) t ON CONFLICT DO NOTHING`,
        [missing, sweepStart],
      );
    }
    // Awaited before the next page is validated: a write in flight beside the validation made
    // the sweep a third faster but, with the database busier, raised the API's p99 under load
    // by a third (bench:load, A/B); the client still fetches the next page meanwhile.
    result.written += await upsertPage(deps.pool, rows, sweepStart);
    result.markets += rows.length;
    listed.add(rows.map((r) => r.ticker));
  }
  if (options.closeVanished !== false) result.closed = await closeVanishedMarkets(deps.pool, sweepStart, listed);
  deps.logger.info(result, 'market sync finished');
  return { ...result, sweepStartedMs: sweepStart.getTime(), listed };
}

/**
 * Markets absent from the sweep that started at `sweepStart` (`listed` holds its tickers) have
 * closed: they stop being eligible. The monitor cycle calls this only after ingesting the tape,
 * because trades are stored only for eligible markets: closing first would drop a market's last
 * minutes of trades (found by the resilience suite's simulated day: markets closing between two
 * cycles lost them).
 *
 * A market missing from one sweep may only have slipped between pages (cursor pages shift while
 * markets open and close during the sweep). It counts as closed once its close time has passed,
 * or once it has been missing for about half an hour (its row was last written, at the latest on
 * the heartbeat, VANISHED_GRACE_MS ago); until then it stays eligible, so its trades are still stored.
 */
export const VANISHED_GRACE_MS = 30 * 60_000;

export async function closeVanishedMarkets(pool: pg.Pool, sweepStart: Date, listed: ListedTickers): Promise<number> {
  const closed = await pool.query(
    `UPDATE markets m SET eligible = false, status = CASE WHEN m.status = 'active' THEN 'closed' ELSE m.status END,
       eligibility_reason = 'no longer listed as open'
     WHERE (m.eligible OR m.status = 'active')
       AND (m.close_time <= $1 OR m.last_synced_at < $2)
       AND NOT EXISTS (SELECT 1 FROM unnest(string_to_array($3, E'\\n')) AS l(ticker) WHERE l.ticker = m.ticker)`,
    [sweepStart, new Date(sweepStart.getTime() - VANISHED_GRACE_MS), listed.joined()],
  );
  return closed.rowCount ?? 0;
}

export { enrichEvents } from './event-titles.ts';
