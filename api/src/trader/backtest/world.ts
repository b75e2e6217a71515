// What a backtest replays: settled markets (with their results) and their quotes over time, from
// hourly candlesticks. Two sources give the same shape: the history collected from Kalshi into
// PostgreSQL (`npm run history`), or a local exchange's settled markets read into memory.
// Candlesticks carry the best bid and ask but no depth, so the book a backtest sees at a moment
// is one level at the candle's close on each side, its size unknown (see `bookFromQuote`).
import type { Orderbook } from '../../kalshi/index.ts';
import type { FeeSchedule } from '../fees.ts';

export interface SettledMarket {
  ticker: string;
  eventTicker: string;
  seriesTicker: string;
  category: string;
  title: string;
  /** When trading opened (null: unknown, taken as a day before close). */
  openMs: number | null;
  closeMs: number;
  result: 'yes' | 'no';
  fee: FeeSchedule;
  /** False when the series' fee schedule was not collected and Kalshi's standard one is assumed. */
  feeKnown: boolean;
}

/** Best YES bid and ask in micro-dollars at a moment; null when that side is empty. */
export interface Quote {
  yesBidMicros: bigint | null;
  yesAskMicros: bigint | null;
}

export interface BacktestWorld {
  kind: 'history' | 'exchange';
  /** One line for the report: where the markets come from. */
  description: string;
  /** Settled YES/NO markets, by close time. */
  markets: readonly SettledMarket[];
  /** Each ticker's quote from the latest hourly candle ending at or before `ms` (none before its first candle). */
  quotesAt(tickers: readonly string[], ms: number): Promise<Map<string, Quote>>;
  close(): Promise<void>;
}

/** The size shown at each quote: candlesticks have no depth, so the backtest fills an order in full at the quote. */
const UNKNOWN_DEPTH_CENTI = 10n ** 12n;

/** A one-level book from a quote: YES bids at the bid, NO bids at 1 − ask (Kalshi's book holds only bids). */
export function bookFromQuote(ticker: string, q: Quote | undefined): Orderbook {
  const level = (priceMicros: bigint) => ({
    price_dollars: (Number(priceMicros) / 1e6).toFixed(4),
    count_fp: '0',
    price_micros: priceMicros,
    count_centi: UNKNOWN_DEPTH_CENTI,
  });
  const valid = (p: bigint | null | undefined): p is bigint => p !== null && p !== undefined && p > 0n && p < 1_000_000n;
  return {
    ticker,
    yes: valid(q?.yesBidMicros) ? [level(q.yesBidMicros)] : [],
    no: valid(q?.yesAskMicros) ? [level(1_000_000n - q.yesAskMicros)] : [],
  };
}

export interface CandleQuote {
  endMs: number;
  yesBidMicros: number;
  yesAskMicros: number;
}

/** A world held in memory: markets with their hourly candles (sorted by end). */
export function memoryWorld(opts: { kind: BacktestWorld['kind']; description: string; markets: SettledMarket[]; candles: Map<string, CandleQuote[]>; close?: () => Promise<void> }): BacktestWorld {
  const markets = [...opts.markets].sort((a, b) => a.closeMs - b.closeMs || a.ticker.localeCompare(b.ticker));
  return {
    kind: opts.kind,
    description: opts.description,
    markets,
    async quotesAt(tickers, ms) {
      const out = new Map<string, Quote>();
      for (const t of tickers) {
        const c = latestAtOrBefore(opts.candles.get(t) ?? [], ms);
        if (c) out.set(t, { yesBidMicros: priceOrNull(c.yesBidMicros), yesAskMicros: priceOrNull(c.yesAskMicros) });
      }
      return out;
    },
    close: opts.close ?? (async () => {}),
  };
}

/** Kalshi reports an empty side as a bid of 0 or an ask of 1. */
export function priceOrNull(micros: number): bigint | null {
  return micros > 0 && micros < 1_000_000 ? BigInt(micros) : null;
}

function latestAtOrBefore(candles: readonly CandleQuote[], ms: number): CandleQuote | null {
  let lo = 0;
  let hi = candles.length - 1;
  let found: CandleQuote | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (candles[mid]!.endMs <= ms) {
      found = candles[mid]!;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
