// The real-time path, used when Kalshi keys are configured (the WebSocket handshake is always
// signed): trades and top-of-book arrive as they happen, are stored within a second, and the
// markets that traded are rescored and alerted on at once, instead of at the next 5-minute
// cycle. The REST tape in each cycle still fills any gap; writes are idempotent on trade id.
import type pg from 'pg';
import type { KalshiClient, TradeEvent } from '../../kalshi/index.ts';
import type { Logger } from '../../lib/logger.ts';
import { type StoredTrade, storeTrades } from '../ingest/trade-ingest.ts';
import { formatCount, formatDollars, tickerQuote } from '../../kalshi/index.ts';

export const LIVE_FLUSH_MS = 1_000;
/** After a trade, quote changes keep the market being rescored this long (the price impact shows up in the quote). */
export const RESCORE_AFTER_TRADE_MS = 15 * 60_000;

export function storedFromWs(trade: TradeEvent): StoredTrade {
  return {
    tradeId: trade.trade_id,
    ticker: trade.market_ticker,
    createdMs: trade.ts_ms,
    yesPrice: formatDollars(trade.yes_price_micros),
    noPrice: formatDollars(trade.no_price_micros),
    count: formatCount(trade.count_centi),
    takerSide: trade.taker_outcome_side,
  };
}

export interface LiveFeedDeps {
  kalshi: KalshiClient;
  pool: pg.Pool;
  logger: Logger;
  now: () => Date;
  scoreLive(tickers: readonly string[], now: Date): Promise<{ scored: number; alertsCreated: number }>;
  updateTopOfBook(ticker: string, bid: number | null, ask: number | null, ts: number): void;
  flushMs?: number;
}

export interface LiveFeed {
  stop(): Promise<void>;
  stats: { received: number; stored: number; flushes: number; rescored: number; alerts: number; errors: number };
}

export function startLiveFeed(deps: LiveFeedDeps): LiveFeed {
  const ws = deps.kalshi.createWebSocket();
  const pending: StoredTrade[] = [];
  /** Markets that traded within the scoring window: a quote change there is worth a rescore. */
  const recentlyTraded = new Map<string, number>();
  const requoted = new Set<string>();
  const stats = { received: 0, stored: 0, flushes: 0, rescored: 0, alerts: 0, errors: 0 };
  let flushing: Promise<void> | null = null;

  ws.on('trade', (trade) => {
    stats.received += 1;
    pending.push(storedFromWs(trade));
    recentlyTraded.set(trade.market_ticker, Date.now());
  });
  ws.on('ticker', (t) => {
    const { bidMicros, askMicros } = tickerQuote(t);
    const bid = bidMicros === null ? null : Number(bidMicros) / 1e6;
    const ask = askMicros === null ? null : Number(askMicros) / 1e6;
    deps.updateTopOfBook(t.market_ticker, bid, ask, t.ts_ms);
    const traded = recentlyTraded.get(t.market_ticker);
    if (traded !== undefined) {
      if (Date.now() - traded <= RESCORE_AFTER_TRADE_MS) requoted.add(t.market_ticker);
      else recentlyTraded.delete(t.market_ticker);
    }
  });
  ws.on('error', (error) => deps.logger.warn({ err: { message: error.message } }, 'live feed error'));
  ws.on('reconnecting', () => deps.logger.warn('live feed reconnecting'));

  async function flush(): Promise<void> {
    if (pending.length === 0 && requoted.size === 0) return;
    const batch = pending.splice(0);
    const tickers = [...new Set([...batch.map((t) => t.ticker), ...requoted])];
    requoted.clear();
    try {
      stats.stored += await storeTrades(deps.pool, batch);
      const result = await deps.scoreLive(tickers, deps.now());
      stats.rescored += result.scored;
      stats.alerts += result.alertsCreated;
      stats.flushes += 1;
    } catch (error) {
      // The next 5-minute cycle re-reads the tape: a failed flush delays, never loses.
      stats.errors += 1;
      deps.logger.warn({ err: { message: (error as Error).message } }, 'live flush failed');
    }
  }

  const timer = setInterval(() => {
    if (!flushing) flushing = flush().finally(() => (flushing = null));
  }, deps.flushMs ?? LIVE_FLUSH_MS);
  timer.unref();

  void ws.connect().then(
    () => ws.subscribe({ channels: ['trade', 'ticker'] }),
    (error: Error) => deps.logger.error({ err: { message: error.message } }, 'live feed could not connect'),
  );

  return {
    stats,
    async stop() {
      clearInterval(timer);
      await flushing;
      ws.close();
    },
  };
}
