import { readFileSync } from 'node:fs';
import { orderBy } from '../universe/build.ts';
import { PRICE_STRUCTURES, type EventRec, type MarketRec, type SeriesRec, type Universe } from '../universe/types.ts';
import { parseCount, parsePrice } from '../util/fixed.ts';
import { uuidFrom } from '../util/hash.ts';

export interface TapeTrade {
  tradeId: string;
  ticker: string;
  tsMs: number;
  cc: number;
  price: number;
  side: number;
}

export interface TapeBook {
  ticker: string;
  tsMs: number;
  yes: [number, number][];
  no: [number, number][];
}

export interface Tape {
  universe: Universe;
  trades: TapeTrade[];
  books: TapeBook[];
  firstMs: number;
  lastMs: number;
  /** Lines skipped as malformed (not JSON, a trade or book missing what it needs, an unknown type), and the first few. */
  skipped: number;
  skippedExamples: string[];
  /** Markets the tape traded but never described: listed from their trades (event from the ticker, open at the first trade). */
  marketsFromTrades: number;
}

function toMs(v: unknown): number | null {
  if (typeof v === 'number') return v > 1e12 ? v : v * 1000;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    if (Number.isFinite(t)) return t;
    const n = Number(v);
    if (Number.isFinite(n)) return n > 1e12 ? n : n * 1000;
  }
  return null;
}

function levels(arr: unknown): [number, number][] {
  if (!Array.isArray(arr)) return [];
  const out: [number, number][] = [];
  for (const l of arr) {
    if (!Array.isArray(l)) continue;
    const p = parsePrice(String(l[0]));
    const c = parseCount(String(l[1]));
    if (p !== null && c !== null && c > 0) out.push([p, c]);
  }
  // engine books are best (highest) first
  return out.sort((a, b) => b[0] - a[0]);
}

/**
 * A market's event when the tape does not name it. Kalshi's tickers are SERIES-EVENT-MARKET, and
 * the market part may itself contain dashes (a negative strike: KXGDP-25DEC-T-100000), so the event
 * is the first two parts, not everything but the last; a two-part ticker (RECSSNBER-25) is a market
 * alone in an event of the same name.
 */
export function defaultEventTicker(ticker: string): string {
  const parts = ticker.split('-');
  return parts.length <= 2 ? ticker : `${parts[0]}-${parts[1]}`;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/**
 * The time a Kalshi ticker's event part names (`KXHIGHNY-26NOV18-B50`: the start of 18 Nov 2026; `KXBTCD-25DEC3117`:
 * 17:00 on 31 Dec 2025), in US Eastern taken as UTC−5 (an hour off in summer matters nothing here). Null when the
 * ticker names no date.
 */
export function tickerDateMs(ticker: string): number | null {
  const m = /^(\d{2})([A-Z]{3})(\d{2})(?:(\d{2})(?!\d))?/.exec(ticker.split('-')[1] ?? '');
  const month = m ? MONTHS.indexOf(m[2]!) : -1;
  if (!m || month < 0) return null;
  const day = Number(m[3]);
  if (day < 1 || day > 31) return null;
  const hour = m[4] !== undefined && Number(m[4]) <= 23 ? Number(m[4]) : 0;
  return Date.UTC(2000 + Number(m[1]), month, day, hour + 5);
}

/**
 * A trade's YES price in pips: `yes_price_dollars`, else 1 − `no_price_dollars`, else the legacy integer-cent `yes_price`
 * (removed from Kalshi's responses in March 2026, still in older recordings).
 */
function tradePrice(rec: Record<string, unknown>): number | null {
  const yes = parsePrice(rec.yes_price_dollars);
  if (yes !== null) return yes;
  const no = parsePrice(rec.no_price_dollars);
  if (no !== null) return 10000 - no;
  const cents = typeof rec.yes_price === 'number' ? rec.yes_price : typeof rec.yes_price === 'string' ? Number(rec.yes_price) : NaN;
  return Number.isInteger(cents) && cents >= 0 && cents <= 100 ? cents * 100 : null;
}

/**
 * Parse a JSONL tape (see README): records of type series | event | market | trade | book,
 * using Kalshi's own field names. Missing series/events are derived from tickers, and (unless
 * `marketsFromTrades` is false) markets from their trades; malformed lines are skipped and counted.
 */
export function loadTape(text: string, seed = 1, options: { marketsFromTrades?: boolean } = {}): Tape {
  const series: SeriesRec[] = [];
  const events: EventRec[] = [];
  const markets: MarketRec[] = [];
  const seriesByTicker = new Map<string, number>();
  const eventByTicker = new Map<string, number>();
  const marketByTicker = new Map<string, number>();
  const trades: TapeTrade[] = [];
  const books: TapeBook[] = [];
  const rawMarkets: Record<string, unknown>[] = [];
  const rawEvents = new Map<string, Record<string, unknown>>();
  const rawSeries = new Map<string, Record<string, unknown>>();
  let lineNo = 0;
  let skipped = 0;
  const skippedExamples: string[] = [];
  // A recording of real flow may hold the odd record the replay cannot use: skipped and counted, never the whole tape lost.
  const skip = (why: string) => {
    skipped++;
    if (skippedExamples.length < 5) skippedExamples.push(`line ${lineNo}: ${why}`);
  };
  for (const line of text.split('\n')) {
    lineNo++;
    const t = line.trim();
    if (!t) continue;
    let rec: Record<string, unknown>;
    try {
      rec = JSON.parse(t);
    } catch {
      skip('invalid JSON');
      continue;
    }
    if (rec === null || typeof rec !== 'object') {
      skip('not a JSON object');
      continue;
    }
    switch (rec.type) {
      case 'series': rawSeries.set(String(rec.ticker), rec); break;
      case 'event': rawEvents.set(String(rec.event_ticker), rec); break;
      case 'market': rawMarkets.push(rec); break;
      case 'trade': {
        const tsMs = toMs(rec.created_time ?? rec.ts_ms ?? rec.ts);
        const price = tradePrice(rec);
        const cc = parseCount(rec.count_fp ?? rec.count);
        const ticker = String(rec.ticker ?? rec.market_ticker ?? '');
        if (tsMs === null || price === null || cc === null || cc <= 0 || !ticker) {
          skip('a trade needs a time, a price, a count and a ticker');
          break;
        }
        const side = (rec.taker_outcome_side ?? rec.taker_side) === 'no' || rec.taker_book_side === 'ask' ? 1 : 0;
        trades.push({ tradeId: String(rec.trade_id ?? uuidFrom(seed, 0x74617065, lineNo)), ticker, tsMs, cc, price, side });
        break;
      }
      case 'book': {
        const tsMs = toMs(rec.ts_ms ?? rec.ts ?? rec.created_time);
        const ob = (rec.orderbook_fp ?? rec) as Record<string, unknown>;
        const ticker = rec.ticker ?? rec.market_ticker;
        if (tsMs === null || typeof ticker !== 'string') {
          skip('a book needs a time and a ticker');
          break;
        }
        // the REST order book's `yes_dollars`, or the WebSocket snapshot's `yes_dollars_fp`
        books.push({ ticker, tsMs, yes: levels(ob.yes_dollars ?? ob.yes_dollars_fp), no: levels(ob.no_dollars ?? ob.no_dollars_fp) });
        break;
      }
      default:
        skip(`unknown record type ${String(rec.type)}`);
    }
  }
  // replay starts at the first recorded trade/book; markets only anchor it when nothing else exists.
  // A loop, not Math.min(...times): spreading a million timestamps into a call overflows the stack.
  let firstMs = Infinity;
  let lastMs = -Infinity;
  const see = (ms: number) => {
    if (ms < firstMs) firstMs = ms;
    if (ms > lastMs) lastMs = ms;
  };
  for (const t of trades) see(t.tsMs);
  for (const b of books) see(b.tsMs);
  if (firstMs === Infinity) for (const m of rawMarkets) for (const k of ['created_time', 'open_time']) { const v = toMs(m[k]); if (v !== null) see(v); }
  if (firstMs === Infinity) firstMs = lastMs = Date.now();

  const ensureSeries = (ticker: string): number => {
    let i = seriesByTicker.get(ticker);
    if (i !== undefined) return i;
    const r = rawSeries.get(ticker) ?? {};
    i = series.length;
    const mult = Number(r.fee_multiplier ?? 1);
    series.push({
      idx: i, ticker, title: String(r.title ?? ticker), category: String(r.category ?? 'Unknown'),
      tags: Array.isArray(r.tags) ? (r.tags as string[]) : [], frequency: String(r.frequency ?? 'custom'),
      feeType: String(r.fee_type ?? 'quadratic'), feeMult1000: Math.round((Number.isFinite(mult) ? mult : 1) * 1000),
      exchangeIndex: Number(r.exchange_index ?? 0), events: [], raw: r,
    });
    seriesByTicker.set(ticker, i);
    return i;
  };
  for (const t of rawSeries.keys()) ensureSeries(t);
  const ensureEvent = (ticker: string): number => {
    let i = eventByTicker.get(ticker);
    if (i !== undefined) return i;
    const r = rawEvents.get(ticker) ?? {};
    const st = String(r.series_ticker ?? ticker.split('-')[0]);
    const si = ensureSeries(st);
    i = events.length;
    events.push({
      idx: i, ticker, seriesIdx: si, title: String(r.title ?? ticker), subTitle: String(r.sub_title ?? ''),
      mutuallyExclusive: r.mutually_exclusive === true, isMve: ticker.startsWith('KXMVE'), markets: [], strikeDateS: null, raw: r,
    });
    series[si]!.events.push(i);
    eventByTicker.set(ticker, i);
    return i;
  };
  for (const t of rawEvents.keys()) ensureEvent(t);
  // a trade-only recording names its markets only in its trades
  const described = new Set(rawMarkets.map((r) => String(r.ticker)));
  const span = new Map<string, { first: number; last: number }>();
  for (const t of trades) {
    if (described.has(t.ticker)) continue;
    const x = span.get(t.ticker);
    if (!x) span.set(t.ticker, { first: t.tsMs, last: t.tsMs });
    else {
      if (t.tsMs < x.first) x.first = t.tsMs;
      if (t.tsMs > x.last) x.last = t.tsMs;
    }
  }
  // (a history for backtests must describe every market: its result is what a backtest settles on)
  if (options.marketsFromTrades === false && span.size > 0) throw new Error(`tape trade for unknown market ${span.keys().next().value}`);
  // Open at its first trade. Kalshi publishes every close time in advance and the monitor reads a market's last hours
  // differently, so the close is estimated: the day its ticker names (…-27FEB02…, from midnight US Eastern, or the
  // hour …-25DEC3117 names) but never before its last trade; without a date, its last trade when that came over an
  // hour before the tape ends, else after the tape.
  for (const [ticker, { first, last }] of span) {
    const named = tickerDateMs(ticker);
    const close = named !== null ? Math.max(named, last + 60_000) : last < lastMs - 3_600_000 ? last + 60_000 : null;
    rawMarkets.push({ type: 'market', ticker, open_time: first, created_time: first, ...(close !== null ? { close_time: close } : {}) });
  }
  for (const r of rawMarkets) {
    const ticker = String(r.ticker);
    const ei = ensureEvent(String(r.event_ticker ?? defaultEventTicker(ticker)));
    const idx = markets.length;
    const closeMs = toMs(r.close_time) ?? lastMs + 86_400_000;
    const openMs = toMs(r.open_time) ?? firstMs;
    const createdMs = toMs(r.created_time) ?? openMs;
    const pls = Math.max(0, PRICE_STRUCTURES.findIndex((p) => p.name === r.price_level_structure));
    const settledMs = toMs(r.settlement_ts);
    markets.push({
      idx, ticker, eventIdx: ei, seriesIdx: events[ei]!.seriesIdx, marketId: uuidFrom(seed, 0x4d4b54, idx),
      yesSub: String(r.yes_sub_title ?? ''), noSub: String(r.no_sub_title ?? ''), rulesPrimary: String(r.rules_primary ?? ''),
      createdS: Math.floor(createdMs / 1000), openS: Math.floor(openMs / 1000), closeS: Math.floor(closeMs / 1000),
      determineDelayS: settledMs ? Math.max(0, Math.floor((settledMs - closeMs) / 1000)) : 60, settleTimerS: Number(r.settlement_timer_seconds ?? 0) || 0,
      rate: 0, sizeScale: 1, mu: 0, volSlow: 0, volFast: 0, depth: 0, pls,
      result: r.result === 'yes' ? 'yes' : 'no', strikeType: typeof r.strike_type === 'string' ? r.strike_type : null,
      floorStrike: typeof r.floor_strike === 'number' ? r.floor_strike : null, capStrike: typeof r.cap_strike === 'number' ? r.cap_strike : null,
      isMve: ticker.startsWith('KXMVE'), mveCollection: typeof r.mve_collection_ticker === 'string' ? r.mve_collection_ticker : null,
      mveLegs: Array.isArray(r.mve_selected_legs) ? (r.mve_selected_legs as MarketRec['mveLegs']) : null,
      exchangeIndex: Number(r.exchange_index ?? 0), canCloseEarly: r.can_close_early === true, preVolumeCc: 0, raw: r,
    });
    events[ei]!.markets.push(idx);
    marketByTicker.set(ticker, idx);
  }

  // A market that recorded no books is served a modeled one (Engine.modeledTapeTop): its quote width follows its
  // recorded trades per day and each level holds about ten of its median trades, about as the generated world's books
  // hold (depth ≈ 40·w^0.6 against median trades ≈ 5·w^0.45 contracts for a market w times as active as the average).
  const sizes = new Map<number, number[]>();
  for (const t of trades) {
    const mi = marketByTicker.get(t.ticker)!;
    let l = sizes.get(mi);
    if (!l) sizes.set(mi, (l = []));
    l.push(t.cc / 100);
  }
  const spanDays = Math.max(1 / 24, (lastMs - firstMs) / 86_400_000);
  for (const [mi, l] of sizes) {
    const m = markets[mi]!;
    l.sort((a, b) => a - b);
    const median = l[l.length >> 1]!;
    m.rate = l.length / spanDays;
    m.depth = Math.max(2, Math.min(20000, 6 * median));
  }
  // the first trade price anchors the (static) fair value used by candlestick quotes
  for (const t of [...trades].reverse()) {
    const m = markets[marketByTicker.get(t.ticker)!]!;
    const p = Math.min(0.99, Math.max(0.01, t.price / 10000));
    m.mu = Math.log(p / (1 - p));
  }
  const { order: marketOrder, rank: marketRank } = orderBy(markets.length, (a, b) => markets[b]!.createdS - markets[a]!.createdS || a - b);
  const evs = events.filter((e) => e.markets.length > 0);
  const { order: eventOrder, rank: eventRank } = orderBy(events.length, (a, b) => {
    const ma = markets[events[a]!.markets[0] ?? 0]?.createdS ?? 0;
    const mb = markets[events[b]!.markets[0] ?? 0]?.createdS ?? 0;
    return mb - ma || a - b;
  });
  void evs;
  const universe: Universe = {
    seed, startMs: firstMs, historyStartMs: firstMs, series, events, markets, seriesByTicker, eventByTicker, marketByTicker,
    marketOrder, marketRank, eventOrder, eventRank, tape: true,
  };
  // In time order (a stable sort: one millisecond's fills keep the file's order). Kalshi's trade endpoints page newest
  // first, and a recording kept that way would otherwise be inserted one by one at the front: quadratic in its length.
  trades.sort((a, b) => a.tsMs - b.tsMs);
  books.sort((a, b) => a.tsMs - b.tsMs);
  return { universe, trades, books, firstMs, lastMs, skipped, skippedExamples, marketsFromTrades: span.size };
}

export function loadTapeFile(path: string, seed = 1): Tape {
  return loadTape(readFileSync(path, 'utf8'), seed);
}
