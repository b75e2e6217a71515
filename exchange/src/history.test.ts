import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange, type RunningExchange } from './index.ts';
import { getJson } from './test/helpers.ts';
import { DOLLARS_RE, FP_RE, validateComponent } from './test/schema.ts';

const START = Date.parse('2026-11-18T15:00:00Z');
const CUTOFF = START - 36 * 3_600_000;
const ok = (name: string, v: unknown) => expect(validateComponent(name, v)).toEqual([]);

/** Every page of a listing, following `cursor` until Kalshi's empty string. */
async function all(url: string, key: string): Promise<any[]> {
  const out: any[] = [];
  let cursor = '';
  do {
    const r = await getJson(`${url}${url.includes('?') ? '&' : '?'}limit=50${cursor ? `&cursor=${cursor}` : ''}`);
    expect(r.status).toBe(200);
    out.push(...r.json[key]);
    cursor = r.json.cursor;
  } while (cursor);
  return out;
}

describe('history: settled markets, /historical/* and candlesticks', () => {
  let ex: RunningExchange;
  beforeAll(async () => {
    ex = await startExchange({ seed: 21, markets: 500, historyDays: 3, speed: 0, startTime: START, historicalCutoff: CUTOFF });
  });
  afterAll(() => ex.close());

  it('splits settled markets at the cutoff: /markets?status=settled after it, /historical/markets before it, exactly once', async () => {
    const cut = await getJson(`${ex.url}/historical/cutoff`);
    ok('GetHistoricalCutoffResponse', cut.json);
    expect(Date.parse(cut.json.market_settled_ts)).toBe(CUTOFF);
    const live = await all(`${ex.url}/markets?status=settled&mve_filter=exclude`, 'markets');
    const hist = await all(`${ex.url}/historical/markets?mve_filter=exclude`, 'markets');
    const nowS = ex.now() / 1000;
    const md = ex.engine.model;
    const settled = ex.engine.u.markets.filter((m) => !m.isMve && md.status(m, nowS) === 'finalized');
    const truthHist = settled.filter((m) => md.settledS(m) * 1000 < CUTOFF).map((m) => m.ticker).sort();
    const truthLive = settled.filter((m) => md.settledS(m) * 1000 >= CUTOFF).map((m) => m.ticker).sort();
    expect(truthHist.length).toBeGreaterThan(5);
    expect(truthLive.length).toBeGreaterThan(5);
    expect(hist.map((m) => m.ticker).sort()).toEqual(truthHist);
    expect(live.map((m) => m.ticker).sort()).toEqual(truthLive);
    for (const m of [...live, ...hist]) {
      expect(m.status).toBe('finalized');
      expect(['yes', 'no']).toContain(m.result);
      expect(m.result).toBe(md.result(ex.engine.market(m.ticker)!));
      expect(m.settlement_value_dollars).toBe(m.result === 'yes' ? '1.0000' : '0.0000');
      expect(Date.parse(m.settlement_ts)).toBe(md.settledS(ex.engine.market(m.ticker)!) * 1000);
    }
    ok('GetMarketsResponse', (await getJson(`${ex.url}/historical/markets?limit=20`)).json);
    // archived markets are gone from the live endpoints
    const archived = truthHist[0]!;
    expect((await getJson(`${ex.url}/markets/${archived}`)).status).toBe(404);
    expect((await getJson(`${ex.url}/markets?tickers=${archived}`)).json.markets).toEqual([]);
    const one = await getJson(`${ex.url}/historical/markets/${archived}`);
    ok('GetMarketResponse', one.json);
    expect(one.json.market.ticker).toBe(archived);
    expect((await getJson(`${ex.url}/historical/markets/${truthLive[0]}`)).status).toBe(404);
    // filters
    const m0 = ex.engine.market(archived)!;
    const ev = ex.engine.u.events[m0.eventIdx]!.ticker;
    const byEvent = await getJson(`${ex.url}/historical/markets?event_ticker=${ev}`);
    expect(byEvent.json.markets.every((m: any) => m.event_ticker === ev)).toBe(true);
    expect(byEvent.json.markets.some((m: any) => m.ticker === archived)).toBe(true);
    const s0 = ex.engine.u.series[m0.seriesIdx]!.ticker;
    expect((await getJson(`${ex.url}/historical/markets?series_ticker=${s0}`)).json.markets.some((m: any) => m.ticker === archived)).toBe(true);
    expect((await getJson(`${ex.url}/historical/markets?series_ticker=${s0}&event_ticker=${ev}`)).status).toBe(400);
    expect((await getJson(`${ex.url}/historical/markets?mve_filter=only`)).status).toBe(400);
    expect((await getJson(`${ex.url}/historical/markets?limit=1001`)).status).toBe(400);
  });

  it('candlesticks: live shape for live settled markets, historical shape under /historical, both against the spec', async () => {
    const nowS = ex.now() / 1000;
    const md = ex.engine.model;
    const settled = ex.engine.u.markets.filter((m) => !m.isMve && md.status(m, nowS) === 'finalized');
    const live = settled.find((m) => md.settledS(m) * 1000 >= CUTOFF && m.rate > 5)!;
    const arch = settled.find((m) => md.settledS(m) * 1000 < CUTOFF && m.rate > 5)!;
    const q = (m: typeof live, p: number) => `start_ts=${m.closeS - 6 * 3600}&end_ts=${m.closeS + 3600}&period_interval=${p}`;
    const s = (m: typeof live) => ex.engine.u.series[m.seriesIdx]!.ticker;

    const lc = await getJson(`${ex.url}/series/${s(live)}/markets/${live.ticker}/candlesticks?${q(live, 60)}`);
    ok('GetMarketCandlesticksResponse', lc.json);
    // Kalshi: candles ending in [start_ts, end_ts], on period boundaries
    const count = (from: number, to: number, p: number) => (Math.floor(to / p) * p - Math.ceil(from / p) * p) / p + 1;
    expect(lc.json.candlesticks.length).toBe(count(live.closeS - 6 * 3600, live.closeS + 3600, 3600));
    for (const c of lc.json.candlesticks) {
      expect(c.end_period_ts % 3600).toBe(0);
      for (const side of [c.yes_bid, c.yes_ask]) for (const k of ['open_dollars', 'low_dollars', 'high_dollars', 'close_dollars']) expect(side[k]).toMatch(DOLLARS_RE);
      expect(c.volume_fp).toMatch(FP_RE);
      expect(Number(c.yes_bid.low_dollars)).toBeLessThanOrEqual(Number(c.yes_bid.high_dollars));
    }
    const traded = lc.json.candlesticks.filter((c: any) => c.price.close_dollars !== null);
    expect(traded.length).toBeGreaterThan(0);
    const minute = await getJson(`${ex.url}/series/${s(live)}/markets/${live.ticker}/candlesticks?${q(live, 1)}`);
    expect(minute.json.candlesticks.length).toBe(count(live.closeS - 6 * 3600, live.closeS + 3600, 60));
    // the minute candles' volume adds up to the hourly ones over the same span
    const vol = (cs: any[], from: number, to: number) => cs.filter((c) => c.end_period_ts > from && c.end_period_ts <= to).reduce((a, c) => a + Math.round(Number(c.volume_fp) * 100), 0);
    const h = lc.json.candlesticks[3].end_period_ts;
    expect(vol(minute.json.candlesticks, h - 3600, h)).toBe(vol(lc.json.candlesticks, h - 3600, h));

    // archived: 404 on the live path, the historical shape under /historical
    expect((await getJson(`${ex.url}/series/${s(arch)}/markets/${arch.ticker}/candlesticks?${q(arch, 60)}`)).status).toBe(404);
    const hc = await getJson(`${ex.url}/historical/markets/${arch.ticker}/candlesticks?${q(arch, 60)}`);
    ok('GetMarketCandlesticksHistoricalResponse', hc.json);
    expect(hc.json.ticker).toBe(arch.ticker);
    expect(hc.json.candlesticks.length).toBe(count(arch.closeS - 6 * 3600, arch.closeS + 3600, 3600));
    const c0 = hc.json.candlesticks[0];
    expect(Object.keys(c0.yes_bid).sort()).toEqual(['close', 'high', 'low', 'open']);
    expect(c0.volume).toMatch(FP_RE);
    expect(c0).not.toHaveProperty('volume_fp');
    expect((await getJson(`${ex.url}/historical/markets/${live.ticker}/candlesticks?${q(live, 60)}`)).status).toBe(404);
    expect((await getJson(`${ex.url}/historical/markets/${arch.ticker}/candlesticks?start_ts=1&end_ts=2&period_interval=5`)).status).toBe(400);
  });

  it('trades split at the cutoff between /markets/trades and /historical/trades', async () => {
    const nowS = Math.floor(ex.now() / 1000);
    const cutS = CUTOFF / 1000;
    const liveT = await getJson(`${ex.url}/markets/trades?min_ts=${cutS - 3600}&max_ts=${cutS + 3600}&limit=1000`);
    expect(liveT.json.trades.length).toBeGreaterThan(0);
    expect(liveT.json.trades.every((t: any) => Date.parse(t.created_time) >= CUTOFF)).toBe(true);
    const histT = await getJson(`${ex.url}/historical/trades?min_ts=${cutS - 3600}&max_ts=${nowS}&limit=1000`);
    ok('GetTradesResponse', histT.json);
    expect(histT.json.trades.length).toBeGreaterThan(0);
    expect(histT.json.trades.every((t: any) => Date.parse(t.created_time) < CUTOFF)).toBe(true);
    const truth = ex.engine.allTrades(null, (cutS - 3600) * 1000, (cutS + 3600) * 1000 + 999).count;
    expect(liveT.json.trades.length + histT.json.trades.length).toBe(truth);
  });
});

describe('--history-file: a recorded history served on the same endpoints', () => {
  const CLOSE = Date.parse('2026-10-02T20:00:00Z');
  const hourly = (end: number, bid: string, ask: string, close: string | null) => ({
    type: 'candlestick', ticker: 'KXCPI-26OCT-T3.0', period_interval: 60, end_period_ts: end,
    yes_bid: { open_dollars: bid, low_dollars: bid, high_dollars: bid, close_dollars: bid },
    yes_ask: { open_dollars: ask, low_dollars: ask, high_dollars: ask, close_dollars: ask },
    price: { open_dollars: close, low_dollars: close, high_dollars: close, close_dollars: close, mean_dollars: close, previous_dollars: null },
    volume_fp: close ? '10.00' : '0.00', open_interest_fp: '10.00',
  });
  const lines = [
    { type: 'series', ticker: 'KXCPI', title: 'CPI', category: 'Economics' },
    { type: 'event', event_ticker: 'KXCPI-26OCT', series_ticker: 'KXCPI', title: 'CPI in October' },
    { type: 'market', ticker: 'KXCPI-26OCT-T3.0', event_ticker: 'KXCPI-26OCT', yes_sub_title: 'Above 3.0%', open_time: '2026-10-01T12:00:00Z', close_time: '2026-10-02T20:00:00Z', settlement_ts: '2026-10-02T20:30:00Z', result: 'yes' },
    { type: 'market', ticker: 'KXCPI-26OCT-T3.5', event_ticker: 'KXCPI-26OCT', yes_sub_title: 'Above 3.5%', open_time: '2026-09-29T12:00:00Z', close_time: '2026-09-30T20:00:00Z', settlement_ts: '2026-09-30T21:00:00Z', result: 'no' },
    // recorded before it settled: served as closed, never as settled with a made-up result
    { type: 'market', ticker: 'KXCPI-26OCT-T4.0', event_ticker: 'KXCPI-26OCT', yes_sub_title: 'Above 4.0%', open_time: '2026-10-01T12:00:00Z', close_time: '2026-10-02T20:00:00Z', result: '' },
    { type: 'cutoff', market_settled_ts: '2026-10-01T00:00:00Z', trades_created_ts: '2026-10-01T00:00:00Z' },
    hourly(CLOSE / 1000 - 3600, '0.9000', '0.9200', '0.9100'),
    hourly(CLOSE / 1000, '0.9500', '0.9700', null),
    // historical shape accepted too
    { type: 'candlestick', ticker: 'KXCPI-26OCT-T3.5', period_interval: 60, end_period_ts: Date.parse('2026-09-30T20:00:00Z') / 1000,
      yes_bid: { open: '0.0500', low: '0.0400', high: '0.0600', close: '0.0400' }, yes_ask: { open: '0.0700', low: '0.0600', high: '0.0800', close: '0.0600' },
      price: { open: null, low: null, high: null, close: null, mean: null, previous: '0.0500' }, volume: '0.00', open_interest: '3.00' },
    { type: 'trade', trade_id: 'b7c2b1a0-0000-4000-8000-000000000001', ticker: 'KXCPI-26OCT-T3.0', count_fp: '10.00', yes_price_dollars: '0.9100', taker_outcome_side: 'yes', created_time: '2026-10-02T18:30:00Z' },
  ];
  let ex: RunningExchange;
  beforeAll(async () => {
    ex = await startExchange({ historyText: lines.map((l) => JSON.stringify(l)).join('\n'), speed: 0 });
  });
  afterAll(() => ex.close());

  it('serves the recorded markets, results, candlesticks and trades with Kalshi shapes', async () => {
    expect(ex.now()).toBeGreaterThan(Date.parse('2026-10-02T20:30:00Z'));
    const settled = await getJson(`${ex.url}/markets?status=settled`);
    ok('GetMarketsResponse', settled.json);
    expect(settled.json.markets.map((m: any) => [m.ticker, m.result, m.close_time, m.settlement_ts])).toEqual([['KXCPI-26OCT-T3.0', 'yes', '2026-10-02T20:00:00Z', '2026-10-02T20:30:00Z']]);
    expect((await getJson(`${ex.url}/markets/KXCPI-26OCT-T4.0`)).json.market.status).toBe('closed');
    const hist = await getJson(`${ex.url}/historical/markets`);
    expect(hist.json.markets.map((m: any) => [m.ticker, m.result])).toEqual([['KXCPI-26OCT-T3.5', 'no']]);
    const lc = await getJson(`${ex.url}/series/KXCPI/markets/KXCPI-26OCT-T3.0/candlesticks?start_ts=${CLOSE / 1000 - 86400}&end_ts=${CLOSE / 1000 + 3600}&period_interval=60`);
    expect(lc.status, JSON.stringify(lc.json)).toBe(200);
    ok('GetMarketCandlesticksResponse', lc.json);
    expect(lc.json.candlesticks).toEqual([lines[6], lines[7]].map(({ type, ticker, period_interval, ...c }: any) => c));
    const hc = await getJson(`${ex.url}/historical/markets/KXCPI-26OCT-T3.5/candlesticks?start_ts=${CLOSE / 1000 - 7 * 86400}&end_ts=${CLOSE / 1000}&period_interval=60`);
    expect(hc.status, JSON.stringify(hc.json)).toBe(200);
    ok('GetMarketCandlesticksHistoricalResponse', hc.json);
    expect(hc.json.candlesticks[0].yes_bid).toEqual({ open: '0.0500', low: '0.0400', high: '0.0600', close: '0.0400' });
    expect(hc.json.candlesticks[0].open_interest).toBe('3.00');
    const tr = await getJson(`${ex.url}/markets/trades?ticker=KXCPI-26OCT-T3.0`);
    expect(tr.json.trades.map((t: any) => [t.trade_id, t.count_fp, t.yes_price_dollars])).toEqual([['b7c2b1a0-0000-4000-8000-000000000001', '10.00', '0.9100']]);
    const series = await getJson(`${ex.url}/series/KXCPI`);
    expect(series.json.series.category).toBe('Economics');
  });
});
