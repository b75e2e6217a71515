// The history collector end to end against the local exchange: settled markets on both sides of
// Kalshi's historical cutoff, candles, trades; an interrupted run and a rerun leave no gap and no
// duplicate; a recorded history file replays through the exchange into the same tables.
import { createTestDatabase } from '@sentinel/db/testing';
import type { Database } from '@sentinel/db';
import { startExchange, type RunningExchange } from '@sentinel/exchange';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candleWindows, collectHistory, fetchBatchedCandles, fetchCandles, passKey, type CollectProgress } from '../../src/history/collect.ts';
import type { PendingMarket } from '../../src/history/history.queries.ts';
import { createKalshiClient } from '../../src/kalshi/index.ts';

const START = Date.parse('2026-11-18T15:00:00Z');
const CUTOFF = START - 30 * 3_600_000;
const SINCE = START - 10 * 86_400_000;
const MINUTE_HOURS = 3;

/** Candles Kalshi returns for the collector's windows: ending in [start_ts, end_ts] on period boundaries, none after now. */
function expectedCandles(openMs: number, closeMs: number, nowMs: number): number {
  let n = 0;
  for (const w of candleWindows(openMs, closeMs, MINUTE_HOURS)) {
    const p = w.period * 60;
    const first = Math.ceil(w.startTs / p) * p;
    const last = Math.min(Math.floor(w.endTs / p) * p, Math.ceil(nowMs / 1000 / p) * p);
    if (last >= first) n += (last - first) / p + 1;
  }
  return n;
}

describe('npm run history against the local exchange', () => {
  let ex: RunningExchange;
  let db: Database;
  beforeAll(async () => {
    ex = await startExchange({ seed: 31, markets: 400, historyDays: 3, speed: 0, startTime: START, historicalCutoff: CUTOFF });
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
    await ex?.close();
  });

  const client = () => createKalshiClient({ apiBase: ex.url, rateLimit: { disabled: true }, retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 } });

  /** Every settled non-combo market since SINCE is stored once, on the right side of the cutoff, with its result and every candle once. */
  async function checkAgainstTruth() {
    const nowS = ex.now() / 1000;
    const md = ex.engine.model;
    const truth = ex.engine.u.markets.filter((m) => !m.isMve && md.status(m, nowS) === 'finalized' && md.settledS(m) * 1000 >= SINCE);
    const rows = (
      await db.pool.query<{ ticker: string; result: string; source: string; category: string; series_ticker: string; event_ticker: string; close_time: Date; settled_at: Date; open_time: Date; candle_count: number; candles_at: Date | null }>(
        'SELECT * FROM history_markets ORDER BY ticker',
      )
    ).rows;
    expect(rows.map((x) => x.ticker)).toEqual(truth.map((m) => m.ticker).sort());
    expect(rows.some((x) => x.source === 'historical')).toBe(true);
    expect(rows.some((x) => x.source === 'live')).toBe(true);
    for (const x of rows) {
      const m = ex.engine.market(x.ticker)!;
      const s = ex.engine.u.series[m.seriesIdx]!;
      expect(x.result).toBe(md.result(m));
      expect(x.source).toBe(md.settledS(m) * 1000 < CUTOFF ? 'historical' : 'live');
      expect([x.series_ticker, x.category, x.event_ticker]).toEqual([s.ticker, s.category, ex.engine.u.events[m.eventIdx]!.ticker]);
      expect(x.close_time.getTime()).toBe(md.closeS(m) * 1000);
      expect(x.settled_at.getTime()).toBe(md.settledS(m) * 1000);
      expect(x.candles_at).not.toBeNull();
      // no gap: exactly the candles Kalshi serves for the windows; no duplicate: the count matches the rows
      expect(x.candle_count).toBe(expectedCandles(x.open_time.getTime(), x.close_time.getTime(), ex.now()));
    }
    const per = await db.pool.query<{ ticker: string; n: string }>('SELECT ticker, count(*) AS n FROM history_candles GROUP BY ticker');
    const stored = new Map(per.rows.map((x) => [x.ticker, Number(x.n)]));
    for (const x of rows) expect(stored.get(x.ticker)).toBe(x.candle_count);

    return rows;
  }

  it('an interrupted run and a rerun collect every settled market once, with every candle once', async () => {
    // interrupted like kill -9: the signal aborts in-flight requests and drops uncommitted work
    const abort = new AbortController();
    const seen: CollectProgress[] = [];
    await expect(
      collectHistory(client(), db.pool, {
        sinceMs: SINCE, minuteHours: MINUTE_HOURS, concurrency: 3, signal: abort.signal, batchRows: 1,
        onProgress: (p) => {
          seen.push(p);
          if (p.collected >= 8) abort.abort();
        },
      }),
    ).rejects.toThrow();
    const partial = await db.pool.query<{ n: string; done: string }>('SELECT count(*) AS n, count(candles_at) AS done FROM history_markets');
    expect(Number(partial.rows[0]!.done)).toBeGreaterThanOrEqual(8);
    expect(Number(partial.rows[0]!.done)).toBeLessThan(Number(partial.rows[0]!.n));

    const kalshi = client();
    const r = await collectHistory(kalshi, db.pool, { sinceMs: SINCE, minuteHours: MINUTE_HOURS, concurrency: 3 });
    expect(r.phase).toBe('done');
    expect(r.malformed).toBe(0);

    const rows = await checkAgainstTruth();

    // candles hold exactly what the exchange serves (one hourly and one minute candle of a live market)
    const live = rows.find((x) => x.source === 'live' && x.candle_count > 0)!;
    const series = live.series_ticker;
    const end = Math.ceil(live.close_time.getTime() / 3_600_000) * 3600;
    const res = await fetch(`${ex.url}/series/${series}/markets/${live.ticker}/candlesticks?start_ts=${end}&end_ts=${end}&period_interval=60`);
    const [c] = ((await res.json()) as { candlesticks: any[] }).candlesticks;
    const db1 = (await db.pool.query('SELECT * FROM history_candles WHERE ticker = $1 AND period_minutes = 60 AND end_period_ts = to_timestamp($2)', [live.ticker, end])).rows[0];
    const micros = (s: string | null) => (s === null ? null : Math.round(Number(s) * 1e6));
    expect([db1.yes_bid_open, db1.yes_bid_close, db1.yes_ask_high, db1.price_close, db1.price_previous, Number(db1.volume_centi)]).toEqual([
      micros(c.yes_bid.open_dollars), micros(c.yes_bid.close_dollars), micros(c.yes_ask.high_dollars), micros(c.price.close_dollars), micros(c.price.previous_dollars), Math.round(Number(c.volume_fp) * 100),
    ]);

    // a third run has nothing left to do
    const again = await collectHistory(client(), db.pool, { sinceMs: SINCE, minuteHours: MINUTE_HOURS });
    expect(again.toCollect).toBe(0);
    expect(again.collected).toBe(0);
    expect(Number((await db.pool.query('SELECT count(*) AS n FROM history_candles')).rows[0].n)).toBe(rows.reduce((a, x) => a + x.candle_count, 0));

    // markets that settle later are listed by the next run (the window follows Kalshi's settlement
    // times, not this machine's clock, which is weeks ahead of the exchange's here)
    ex.engine.clock.advance(8 * 3_600_000);
    const later = await collectHistory(client(), db.pool, { sinceMs: SINCE, minuteHours: MINUTE_HOURS });
    expect(later.listed).toBeGreaterThan(0);
    expect(later.sinceMs).toBeGreaterThan(SINCE);
    const after = await checkAgainstTruth();
    expect(after.length).toBeGreaterThan(rows.length);
  });

  it('markets after the cutoff share batch candle requests: the same rows as one request per market, in far fewer requests', async () => {
    const { rows } = await db.pool.query<{ ticker: string; series_ticker: string; open_time: Date; close_time: Date }>(
      `SELECT ticker, series_ticker, open_time, close_time FROM history_markets WHERE source = 'live' ORDER BY settled_at DESC, ticker LIMIT 60`,
    );
    const markets: PendingMarket[] = rows.map((x) => ({ ticker: x.ticker, seriesTicker: x.series_ticker, source: 'live', openMs: x.open_time.getTime(), closeMs: x.close_time.getTime(), needCandles: true, needTrades: false }));
    expect(markets.length).toBeGreaterThan(20);
    const single = client();
    const one = new Map<string, unknown>();
    for (const m of markets) one.set(m.ticker, await fetchCandles(single, m, MINUTE_HOURS));
    const batch = client();
    const batched = await fetchBatchedCandles(batch, markets, MINUTE_HOURS, 3);
    const sorted = (xs: unknown) => [...(xs as { periodMinutes: number; endPeriodTs: number }[])].sort((a, b) => a.periodMinutes - b.periodMinutes || a.endPeriodTs - b.endPeriodTs);
    for (const m of markets) expect(sorted(batched.get(m.ticker)), m.ticker).toEqual(sorted(one.get(m.ticker)));
    console.log(`candles of ${markets.length} markets: ${single.stats.requests} requests one market at a time, ${batch.stats.requests} batched`);
    expect(batch.stats.requests * 3).toBeLessThan(single.stats.requests);
  });

  it('--series and --trades: only that series, and every trade of its markets once (both sides of the trade cutoff)', async () => {
    const { rows } = await db.pool.query<{ series_ticker: string; n: string }>(
      'SELECT series_ticker, count(*) AS n FROM history_markets GROUP BY series_ticker ORDER BY count(*) DESC, series_ticker LIMIT 1',
    );
    const series = rows[0]!.series_ticker;
    const r = await collectHistory(client(), db.pool, { sinceMs: SINCE, minuteHours: MINUTE_HOURS, series: [series], trades: true });
    expect(r.collected).toBe(Number(rows[0]!.n));
    const markets = (await db.pool.query<{ ticker: string; open_time: Date; close_time: Date; trades_at: Date | null }>('SELECT ticker, open_time, close_time, trades_at FROM history_markets WHERE series_ticker = $1', [series])).rows;
    let total = 0;
    for (const m of markets) {
      expect(m.trades_at).not.toBeNull();
      const i = ex.engine.u.marketByTicker.get(m.ticker)!;
      const truth = ex.engine.allTrades(i, Math.floor(m.open_time.getTime() / 1000) * 1000, Math.ceil(m.close_time.getTime() / 1000) * 1000 + 999).rows.map((t) => t.tradeId).sort();
      const got = (await db.pool.query<{ trade_id: string }>('SELECT trade_id FROM history_trades WHERE ticker = $1 ORDER BY trade_id', [m.ticker])).rows.map((t) => t.trade_id);
      expect(got).toEqual(truth);
      total += got.length;
    }
    expect(total).toBeGreaterThan(0);
    // other series were not asked for trades
    expect(Number((await db.pool.query('SELECT count(*) AS n FROM history_markets WHERE trades_at IS NOT NULL AND series_ticker <> $1', [series])).rows[0].n)).toBe(0);
    expect(passKey([series], null)).toContain(series);
  });
});

describe('a recorded history (--history-file) through the exchange and the collector', () => {
  it('round-trips markets, results, categories and candles exactly', async () => {
    const close = Date.parse('2026-10-02T20:00:00Z') / 1000;
    const candle = (ticker: string, period: number, end: number, bid: number) => ({
      type: 'candlestick', ticker, period_interval: period, end_period_ts: end,
      yes_bid: { open_dollars: (bid / 100).toFixed(4), low_dollars: (bid / 100).toFixed(4), high_dollars: ((bid + 1) / 100).toFixed(4), close_dollars: ((bid + 1) / 100).toFixed(4) },
      yes_ask: { open_dollars: ((bid + 2) / 100).toFixed(4), low_dollars: ((bid + 2) / 100).toFixed(4), high_dollars: ((bid + 3) / 100).toFixed(4), close_dollars: ((bid + 3) / 100).toFixed(4) },
      price: { open_dollars: null, low_dollars: null, high_dollars: null, close_dollars: null, mean_dollars: null, previous_dollars: '0.500000' },
      volume_fp: '0.00', open_interest_fp: '12.50',
    });
    const lines: object[] = [
      { type: 'series', ticker: 'KXFED', title: 'Fed decision', category: 'Economics' },
      { type: 'event', event_ticker: 'KXFED-26OCT', series_ticker: 'KXFED', title: 'Fed in October' },
      { type: 'market', ticker: 'KXFED-26OCT-H0', event_ticker: 'KXFED-26OCT', open_time: '2026-10-01T20:00:00Z', close_time: '2026-10-02T20:00:00Z', settlement_ts: '2026-10-02T20:10:00Z', result: 'yes' },
      { type: 'market', ticker: 'KXFED-26OCT-C25', event_ticker: 'KXFED-26OCT', open_time: '2026-10-01T20:00:00Z', close_time: '2026-10-02T20:00:00Z', settlement_ts: '2026-10-02T20:10:00Z', result: 'no' },
    ];
    for (const t of ['KXFED-26OCT-H0', 'KXFED-26OCT-C25']) {
      for (let k = 0; k < 25; k++) lines.push(candle(t, 60, close - 24 * 3600 + k * 3600, 40 + k));
      for (let k = 0; k < 30; k++) lines.push(candle(t, 1, close - 29 * 60 + k * 60, 60 + k));
    }
    const ex = await startExchange({ historyText: lines.map((l) => JSON.stringify(l)).join('\n'), speed: 0 });
    const db = await createTestDatabase();
    try {
      const kalshi = createKalshiClient({ apiBase: ex.url, rateLimit: { disabled: true } });
      const r = await collectHistory(kalshi, db.pool, { sinceMs: Date.parse('2026-09-01T00:00:00Z'), categories: ['Economics'] });
      expect(r.collected).toBe(2);
      const ms = (await db.pool.query('SELECT ticker, result, category, series_ticker, settled_at, candle_count FROM history_markets ORDER BY ticker')).rows;
      expect(ms.map((m) => [m.ticker, m.result, m.category, m.series_ticker, m.settled_at.toISOString(), m.candle_count])).toEqual([
        ['KXFED-26OCT-C25', 'no', 'Economics', 'KXFED', '2026-10-02T20:10:00.000Z', 55],
        ['KXFED-26OCT-H0', 'yes', 'Economics', 'KXFED', '2026-10-02T20:10:00.000Z', 55],
      ]);
      const cs = (await db.pool.query(`SELECT period_minutes, extract(epoch FROM end_period_ts)::int AS end, yes_bid_open, yes_ask_close, price_close, price_previous, open_interest_centi
        FROM history_candles WHERE ticker = 'KXFED-26OCT-H0' ORDER BY period_minutes, end_period_ts`)).rows;
      const want = lines.filter((l: any) => l.type === 'candlestick' && l.ticker === 'KXFED-26OCT-H0').map((l: any) => ({
        period_minutes: l.period_interval, end: l.end_period_ts, yes_bid_open: Math.round(Number(l.yes_bid.open_dollars) * 1e6),
        yes_ask_close: Math.round(Number(l.yes_ask.close_dollars) * 1e6), price_close: null, price_previous: 500_000, open_interest_centi: '1250',
      })).sort((a, b) => a.period_minutes - b.period_minutes || a.end - b.end);
      expect(cs).toEqual(want);
      // a category not asked for is not collected
      const none = await collectHistory(kalshi, db.pool, { sinceMs: Date.parse('2026-09-01T00:00:00Z'), categories: ['Sports'] });
      expect(none.listed).toBe(0);
    } finally {
      await db.close();
      await ex.close();
    }
  });
});
