import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange, type RunningExchange } from '../index.ts';
import { getJson } from '../test/helpers.ts';
import { defaultEventTicker, loadTape, tickerDateMs } from './tape.ts';

describe('defaultEventTicker', () => {
  it('takes the first two parts of a ticker, whatever dashes the market part has', () => {
    expect(defaultEventTicker('KXHIGHNY-26NOV18-B50')).toBe('KXHIGHNY-26NOV18');
    expect(defaultEventTicker('KXGDP-25DEC-T-100000')).toBe('KXGDP-25DEC'); // a negative strike
    expect(defaultEventTicker('RECSSNBER-25')).toBe('RECSSNBER-25'); // a market alone in its event
    expect(defaultEventTicker('SOLO')).toBe('SOLO');
  });
});

describe('a tape of 1,000,000 trades', () => {
  const N = 1_000_000;
  const start = Date.parse('2026-11-18T00:00:00Z');
  const tickers = ['KXBIG-26NOV18-T-100000', 'KXBIG-26NOV18-B50', 'RECSSNBER-25'];
  let ex: RunningExchange;

  beforeAll(async () => {
    const lines: string[] = tickers.map((ticker) =>
      JSON.stringify({ type: 'market', ticker, created_time: '2026-11-17T00:00:00Z', open_time: '2026-11-17T00:00:00Z', close_time: '2026-12-30T00:00:00Z' }),
    );
    // One trade every 250 ms over about 69 hours, several sharing each second.
    for (let i = 0; i < N; i++) {
      const ts = new Date(start + i * 250).toISOString();
      lines.push(`{"type":"trade","trade_id":"t${i}","ticker":"${tickers[i % 3]}","count_fp":"${(1 + (i % 7)).toFixed(2)}","yes_price_dollars":"0.${String(10 + (i % 80)).padStart(2, '0')}00","taker_outcome_side":"${i % 2 ? 'no' : 'yes'}","created_time":"${ts}"}`);
    }
    ex = await startExchange({ tapeText: lines.join('\n'), speed: 0 });
  }, 240_000);
  afterAll(() => ex?.close());

  it('loads every trade, with its events named from the tickers', () => {
    const tape = loadTape(
      [
        JSON.stringify({ type: 'market', ticker: tickers[0] }),
        JSON.stringify({ type: 'trade', trade_id: 'x', ticker: tickers[0], count_fp: '1.00', yes_price_dollars: '0.5000', taker_outcome_side: 'yes', created_time: '2026-11-18T00:00:00Z' }),
      ].join('\n'),
    );
    expect(tape.universe.events.map((e) => e.ticker)).toEqual(['KXBIG-26NOV18']);
    expect(tape.firstMs).toBe(start);
  });

  it('replays it: the clock runs from the first trade and the last trades are served, newest first', async () => {
    const status = (await getJson(`${ex.baseUrl}/_exchange/info`)).json;
    expect(status.start_ms).toBe(start);
    const endS = Math.floor((start + (N - 1) * 250) / 1000);
    await fetch(`${ex.baseUrl}/_exchange/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance_s: endS - Math.floor(start / 1000) + 1 }) });
    const last = (await getJson(`${ex.url}/markets/trades?min_ts=${endS}&limit=1000`)).json.trades;
    expect(last.map((t: { trade_id: string }) => t.trade_id)).toEqual([`t${N - 1}`, `t${N - 2}`, `t${N - 3}`, `t${N - 4}`]);
    const market = (await getJson(`${ex.url}/markets/${tickers[0]}`)).json.market;
    expect(market.event_ticker).toBe('KXBIG-26NOV18');
  });
});

describe('recordings as they come', () => {
  const T = '2026-11-18T12:00:00Z';
  const lines = [
    // a trade-only recording: no market lines; current, WebSocket and legacy (pre-March 2026) field names
    { type: 'trade', trade_id: 'a', ticker: 'KXA-26NOV18-B50', count_fp: '12.50', yes_price_dollars: '0.4200', taker_outcome_side: 'yes', created_time: T },
    { type: 'trade', trade_id: 'b', market_ticker: 'KXA-26NOV18-B50', count_fp: '3.00', no_price_dollars: '0.5500', taker_outcome_side: 'no', ts_ms: Date.parse(T) + 1000 },
    { type: 'trade', trade_id: 'c', ticker: 'KXB-26NOV18', count: 7, yes_price: 61, taker_side: 'no', created_time: '2026-11-18T11:00:00Z' },
    { type: 'book', market_ticker: 'KXA-26NOV18-B50', ts_ms: Date.parse(T) + 2000, yes_dollars_fp: [['0.4100', '30.00']], no_dollars_fp: [['0.5700', '20.00']] },
    // what the replay cannot use: skipped and counted
    { type: 'trade', trade_id: 'd', ticker: 'KXA-26NOV18-B50', count_fp: '1.00', created_time: T },
    { type: 'orderbook_delta', market_ticker: 'KXA-26NOV18-B50' },
  ].map((l) => JSON.stringify(l));
  lines.splice(3, 0, '{"type":"trade",');

  it('lists markets from their trades, reads every field naming, and skips what it cannot use', () => {
    const tape = loadTape(lines.join('\n'));
    // in time order, whatever order the file kept (c came last but is the oldest)
    expect(tape.trades.map((t) => [t.tradeId, t.ticker, t.price, t.cc, t.side])).toEqual([
      ['c', 'KXB-26NOV18', 6100, 700, 1],
      ['a', 'KXA-26NOV18-B50', 4200, 1250, 0],
      ['b', 'KXA-26NOV18-B50', 4500, 300, 1],
    ]);
    expect(tape.books).toEqual([{ ticker: 'KXA-26NOV18-B50', tsMs: Date.parse(T) + 2000, yes: [[4100, 3000]], no: [[5700, 2000]] }]);
    expect(tape.marketsFromTrades).toBe(2);
    const a = tape.universe.markets[tape.universe.marketByTicker.get('KXA-26NOV18-B50')!]!;
    expect(a.openS * 1000).toBe(Date.parse(T));
    expect(tape.universe.events[a.eventIdx]!.ticker).toBe('KXA-26NOV18');
    expect(a.closeS * 1000).toBe(Date.parse('2026-11-18T12:01:01Z')); // not before its last trade (its ticker names 18 Nov)
    expect(tape.skipped).toBe(3);
    expect(tape.skippedExamples).toEqual([
      'line 4: invalid JSON',
      'line 6: a trade needs a time, a price, a count and a ticker',
      'line 7: unknown record type orderbook_delta',
    ]);
  });

  it('a market without a date in its ticker closes at its last trade when that came over an hour before the end, else after the tape', () => {
    const undated = (ticker: string, ...times: string[]) => times.map((t, i) => JSON.stringify({ type: 'trade', trade_id: `${ticker}${i}`, ticker, count_fp: '1.00', yes_price_dollars: '0.5000', created_time: t }));
    const tape = loadTape([...undated('SOLO', '2026-11-18T08:00:00Z'), ...undated('BUSY', '2026-11-18T08:00:00Z', '2026-11-18T12:00:00Z')].join('\n'));
    const close = (t: string) => tape.universe.markets[tape.universe.marketByTicker.get(t)!]!.closeS * 1000;
    expect(close('SOLO')).toBe(Date.parse('2026-11-18T08:01:00Z'));
    expect(close('BUSY')).toBe(tape.lastMs + 86_400_000);
  });

  it('reads the date a ticker names', () => {
    expect(tickerDateMs('KXHIGHNY-26NOV18-B50')).toBe(Date.parse('2026-11-18T05:00:00Z'));
    expect(tickerDateMs('KXNBAGAMEA-27FEB02DETSEA-DET')).toBe(Date.parse('2027-02-02T05:00:00Z'));
    expect(tickerDateMs('KXBTCD-25DEC3117-T100000')).toBe(Date.parse('2025-12-31T22:00:00Z'));
    expect(tickerDateMs('RECSSNBER-25')).toBeNull();
    expect(tickerDateMs('SOLO')).toBeNull();
  });

  it('a history for backtests must still describe every market it trades', () => {
    expect(() => loadTape(lines.join('\n'), 1, { marketsFromTrades: false })).toThrow(/unknown market KXA-26NOV18-B50/);
  });
});
