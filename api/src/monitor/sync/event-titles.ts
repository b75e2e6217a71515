// Event titles (and sub-titles, mutual exclusivity) for the events the market sweep wrote as
// stubs, from Kalshi's list endpoint rather than one GET /events/{ticker} per event:
//
// - changed: `GET /events?min_updated_ts=` (Kalshi's filter for polling metadata changes, 200 a
//   page, cursor) since the last run, minus an overlap for clock skew; only rows whose metadata
//   differs are written;
// - missing: `GET /events?tickers=` for stubs still without a title, 100 tickers a request (a
//   comma list of 100 tickers keeps the URL near 3 KB, well under the 8 KB proxies accept).
//
// An event Kalshi did not return, or a request that failed, is asked for again later with
// backoff (title_retry_at); its ticker is never stored as its title. At most `maxRequests`
// requests a run: with 100 tickers a request, 10,000 new events take 100 requests (measured
// against the local exchange on Basic buckets: 4.8 s), done within three cycles at 50 a cycle.
import type { KalshiEvent } from '../../kalshi/index.ts';
import { backoffDelay } from '../../lib/retry.ts';
import type { SyncDeps } from './market-sync.ts';

export const EVENT_TICKERS_PER_REQUEST = 100;
/** Read back this far before the last run, so a clock between us and Kalshi a little apart misses nothing. */
export const EVENTS_UPDATED_OVERLAP_S = 10 * 60;
/** A title Kalshi did not give is asked for again after 5 minutes, doubling to 6 hours. */
export const TITLE_RETRY = { baseDelayMs: 5 * 60_000, maxDelayMs: 6 * 60 * 60_000 } as const;
export const EVENTS_UPDATED_KEY = 'events:min_updated_ts';

export interface EnrichResult {
  /** Rows whose title (or other metadata) was written. */
  enriched: number;
  /** Events Kalshi listed as changed since the last run. */
  changed: number;
  /** Titles still missing after this run and scheduled for a retry. */
  retryLater: number;
  requests: number;
  /** Requests that failed (after the client's own retries). */
  failed: number;
}

export async function enrichEvents(deps: SyncDeps, maxRequests = 50, random: () => number = Math.random): Promise<EnrichResult> {
  const result: EnrichResult = { enriched: 0, changed: 0, retryLater: 0, requests: 0, failed: 0 };
  const runStart = deps.now();
  const since = await readWatermark(deps);

  // Changed since the last run (the first run has nothing to compare with: every title is missing).
  if (since !== null) {
    let complete = false;
    try {
      for await (const page of deps.kalshi.listEventPages(
        { min_updated_ts: since - EVENTS_UPDATED_OVERLAP_S, limit: 200 },
        { signal: deps.signal, maxPages: maxRequests },
      )) {
        result.requests += 1;
        result.changed += page.items.length;
        result.enriched += await storeEvents(deps, page.items, runStart);
        if (!page.cursor) complete = true;
      }
    } catch (error) {
      if (deps.signal?.aborted) throw error;
      result.failed += 1;
      deps.logger.warn({ err: { message: (error as Error).message } }, 'event sync: changed events could not be read; next cycle');
    }
    // Cut short by the budget or a failure: the next run reads from the same point again.
    if (complete) await writeWatermark(deps, runStart);
  } else {
    await writeWatermark(deps, runStart);
  }

  // Stubs without a title, due now: those never asked first, then the longest waiting.
  const budget = Math.max(0, maxRequests - result.requests);
  const { rows } = await deps.pool.query<{ event_ticker: string; title_attempts: number }>(
    `SELECT event_ticker, title_attempts FROM events
     WHERE title = '' AND (title_retry_at IS NULL OR title_retry_at <= $1)
     ORDER BY title_retry_at NULLS FIRST, updated_at, event_ticker LIMIT $2`,
    [runStart, budget * EVENT_TICKERS_PER_REQUEST],
  );
  for (let i = 0; i < rows.length; i += EVENT_TICKERS_PER_REQUEST) {
    const chunk = rows.slice(i, i + EVENT_TICKERS_PER_REQUEST);
    const found = new Set<string>();
    try {
      for await (const page of deps.kalshi.listEventPages(
        { tickers: chunk.map((r) => r.event_ticker), limit: 200 },
        { signal: deps.signal, maxPages: 2 },
      )) {
        result.requests += 1;
        result.enriched += await storeEvents(deps, page.items, runStart);
        for (const e of page.items) if (e.title) found.add(e.event_ticker);
      }
    } catch (error) {
      if (deps.signal?.aborted) throw error;
      result.failed += 1;
      deps.logger.warn({ err: { message: (error as Error).message }, events: chunk.length }, 'event sync: titles could not be read; retried later');
      // Kalshi is failing: this chunk waits its backoff, the rest the next cycle.
      result.retryLater += await scheduleRetry(deps, chunk, runStart, random);
      break;
    }
    result.retryLater += await scheduleRetry(deps, chunk.filter((r) => !found.has(r.event_ticker)), runStart, random);
  }
  return result;
}

/** Writes the metadata of listed events we hold, where it differs; returns the rows written. */
async function storeEvents(deps: SyncDeps, events: readonly KalshiEvent[], now: Date): Promise<number> {
  // An event listed without a title is no better than a missing one.
  const usable = [...new Map(events.filter((e) => e.title).map((e) => [e.event_ticker, e])).values()];
  if (usable.length === 0) return 0;
  const written = await deps.pool.query(
    `UPDATE events e SET title = u.title, sub_title = u.sub, mutually_exclusive = u.me,
       title_attempts = 0, title_retry_at = NULL, updated_at = $5
     FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[]) AS u(t, title, sub, me)
     WHERE e.event_ticker = u.t
       AND ((e.title, e.sub_title, e.mutually_exclusive) IS DISTINCT FROM (u.title, u.sub, u.me) OR e.title_retry_at IS NOT NULL)`,
    [
      usable.map((e) => e.event_ticker),
      usable.map((e) => e.title),
      usable.map((e) => e.sub_title ?? null),
      usable.map((e) => e.mutually_exclusive ?? false),
      now,
    ],
  );
  return written.rowCount ?? 0;
}

async function scheduleRetry(
  deps: SyncDeps,
  rows: readonly { event_ticker: string; title_attempts: number }[],
  now: Date,
  random: () => number,
): Promise<number> {
  if (rows.length === 0) return 0;
  await deps.pool.query(
    `UPDATE events e SET title_attempts = e.title_attempts + 1, title_retry_at = u.at
     FROM unnest($1::text[], $2::timestamptz[]) AS u(t, at) WHERE e.event_ticker = u.t AND e.title = ''`,
    [rows.map((r) => r.event_ticker), rows.map((r) => new Date(now.getTime() + backoffDelay(r.title_attempts, TITLE_RETRY, random)))],
  );
  return rows.length;
}

async function readWatermark(deps: SyncDeps): Promise<number | null> {
  const { rows } = await deps.pool.query<{ value: string }>('SELECT value FROM sync_cursors WHERE key = $1', [EVENTS_UPDATED_KEY]);
  const v = rows[0] ? Number(rows[0].value) : NaN;
  return Number.isFinite(v) ? v : null;
}

async function writeWatermark(deps: SyncDeps, at: Date): Promise<void> {
  await deps.pool.query(
    `INSERT INTO sync_cursors (key, value, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [EVENTS_UPDATED_KEY, String(Math.floor(at.getTime() / 1000))],
  );
}
