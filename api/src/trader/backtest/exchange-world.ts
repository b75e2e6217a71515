// A backtest world from the local exchange: its generated settled markets and their hourly
// candles, read through the app's Kalshi client exactly as the history collector reads Kalshi,
// into memory. Results follow each market's price path (no leak; see exchange/src/universe/latent.ts).
import { startExchange } from '@sentinel/exchange';
import { candleWindows } from '../../history/collect.ts';
import { createKalshiClient } from '../../kalshi/index.ts';
import { DEFAULT_FEE_SCHEDULE, multiplierFrom } from '../fees.ts';
import { type BacktestWorld, type CandleQuote, memoryWorld, type SettledMarket } from './world.ts';

export interface ExchangeWorldOptions {
  /** The exchange's generated markets (about one in ten has settled within its history). */
  markets: number;
  seed: number;
  historyDays: number;
  /** The favourite–longshot bias of generated prices (the exchange's default when absent). */
  longshotBias?: number;
  /** The exchange's clock at start (default: now, floored to the hour). */
  startTime?: number;
  /** Candle requests in flight. */
  concurrency?: number;
}

export async function exchangeWorld(opts: ExchangeWorldOptions): Promise<BacktestWorld> {
  const ex = await startExchange({
    markets: opts.markets,
    seed: opts.seed,
    historyDays: opts.historyDays,
    speed: 0,
    ...(opts.startTime === undefined ? {} : { startTime: opts.startTime }),
    ...(opts.longshotBias === undefined ? {} : { longshotBias: opts.longshotBias }),
  });
  try {
    const kalshi = createKalshiClient({ apiBase: ex.url, rateLimit: { disabled: true } });
    const series = new Map((await kalshi.getSeriesList({})).map((s) => [s.ticker, s]));
    const markets: SettledMarket[] = [];
    for await (const m of kalshi.listMarkets({ status: 'settled' })) {
      if ((m.market_type ?? 'binary') !== 'binary' || (m.result !== 'yes' && m.result !== 'no')) continue;
      const seriesTicker = m.event_ticker.split('-')[0]!;
      const s = series.get(seriesTicker);
      markets.push({
        ticker: m.ticker,
        eventTicker: m.event_ticker,
        seriesTicker,
        category: s?.category ?? 'Unknown',
        title: m.yes_sub_title ?? m.ticker,
        openMs: m.open_time_ms,
        closeMs: m.close_time_ms,
        result: m.result,
        fee: s ? { feeType: s.fee_type ?? 'quadratic', multiplier10k: multiplierFrom(String(s.fee_multiplier ?? 1)) } : DEFAULT_FEE_SCHEDULE,
        feeKnown: s !== undefined,
      });
    }
    const candles = new Map<string, CandleQuote[]>();
    const queue = [...markets];
    const worker = async () => {
      for (let m = queue.pop(); m; m = queue.pop()) {
        const rows: CandleQuote[] = [];
        for (const w of candleWindows(m.openMs, m.closeMs, 0)) {
          const r = await kalshi.getCandleNumbers({ series_ticker: m.seriesTicker, ticker: m.ticker, start_ts: w.startTs, end_ts: w.endTs, period_interval: w.period });
          for (const c of r.candlesticks) rows.push({ endMs: c.end_period_ts * 1000, yesBidMicros: c.yes_bid[3], yesAskMicros: c.yes_ask[3] });
        }
        candles.set(m.ticker, rows.sort((a, b) => a.endMs - b.endMs));
      }
    };
    await Promise.all(Array.from({ length: opts.concurrency ?? 8 }, worker));
    const bias = `${opts.longshotBias === undefined ? '' : `, favourite–longshot γ ${opts.longshotBias}`}, clock ${new Date(ex.now()).toISOString().slice(0, 16)}Z`;
    // As the collected history: only markets with candles (a market never quoted cannot be replayed).
    const quoted = markets.filter((m) => (candles.get(m.ticker)?.length ?? 0) > 0);
    return memoryWorld({
      kind: 'exchange',
      description: `the local exchange's synthetic markets (seed ${opts.seed}, ${opts.markets} markets, ${opts.historyDays} days of history${bias}): ${quoted.length} settled markets`,
      markets: quoted,
      candles,
      close: () => ex.close(),
    });
  } catch (error) {
    await ex.close();
    throw error;
  }
}
