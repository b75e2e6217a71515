// The history `npm run history` collected, as a backtest world: settled YES/NO markets with
// their hourly candles. Markets are read once; quotes are read per moment (one indexed query for
// the tickers asked), so memory stays flat however much history there is.
import type pg from 'pg';
import { DEFAULT_FEE_SCHEDULE, multiplierFrom } from '../fees.ts';
import { type BacktestWorld, priceOrNull, type Quote, type SettledMarket } from './world.ts';

export interface HistoryFilter {
  /** Markets closing at or after this time. */
  fromMs?: number | null;
  /** … and before this time. */
  toMs?: number | null;
  series?: readonly string[] | null;
  categories?: readonly string[] | null;
}

/** Settled YES/NO markets whose candles were collected, with the filter's bounds. */
export async function countCollectedMarkets(pool: pg.Pool, f: HistoryFilter = {}): Promise<number> {
  const w = where(f);
  const r = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM history_markets WHERE ${w.sql}`, w.params);
  return Number(r.rows[0]?.n ?? 0);
}

function where(f: HistoryFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const parts = [`candles_at IS NOT NULL`, `candle_count > 0`, `result IN ('yes', 'no')`, `market_type = 'binary'`];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    parts.push(sql.replace('?', `$${params.length}`));
  };
  if (f.fromMs != null) add('close_time >= ?', new Date(f.fromMs));
  if (f.toMs != null) add('close_time < ?', new Date(f.toMs));
  if (f.series?.length) add('series_ticker = ANY(?::text[])', f.series);
  if (f.categories?.length) add('category = ANY(?::text[])', f.categories);
  return { sql: parts.join(' AND '), params };
}

export async function historyWorld(pool: pg.Pool, f: HistoryFilter = {}): Promise<BacktestWorld> {
  const w = where(f);
  const r = await pool.query<{
    ticker: string;
    event_ticker: string;
    series_ticker: string;
    category: string;
    yes_sub_title: string | null;
    open_time: Date | null;
    close_time: Date;
    result: string;
    fee_type: string | null;
    fee_multiplier: string | null;
  }>(
    `SELECT ticker, event_ticker, series_ticker, category, yes_sub_title, open_time, close_time, result, fee_type, fee_multiplier
     FROM history_markets WHERE ${w.sql} ORDER BY close_time, ticker`,
    w.params,
  );
  const markets: SettledMarket[] = r.rows.map((m) => ({
    ticker: m.ticker,
    eventTicker: m.event_ticker,
    seriesTicker: m.series_ticker,
    category: m.category,
    title: m.yes_sub_title ?? m.ticker,
    openMs: m.open_time?.getTime() ?? null,
    closeMs: m.close_time.getTime(),
    result: m.result as 'yes' | 'no',
    fee: m.fee_type ? { feeType: m.fee_type, multiplier10k: multiplierFrom(m.fee_multiplier ?? '1') } : DEFAULT_FEE_SCHEDULE,
    feeKnown: m.fee_type !== null,
  }));
  const span = markets.length ? `${new Date(markets[0]!.closeMs).toISOString().slice(0, 10)} to ${new Date(markets.at(-1)!.closeMs).toISOString().slice(0, 10)}` : 'none';
  return {
    kind: 'history',
    description: `collected Kalshi history (npm run history): ${markets.length} settled markets closing ${span}`,
    markets,
    async quotesAt(tickers, ms) {
      const out = new Map<string, Quote>();
      if (tickers.length === 0) return out;
      const q = await pool.query<{ ticker: string; bid: number; ask: number }>(
        `SELECT c.ticker, c.yes_bid_close AS bid, c.yes_ask_close AS ask
         FROM unnest($1::text[]) AS t(ticker)
         CROSS JOIN LATERAL (
           SELECT ticker, yes_bid_close, yes_ask_close FROM history_candles
           WHERE ticker = t.ticker AND period_minutes = 60 AND end_period_ts <= $2
           ORDER BY end_period_ts DESC LIMIT 1
         ) c`,
        [tickers, new Date(ms)],
      );
      for (const row of q.rows) out.set(row.ticker, { yesBidMicros: priceOrNull(row.bid), yesAskMicros: priceOrNull(row.ask) });
      return out;
    },
    async close() {},
  };
}
