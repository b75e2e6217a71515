/**
 * Per-record validation and cursor pagination. A page envelope is read loosely; each record is validated
 * strictly on its own; a bad record is skipped, counted in `stats.malformed[endpoint]` and logged with its
 * ticker/id. Pages are yielded as they arrive, so memory stays flat however long the listing is.
 */
import type { z } from 'zod';
import { createSlicer } from '../lib/slicer.ts';
import { KalshiMalformedRecordError, KalshiResponseError } from './errors.ts';
import type { HttpClient, Query, RequestOptions } from './http.ts';
import type { Logger } from './logger.ts';
import { pageEnvelope } from './schemas.ts';
import type { KalshiStats } from './stats.ts';

export interface ClientContext {
  http: HttpClient;
  stats: KalshiStats;
  logger: Logger;
}

const ID_KEYS = ['ticker', 'market_ticker', 'event_ticker', 'trade_id', 'fill_id', 'order_id'] as const;

/** Identifiers of a raw record for logs (never the whole record). */
export function recordIds(raw: unknown): Record<string, string> {
  const ids: Record<string, string> = {};
  if (raw && typeof raw === 'object') {
    for (const k of ID_KEYS) {
      const v = (raw as Record<string, unknown>)[k];
      if (typeof v === 'string') ids[k] = v.slice(0, 200);
    }
  }
  return ids;
}

export function summarizeIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, 10).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
}

/** Validates one record; on failure counts and logs it and returns null. */
export function parseRecord<S extends z.ZodType>(ctx: Pick<ClientContext, 'stats' | 'logger'>, endpoint: string, schema: S, raw: unknown): z.output<S> | null {
  let issues: string[];
  try {
    const r = schema.safeParse(raw);
    if (r.success) return r.data;
    issues = summarizeIssues(r.error);
  } catch (err) {
    issues = [`validation threw: ${(err as Error).message}`];
  }
  ctx.stats.countMalformed(endpoint);
  const ids = recordIds(raw);
  ctx.logger.warn({ endpoint, ...ids, ticker: ids.ticker ?? ids.market_ticker, issues }, 'kalshi: skipped malformed record');
  return null;
}

/** For single-record endpoints: like {@link parseRecord} but throws {@link KalshiMalformedRecordError}. */
export function parseSingle<S extends z.ZodType>(ctx: Pick<ClientContext, 'stats' | 'logger'>, endpoint: string, schema: S, raw: unknown): z.output<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issues = summarizeIssues(r.error);
  ctx.stats.countMalformed(endpoint);
  const ids = recordIds(raw);
  ctx.logger.warn({ endpoint, ...ids, ticker: ids.ticker ?? ids.market_ticker, issues }, 'kalshi: malformed record');
  throw new KalshiMalformedRecordError(endpoint, issues);
}

/** {@link parseRecords} for long lists, giving the event loop a turn every few milliseconds. */
export async function parseRecordsSliced<S extends z.ZodType>(ctx: Pick<ClientContext, 'stats' | 'logger'>, endpoint: string, schema: S, raws: readonly unknown[]): Promise<z.output<S>[]> {
  const out: z.output<S>[] = [];
  const slicer = createSlicer();
  for (const raw of raws) {
    if (slicer.due()) await slicer.pause();
    const r = parseRecord(ctx, endpoint, schema, raw);
    if (r !== null) out.push(r);
  }
  return out;
}

export function parseRecords<S extends z.ZodType>(ctx: Pick<ClientContext, 'stats' | 'logger'>, endpoint: string, schema: S, raws: readonly unknown[]): z.output<S>[] {
  const out: z.output<S>[] = [];
  for (const raw of raws) {
    const r = parseRecord(ctx, endpoint, schema, raw);
    if (r !== null) out.push(r);
  }
  return out;
}

/** One page of a cursor listing. */
export interface Page<T> {
  /** Valid records of this page, in server order. */
  items: T[];
  /** Cursor to fetch the next page; `null` at the end (Kalshi sends `""` or null). Checkpoint this to resume. */
  cursor: string | null;
  /** The cursor this page was fetched with (`null` for the first page). */
  requestCursor: string | null;
  /** Records skipped on this page because they were malformed. */
  malformed: number;
  /** Records dropped on this page as duplicates of recently seen ones. */
  duplicates: number;
}

/** A bounded "recently seen" set (insertion-ordered eviction). */
export class RecentIds {
  readonly #set = new Set<string>();
  constructor(readonly capacity: number) {}
  has(id: string): boolean {
    return this.#set.has(id);
  }
  add(id: string): void {
    if (this.#set.has(id)) return;
    this.#set.add(id);
    if (this.#set.size > this.capacity) {
      const first = this.#set.values().next();
      if (!first.done) this.#set.delete(first.value);
    }
  }
  get size(): number {
    return this.#set.size;
  }
}

export interface PaginateOptions<S extends z.ZodType> {
  path: string;
  /** Query without cursor. */
  query: Query;
  /** Envelope key holding the records (`markets`, `trades`, …). */
  key: string;
  schema: S;
  /** Starting cursor (resume). */
  cursor?: string | null | undefined;
  auth?: RequestOptions['auth'];
  /** Stop after this many pages. */
  maxPages?: number | undefined;
  /** Key for de-duplication across recent pages (a server repeating a page must not repeat records). */
  idOf?: ((r: z.output<S>) => string) | undefined;
  /** How many recent ids to remember. Default 4 × 1000. */
  dedupeWindow?: number | undefined;
  /**
   * Ids already processed before this listing started (e.g. the last page before a checkpointed cursor):
   * a server repeating the record at the cursor boundary must not produce a duplicate after a resume.
   */
  seenIds?: Iterable<string> | undefined;
  signal?: AbortSignal | undefined;
  /** Transforms a validated record (e.g. nested markets of events). */
  map?: ((r: z.output<S>) => z.output<S>) | undefined;
}

const MAX_STUCK_CURSOR = 3;

/**
 * Cursor pages as an async iterator. The next page is requested as soon as this page's cursor is
 * known, so its round trip overlaps validating this page and whatever the consumer does with it
 * (a database write): a sweep costs about the slower of the two per page, not their sum. A
 * consumer that stops early wastes at most that one request.
 */
export async function* paginate<S extends z.ZodType>(ctx: ClientContext, opts: PaginateOptions<S>): AsyncGenerator<Page<z.output<S>>, void, undefined> {
  const statsKey = endpointKey('GET', opts.path);
  let cursor: string | null = opts.cursor ?? null;
  if (cursor === '') cursor = null;
  let pages = 0;
  let stuck = 0;
  const recent = opts.idOf ? new RecentIds(opts.dedupeWindow ?? 4000) : null;
  if (recent && opts.seenIds) for (const id of opts.seenIds) recent.add(id);
  const fetchPage = (at: string | null) => {
    const request = ctx.http.request('GET', opts.path, { query: { ...opts.query, cursor: at ?? undefined }, auth: opts.auth ?? 'optional', signal: opts.signal });
    // Awaited below; this only keeps an abandoned prefetch from becoming an unhandled rejection.
    request.catch(() => {});
    return request;
  };
  let inFlight: Promise<unknown> | null = fetchPage(cursor);
  while (inFlight) {
    const json = await inFlight;
    inFlight = null;
    const env = pageEnvelope(json, opts.key);
    if (!env.ok) throw new KalshiResponseError('GET', opts.path, `response has no "${opts.key}" array`);
    const next = env.cursor;
    pages++;
    const requestCursor = cursor;
    if (next !== null && (opts.maxPages === undefined || pages < opts.maxPages)) {
      if (next === cursor) {
        if (++stuck >= MAX_STUCK_CURSOR) throw new KalshiResponseError('GET', opts.path, 'pagination cursor did not advance');
      } else {
        stuck = 0;
      }
      cursor = next;
      inFlight = fetchPage(next);
    }
    const items: z.output<S>[] = [];
    let malformed = 0;
    let duplicates = 0;
    const slicer = createSlicer();
    for (const raw of env.items) {
      if (slicer.due()) await slicer.pause();
      let rec = parseRecord(ctx, statsKey, opts.schema, raw);
      if (rec === null) {
        malformed++;
        continue;
      }
      if (opts.map) rec = opts.map(rec);
      if (recent && opts.idOf) {
        const id = opts.idOf(rec);
        if (recent.has(id)) {
          duplicates++;
          ctx.stats.duplicatesDropped++;
          continue;
        }
        recent.add(id);
      }
      items.push(rec);
    }
    yield { items, cursor: next, requestCursor, malformed, duplicates };
  }
}

/** Flattens pages into records. */
export async function* records<T>(pages: AsyncIterable<Page<T>>): AsyncGenerator<T, void, undefined> {
  for await (const page of pages) yield* page.items;
}

/**
 * Stats key for an endpoint: method + route with path parameters collapsed, e.g. `GET /markets/{ticker}`.
 */
export function endpointKey(method: string, path: string): string {
  const p = path
    .replace(/^\/markets\/(?!trades$|orderbooks$|candlesticks$)[^/]+/, '/markets/{ticker}')
    .replace(/^\/historical\/markets\/[^/]+/, '/historical/markets/{ticker}')
    .replace(/^\/events\/(?!multivariate$|fee_changes$)[^/]+/, '/events/{event_ticker}')
    .replace(/^\/series\/(?!fee_changes$)[^/]+/, '/series/{series_ticker}')
    .replace(/\/series\/\{series_ticker\}\/markets\/[^/]+/, '/series/{series_ticker}/markets/{ticker}')
    .replace(/^\/portfolio\/events\/orders\/(?!batched$)[^/]+/, '/portfolio/events/orders/{order_id}')
    .replace(/^\/portfolio\/orders\/(?!queue_positions$)[^/]+/, '/portfolio/orders/{order_id}');
  return `${method.toUpperCase()} ${p}`;
}
