/**
 * Public market data (NOTES §5). Listings are async iterators of pages (`list*Pages`) or records (`list*`);
 * nothing is ever accumulated into one array.
 */
import { z } from 'zod';
import { KalshiApiError, KalshiResponseError } from './errors.ts';
import type { Query } from './http.ts';
import { endpointKey, paginate, parseRecord, parseRecords, parseRecordsSliced, parseSingle, records, type ClientContext, type Page } from './records.ts';
import {
  CandlestickSchema,
  EventSchema,
  HistoricalCandlestickSchema,
  HistoricalCutoffSchema,
  ExchangeStatusSchema,
  MarketOrderbookSchema,
  MarketSchema,
  OrderbookFpSchema,
  SeriesSchema,
  TradeSchema,
  candleNumbers,
  candleNumbersOf,
  pageEnvelope,
  type CandleNumbers,
  type Candlestick,
  type EventRaw,
  type HistoricalCandlestick,
  type HistoricalCutoff,
  type ExchangeStatus,
  type KalshiEvent,
  type Market,
  type Orderbook,
  type Series,
  type Trade,
} from './schemas.ts';

/** `GET /markets` filters. See NOTES §5 for which timestamp groups combine with which status. */
export interface MarketsQuery {
  /** Page size 1–1000. Default 1000 (fewest requests and tokens). */
  limit?: number;
  /** Resume from this cursor. */
  cursor?: string;
  /** One event ticker. */
  event_ticker?: string;
  series_ticker?: string;
  /** Market tickers (sent comma-separated). */
  tickers?: readonly string[] | string;
  /** One of `unopened | open | paused | closed | settled`. */
  status?: 'unopened' | 'open' | 'paused' | 'closed' | 'settled';
  /** Default `exclude` (multivariate combos are hundreds of thousands of empty markets). `null` omits it. */
  mve_filter?: 'only' | 'exclude' | null;
  min_created_ts?: number;
  max_created_ts?: number;
  min_close_ts?: number;
  max_close_ts?: number;
  min_settled_ts?: number;
  max_settled_ts?: number;
  min_updated_ts?: number;
}

export interface ListOptions {
  maxPages?: number;
  signal?: AbortSignal;
  /** Remember this many recent ids to drop records a server repeats across pages. Default 4000. */
  dedupeWindow?: number;
  /**
   * When resuming from a checkpointed cursor: ids already processed (at least the last page's), so a
   * record the server repeats at the cursor boundary is not delivered twice.
   */
  seenIds?: Iterable<string>;
}

export interface EventsQuery {
  /** 1–200, default 200. */
  limit?: number;
  cursor?: string;
  with_nested_markets?: boolean;
  with_milestones?: boolean;
  status?: 'unopened' | 'open' | 'closed' | 'settled';
  series_ticker?: string;
  /** Event tickers (sent comma-separated). */
  tickers?: readonly string[] | string;
  min_close_ts?: number;
  min_updated_ts?: number;
}

export interface SeriesQuery {
  category?: string;
  tags?: string;
  include_product_metadata?: boolean;
  include_volume?: boolean;
  min_updated_ts?: number;
}

export interface TradesQuery {
  /** 1–1000, default 1000. */
  limit?: number;
  cursor?: string;
  /** Omit for the exchange-wide tape. */
  ticker?: string;
  /** Unix seconds. */
  min_ts?: number;
  /** Unix seconds. */
  max_ts?: number;
  is_block_trade?: boolean;
}

export interface CandlesticksQuery {
  series_ticker: string;
  ticker: string;
  /** Unix seconds. */
  start_ts: number;
  /** Unix seconds. */
  end_ts: number;
  /** Minutes: 1, 60 or 1440. */
  period_interval: 1 | 60 | 1440;
  include_latest_before_start?: boolean;
}

/** `GET /historical/markets` filters (Kalshi: mutually exclusive; no status or time filters). */
export interface HistoricalMarketsQuery {
  /** 1–1000. Default 1000. */
  limit?: number;
  cursor?: string;
  tickers?: readonly string[] | string;
  event_ticker?: string;
  series_ticker?: string;
  /** Default `exclude`; `null` omits it (Kalshi then includes combos). */
  mve_filter?: 'exclude' | null;
}

/** `GET /historical/markets/{ticker}/candlesticks`. */
export interface HistoricalCandlesticksQuery {
  ticker: string;
  /** Unix seconds. */
  start_ts: number;
  /** Unix seconds. */
  end_ts: number;
  /** Minutes: 1, 60 or 1440. */
  period_interval: 1 | 60 | 1440;
}

export interface BatchCandlesticksQuery {
  market_tickers: Iterable<string>;
  start_ts: number;
  end_ts: number;
  period_interval: number;
  include_latest_before_start?: boolean;
}

const MarketCandlesticksWrapper = z.looseObject({ market_ticker: z.string().min(1), candlesticks: z.array(z.unknown()) });

/** Candles as numbers by the hand-written check; one it does not accept goes through zod, which skips and reports it. */
function parseCandleNumbers(ctx: ClientContext, endpoint: string, raws: readonly unknown[], historical: boolean): CandleNumbers[] {
  const out: CandleNumbers[] = [];
  for (const raw of raws) {
    const fast = candleNumbers(raw, historical);
    if (fast) {
      out.push(fast);
      continue;
    }
    const rec = historical ? parseRecord(ctx, endpoint, HistoricalCandlestickSchema, raw) : parseRecord(ctx, endpoint, CandlestickSchema, raw);
    if (rec !== null) out.push(candleNumbersOf(rec));
  }
  return out;
}

export const ORDERBOOKS_PER_CALL = 100;
export const CANDLESTICK_MARKETS_PER_CALL = 100;

function commaList(v: readonly string[] | string | undefined): string | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : v.join(',');
}

function enc(s: string): string {
  return encodeURIComponent(s);
}

async function* chunks<T>(items: Iterable<T> | AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let buf: T[] = [];
  for await (const it of items as AsyncIterable<T>) {
    buf.push(it);
    if (buf.length >= size) {
      yield buf;
      buf = [];
    }
  }
  if (buf.length > 0) yield buf;
}

export function createMarketData(ctx: ClientContext) {
  const { http } = ctx;

  // The live and historical endpoints share their shapes: one reader each for market pages, one
  // market, trade pages and a market's candlesticks.
  function marketPages(path: string, query: Query, cursor: string | undefined, o: ListOptions): AsyncGenerator<Page<Market>> {
    return paginate(ctx, {
      path,
      query,
      key: 'markets',
      schema: MarketSchema,
      cursor,
      maxPages: o.maxPages,
      signal: o.signal,
      idOf: (m) => m.ticker,
      dedupeWindow: o.dedupeWindow,
      seenIds: o.seenIds,
    });
  }

  /** `null` on 404. `label` names the endpoint in errors (`/markets/{ticker}`). */
  async function oneMarket(path: string, label: string, signal?: AbortSignal): Promise<Market | null> {
    let json: unknown;
    try {
      json = await http.request('GET', path, { signal });
    } catch (err) {
      if (err instanceof KalshiApiError && err.status === 404) return null;
      throw err;
    }
    const m = (json as { market?: unknown } | null)?.market;
    if (m === undefined) throw new KalshiResponseError('GET', label, 'response has no "market"');
    return parseSingle(ctx, `GET ${label}`, MarketSchema, m);
  }

  function tradePages(path: string, q: TradesQuery, o: ListOptions): AsyncGenerator<Page<Trade>> {
    return paginate(ctx, {
      path,
      query: { limit: q.limit ?? 1000, ticker: q.ticker, min_ts: q.min_ts, max_ts: q.max_ts, is_block_trade: q.is_block_trade },
      key: 'trades',
      schema: TradeSchema,
      cursor: q.cursor,
      maxPages: o.maxPages,
      signal: o.signal,
      idOf: (t) => t.trade_id,
      dedupeWindow: o.dedupeWindow,
      seenIds: o.seenIds,
    });
  }

  /** A candlestick endpoint's raw candles, with the endpoint key their parse errors are counted under. */
  async function candleItems(path: string, query: Query, signal?: AbortSignal): Promise<{ endpoint: string; items: unknown[] }> {
    const json = await http.request('GET', path, { query, signal });
    const env = pageEnvelope(json, 'candlesticks');
    if (!env.ok) throw new KalshiResponseError('GET', path, 'response has no "candlesticks" array');
    return { endpoint: endpointKey('GET', path), items: env.items };
  }

  function marketsQuery(q: MarketsQuery): Query {
    return {
      limit: q.limit ?? 1000,
      event_ticker: q.event_ticker,
      series_ticker: q.series_ticker,
      tickers: commaList(q.tickers),
      status: q.status,
      mve_filter: q.mve_filter === undefined ? 'exclude' : q.mve_filter,
      min_created_ts: q.min_created_ts,
      max_created_ts: q.max_created_ts,
      min_close_ts: q.min_close_ts,
      max_close_ts: q.max_close_ts,
      min_settled_ts: q.min_settled_ts,
      max_settled_ts: q.max_settled_ts,
      min_updated_ts: q.min_updated_ts,
    };
  }

  function parseEvent(raw: EventRaw): KalshiEvent {
    const nested: unknown = raw.markets;
    if (!Array.isArray(nested)) return raw as KalshiEvent;
    return { ...raw, markets: parseRecords(ctx, 'GET /events (nested markets)', MarketSchema, nested) };
  }

  const api = {
    /** `GET /exchange/status`. */
    async getExchangeStatus(signal?: AbortSignal): Promise<ExchangeStatus> {
      const json = await http.request('GET', '/exchange/status', { signal });
      return parseSingle(ctx, 'GET /exchange/status', ExchangeStatusSchema, json);
    },

    /** `GET /markets` page by page. `mve_filter=exclude` unless told otherwise. */
    listMarketPages(q: MarketsQuery = {}, o: ListOptions = {}): AsyncGenerator<Page<Market>> {
      return marketPages('/markets', marketsQuery(q), q.cursor, o);
    },

    /** `GET /markets` record by record. */
    listMarkets(q: MarketsQuery = {}, o: ListOptions = {}): AsyncGenerator<Market> {
      return records(api.listMarketPages(q, o));
    },

    /** `GET /markets/{ticker}`; `null` when the market does not exist (404). */
    async getMarket(ticker: string, signal?: AbortSignal): Promise<Market | null> {
      return oneMarket(`/markets/${enc(ticker)}`, '/markets/{ticker}', signal);
    },

    /** `GET /events` page by page (MVE events are excluded by Kalshi). Nested markets are validated one by one. */
    listEventPages(q: EventsQuery = {}, o: ListOptions = {}): AsyncGenerator<Page<KalshiEvent>> {
      return paginate(ctx, {
        path: '/events',
        query: {
          limit: q.limit ?? 200,
          with_nested_markets: q.with_nested_markets,
          with_milestones: q.with_milestones,
          status: q.status,
          series_ticker: q.series_ticker,
          tickers: commaList(q.tickers),
          min_close_ts: q.min_close_ts,
          min_updated_ts: q.min_updated_ts,
        },
        key: 'events',
        schema: EventSchema,
        cursor: q.cursor,
        maxPages: o.maxPages,
        signal: o.signal,
        idOf: (e) => e.event_ticker,
        dedupeWindow: o.dedupeWindow,
        seenIds: o.seenIds,
        map: (e) => parseEvent(e),
      }) as AsyncGenerator<Page<KalshiEvent>>;
    },

    listEvents(q: EventsQuery = {}, o: ListOptions = {}): AsyncGenerator<KalshiEvent> {
      return records(api.listEventPages(q, o));
    },

    /** `GET /events/{event_ticker}`; markets come back validated (malformed ones skipped). `null` on 404. */
    async getEvent(eventTicker: string, opts: { with_nested_markets?: boolean; signal?: AbortSignal } = {}): Promise<{ event: KalshiEvent; markets: Market[] } | null> {
      let json: unknown;
      try {
        json = await http.request('GET', `/events/${enc(eventTicker)}`, { query: { with_nested_markets: opts.with_nested_markets }, signal: opts.signal });
      } catch (err) {
        if (err instanceof KalshiApiError && err.status === 404) return null;
        throw err;
      }
      const o = (json ?? {}) as { event?: unknown; markets?: unknown };
      const event = parseEvent(parseSingle(ctx, 'GET /events/{event_ticker}', EventSchema, o.event));
      const markets = Array.isArray(o.markets) ? parseRecords(ctx, 'GET /events/{event_ticker}', MarketSchema, o.markets) : (event.markets ?? []);
      return { event, markets };
    },

    /** `GET /series` (not paginated by Kalshi: one response of all matching series). */
    async getSeriesList(q: SeriesQuery = {}, signal?: AbortSignal): Promise<Series[]> {
      const json = await http.request('GET', '/series', { query: { ...q }, signal });
      const env = pageEnvelope(json, 'series');
      if (!env.ok) throw new KalshiResponseError('GET', '/series', 'response has no "series" array');
      // Every series in one response (about 14,000 on the exchange): validated in slices.
      return parseRecordsSliced(ctx, 'GET /series', SeriesSchema, env.items);
    },

    /** `GET /series/{series_ticker}`; `null` on 404. */
    async getSeries(seriesTicker: string, opts: { include_volume?: boolean; signal?: AbortSignal } = {}): Promise<Series | null> {
      let json: unknown;
      try {
        json = await http.request('GET', `/series/${enc(seriesTicker)}`, { query: { include_volume: opts.include_volume }, signal: opts.signal });
      } catch (err) {
        if (err instanceof KalshiApiError && err.status === 404) return null;
        throw err;
      }
      return parseSingle(ctx, 'GET /series/{series_ticker}', SeriesSchema, (json as { series?: unknown } | null)?.series);
    },

    /**
     * `GET /markets/trades` page by page: the exchange-wide tape when no ticker is given. Checkpoint
     * `page.cursor` to resume later without gaps; records repeated by the server across pages are dropped.
     */
    listTradePages(q: TradesQuery = {}, o: ListOptions = {}): AsyncGenerator<Page<Trade>> {
      return tradePages('/markets/trades', q, o);
    },

    listTrades(q: TradesQuery = {}, o: ListOptions = {}): AsyncGenerator<Trade> {
      return records(api.listTradePages(q, o));
    },

    /** `GET /markets/{ticker}/orderbook` (signed when credentials exist). `depth` 0 = all levels, 1–100. */
    async getOrderbook(ticker: string, opts: { depth?: number; signal?: AbortSignal } = {}): Promise<Orderbook> {
      const json = await http.request('GET', `/markets/${enc(ticker)}/orderbook`, { query: { depth: opts.depth }, signal: opts.signal });
      const ob = parseSingle(ctx, 'GET /markets/{ticker}/orderbook', OrderbookFpSchema, (json as { orderbook_fp?: unknown } | null)?.orderbook_fp);
      return { ticker, yes: ob.yes_dollars, no: ob.no_dollars };
    },

    /**
     * `GET /markets/orderbooks` for any number of tickers: 100 per call (the parameter is repeated), books
     * yielded as each call returns. Malformed books are skipped and counted.
     */
    async *listOrderbooks(tickers: Iterable<string> | AsyncIterable<string>, opts: { signal?: AbortSignal } = {}): AsyncGenerator<Orderbook> {
      for await (const chunk of chunks(tickers, ORDERBOOKS_PER_CALL)) {
        const json = await http.request('GET', '/markets/orderbooks', { query: { tickers: chunk }, signal: opts.signal });
        const env = pageEnvelope(json, 'orderbooks');
        if (!env.ok) throw new KalshiResponseError('GET', '/markets/orderbooks', 'response has no "orderbooks" array');
        for (const raw of env.items) {
          const ob = parseRecord(ctx, 'GET /markets/orderbooks', MarketOrderbookSchema, raw);
          if (ob) yield ob;
        }
      }
    },

    /** `GET /series/{series_ticker}/markets/{ticker}/candlesticks`. Malformed candles are skipped and counted. */
    async getMarketCandlesticks(q: CandlesticksQuery, signal?: AbortSignal): Promise<{ ticker: string; candlesticks: Candlestick[] }> {
      const { endpoint, items } = await candleItems(
        `/series/${enc(q.series_ticker)}/markets/${enc(q.ticker)}/candlesticks`,
        { start_ts: q.start_ts, end_ts: q.end_ts, period_interval: q.period_interval, include_latest_before_start: q.include_latest_before_start },
        signal,
      );
      return { ticker: q.ticker, candlesticks: parseRecords(ctx, endpoint, CandlestickSchema, items) };
    },

    /** `GET /historical/cutoff`: markets settled before `market_settled_ts` are only under `/historical/markets`. */
    async getHistoricalCutoff(signal?: AbortSignal): Promise<HistoricalCutoff> {
      const json = await http.request('GET', '/historical/cutoff', { signal });
      return parseSingle(ctx, 'GET /historical/cutoff', HistoricalCutoffSchema, json);
    },

    /** `GET /historical/markets` page by page: markets archived before the cutoff (Market shape). */
    listHistoricalMarketPages(q: HistoricalMarketsQuery = {}, o: ListOptions = {}): AsyncGenerator<Page<Market>> {
      const query = {
        limit: q.limit ?? 1000,
        tickers: commaList(q.tickers),
        event_ticker: q.event_ticker,
        series_ticker: q.series_ticker,
        mve_filter: q.mve_filter === undefined ? 'exclude' : q.mve_filter,
      };
      return marketPages('/historical/markets', query, q.cursor, o);
    },

    /** `GET /historical/markets/{ticker}`; `null` on 404. */
    async getHistoricalMarket(ticker: string, signal?: AbortSignal): Promise<Market | null> {
      return oneMarket(`/historical/markets/${enc(ticker)}`, '/historical/markets/{ticker}', signal);
    },

    /**
     * {@link getMarketCandlesticks} (or, with `historical`, {@link getHistoricalMarketCandlesticks}) as
     * plain numbers (micro-dollars, centi-contracts) for bulk collection: same validation, far cheaper.
     */
    async getCandleNumbers(q: CandlesticksQuery & { historical?: boolean }, signal?: AbortSignal): Promise<{ ticker: string; candlesticks: CandleNumbers[] }> {
      const path = q.historical ? `/historical/markets/${enc(q.ticker)}/candlesticks` : `/series/${enc(q.series_ticker)}/markets/${enc(q.ticker)}/candlesticks`;
      const { endpoint, items } = await candleItems(path, { start_ts: q.start_ts, end_ts: q.end_ts, period_interval: q.period_interval }, signal);
      return { ticker: q.ticker, candlesticks: parseCandleNumbers(ctx, endpoint, items, q.historical === true) };
    },

    /**
     * `GET /markets/candlesticks` for at most 100 markets over one window, as plain numbers (see
     * {@link getCandleNumbers}). Kalshi answers at most 10,000 candlesticks in all: the caller sizes
     * the batch. A market Kalshi does not answer for (archived, unknown) is absent from the result.
     */
    async getBatchCandleNumbers(q: BatchCandlesticksQuery, signal?: AbortSignal): Promise<{ ticker: string; candlesticks: CandleNumbers[] }[]> {
      const tickers = [...q.market_tickers];
      if (tickers.length > CANDLESTICK_MARKETS_PER_CALL) throw new RangeError(`at most ${CANDLESTICK_MARKETS_PER_CALL} markets per batch, got ${tickers.length}`);
      const path = '/markets/candlesticks';
      const json = await http.request('GET', path, { query: { market_tickers: tickers.join(','), start_ts: q.start_ts, end_ts: q.end_ts, period_interval: q.period_interval }, signal });
      const env = pageEnvelope(json, 'markets');
      if (!env.ok) throw new KalshiResponseError('GET', path, 'response has no "markets" array');
      const endpoint = endpointKey('GET', path);
      const out: { ticker: string; candlesticks: CandleNumbers[] }[] = [];
      for (const raw of env.items) {
        const o = parseRecord(ctx, endpoint, MarketCandlesticksWrapper, raw);
        if (o) out.push({ ticker: o.market_ticker, candlesticks: parseCandleNumbers(ctx, endpoint, o.candlesticks, false) });
      }
      return out;
    },

    /** `GET /historical/markets/{ticker}/candlesticks` (no `_dollars` suffixes). Malformed candles are skipped and counted. */
    async getHistoricalMarketCandlesticks(q: HistoricalCandlesticksQuery, signal?: AbortSignal): Promise<{ ticker: string; candlesticks: HistoricalCandlestick[] }> {
      const { endpoint, items } = await candleItems(
        `/historical/markets/${enc(q.ticker)}/candlesticks`,
        { start_ts: q.start_ts, end_ts: q.end_ts, period_interval: q.period_interval },
        signal,
      );
      return { ticker: q.ticker, candlesticks: parseRecords(ctx, endpoint, HistoricalCandlestickSchema, items) };
    },

    /** `GET /historical/trades` page by page: trades filled before the cutoff's `trades_created_ts`. */
    listHistoricalTradePages(q: TradesQuery = {}, o: ListOptions = {}): AsyncGenerator<Page<Trade>> {
      return tradePages('/historical/trades', q, o);
    },

    /** `GET /markets/candlesticks` for many markets, 100 tickers per call, one result per market as it arrives. */
    async *listBatchCandlesticks(q: BatchCandlesticksQuery, signal?: AbortSignal): AsyncGenerator<{ market_ticker: string; candlesticks: Candlestick[] }> {
      for await (const chunk of chunks(q.market_tickers, CANDLESTICK_MARKETS_PER_CALL)) {
        const json = await http.request('GET', '/markets/candlesticks', {
          query: {
            market_tickers: chunk.join(','),
            start_ts: q.start_ts,
            end_ts: q.end_ts,
            period_interval: q.period_interval,
            include_latest_before_start: q.include_latest_before_start,
          },
          signal,
        });
        const env = pageEnvelope(json, 'markets');
        if (!env.ok) throw new KalshiResponseError('GET', '/markets/candlesticks', 'response has no "markets" array');
        for (const raw of env.items) {
          const o = parseRecord(ctx, 'GET /markets/candlesticks', MarketCandlesticksWrapper, raw);
          if (!o) continue;
          yield { market_ticker: o.market_ticker, candlesticks: parseRecords(ctx, 'GET /markets/candlesticks', CandlestickSchema, o.candlesticks) };
        }
      }
    },
  };
  return api;
}

export type MarketDataApi = ReturnType<typeof createMarketData>;
