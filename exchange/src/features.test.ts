import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startExchange, type RunningExchange } from './index.ts';
import { signRequest } from './auth/sign.ts';
import { getJson, makeKey, post, type TestKey } from './test/helpers.ts';
import { validateComponent } from './test/schema.ts';

const START = Date.parse('2026-11-18T15:00:00Z');

async function allTrades(url: string, q: string): Promise<any[]> {
  const out: any[] = [];
  let cursor = '';
  for (let guard = 0; guard < 10_000; guard++) {
    const r = await getJson(`${url}/markets/trades?${q}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
    if (r.status !== 200) continue; // retry faulted requests
    out.push(...r.json.trades);
    cursor = r.json.cursor;
    if (!cursor) break;
  }
  return out;
}

describe('scenarios, faults, websocket', () => {
  let ex: RunningExchange;
  let key: TestKey;
  let ticker: string;
  beforeAll(async () => {
    key = makeKey('ws-key');
    ex = await startExchange({ seed: 4, markets: 600, historyDays: 1, speed: 0, startTime: START, keys: [{ apiKeyId: key.keyId, publicKeyPem: key.publicKeyPem }], tickMs: 20 });
    const r = await getJson(`${ex.url}/markets?status=open&mve_filter=exclude&limit=100`);
    ticker = r.json.markets.find((m: any) => m.yes_bid_size_fp !== '0.00' && m.yes_ask_size_fp !== '0.00').ticker;
  });
  afterAll(() => ex.close());

  it('scenarios create labelled trades visible through the public API', async () => {
    for (const type of ['whale_trade', 'split_accumulation', 'price_jump', 'trade_burst', 'off_hours']) {
      const r = await post(`${ex.baseUrl}/_exchange/scenarios`, { type, market_ticker: ticker });
      expect(r.status, type).toBe(201);
      expect(r.json.scenario.trade_ids.length).toBeGreaterThan(0);
    }
    const ev = ex.engine.u.events.find((e) => e.markets.length >= 3 && !e.isMve)!;
    const c = await post(`${ex.baseUrl}/_exchange/scenarios`, { type: 'correlated_event_move', event_ticker: ev.ticker });
    expect(c.json.scenario.market_tickers.length).toBe(ev.markets.length);
    const d = await post(`${ex.baseUrl}/_exchange/scenarios`, { type: 'liquidity_drain', market_ticker: ticker });
    expect(d.status).toBe(201);
    expect((await post(`${ex.baseUrl}/_exchange/scenarios`, { type: 'nope', market_ticker: ticker })).status).toBe(400);
    const list = (await getJson(`${ex.baseUrl}/_exchange/scenarios`)).json.scenarios;
    expect(list.length).toBe(7);
    // advance past the longest scenario window, then every scenario trade is on the public tape
    await post(`${ex.baseUrl}/_exchange/clock`, { advance_s: 1200 });
    const ids = new Set((await allTrades(ex.url, `ticker=${ticker}&min_ts=${Math.floor(START / 1000) - 10}`)).map((t) => t.trade_id));
    const whale = list.find((s: any) => s.type === 'whale_trade');
    for (const s of list.filter((x: any) => x.market_tickers.includes(ticker))) for (const id of s.trade_ids) expect(ids.has(id)).toBe(true);
    const wt = (await getJson(`${ex.baseUrl}/_exchange/trades?ticker=${ticker}&min_ts=${whale.start_ts}&max_ts=${whale.end_ts}`)).json;
    expect(wt.trades.map((t: any) => t.trade_id)).toContain(whale.trade_ids[0]);
  });

  it('forcing a price moves the book; faults never lose data', async () => {
    await post(`${ex.baseUrl}/_exchange/markets/${ticker}/price`, { price_dollars: '0.20' });
    const m = (await getJson(`${ex.url}/markets/${ticker}`)).json.market;
    expect(Number(m.yes_bid_dollars)).toBeLessThan(0.22);
    expect(Number(m.yes_bid_dollars)).toBeGreaterThan(0.1);

    const now = Math.floor(ex.now() / 1000);
    const q = `min_ts=${now - 7200}&max_ts=${now}`;
    const truth = (await getJson(`${ex.baseUrl}/_exchange/trades?${q}`)).json;
    await post(`${ex.baseUrl}/_exchange/faults`, { rate429: 0.3, rate5xx: 0.1, malformedRate: 0.5, repeatTradesRate: 0.5 }, 'PUT');
    let saw429 = false;
    for (let i = 0; i < 20; i++) {
      const r = await fetch(`${ex.url}/exchange/status`);
      if (r.status === 429) {
        saw429 = true;
        expect(r.headers.get('retry-after')).toBeNull();
        expect(await r.json()).toEqual({ error: { code: 'too_many_requests', message: 'too many requests' } });
      }
    }
    expect(saw429).toBe(true);
    const got = await allTrades(ex.url, q);
    const valid = got.filter((t) => t.count_fp !== 'NaN' && t.yes_price_dollars !== 'NaN');
    expect(valid.length).toBeGreaterThan(got.length - 100);
    const unique = new Map(valid.map((t) => [t.trade_id, t]));
    expect(unique.size).toBe(truth.count);
    expect(new Set(truth.trades.map((t: any) => t.trade_id))).toEqual(new Set(unique.keys()));
    await post(`${ex.baseUrl}/_exchange/faults`, { rate429: 0, rate5xx: 0, malformedRate: 0, repeatTradesRate: 0 }, 'PUT');
  });

  it('websocket: auth, subscribe, snapshot then deltas with seq, trades, lifecycle', async () => {
    const h = signRequest(key.keyId, key.privateKey, 'GET', '/trade-api/ws/v2');
    // unsigned handshake is refused
    const bad = new WebSocket(ex.wsUrl);
    const badErr = await new Promise<string>((res) => { bad.on('unexpected-response', (_q, r) => res(String(r.statusCode))); bad.on('error', () => res('error')); });
    expect(badErr).toBe('401');
    const ws = new WebSocket(ex.wsUrl, { headers: h });
    const msgs: any[] = [];
    ws.on('message', (d) => msgs.push(JSON.parse(d.toString())));
    await new Promise((r) => ws.on('open', r));
    ws.send(JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [ticker] } }));
    ws.send(JSON.stringify({ id: 2, cmd: 'subscribe', params: { channels: ['trade', 'market_lifecycle_v2'] } }));
    ws.send(JSON.stringify({ id: 3, cmd: 'subscribe', params: { channels: ['orderbook_delta'] } }));
    await new Promise((r) => setTimeout(r, 100));
    expect(msgs.find((m) => m.id === 1 && m.type === 'subscribed')).toBeTruthy();
    expect(msgs.find((m) => m.id === 3 && m.type === 'error')?.msg.code).toBe(14);
    const snap = msgs.find((m) => m.type === 'orderbook_snapshot');
    expect(snap.seq).toBe(1);
    expect(snap.msg.market_ticker).toBe(ticker);
    // move the market: deltas follow, and a scenario's trades stream out
    ex.engine.clock.setSpeed(600);
    await post(`${ex.baseUrl}/_exchange/markets/${ticker}/price`, { price_dollars: '0.60' });
    await post(`${ex.baseUrl}/_exchange/scenarios`, { type: 'whale_trade', market_ticker: ticker });
    await new Promise((r) => setTimeout(r, 400));
    ex.engine.clock.setSpeed(0);
    const deltas = msgs.filter((m) => m.type === 'orderbook_delta' && m.sid === snap.sid);
    expect(deltas.length).toBeGreaterThan(0);
    deltas.forEach((d, i) => expect(d.seq).toBe(i + 2));
    for (const d of deltas) { expect(d.msg.delta_fp).toMatch(/^-?\d+\.\d{2}$/); expect(typeof d.msg.ts_ms).toBe('number'); }
    const trades = msgs.filter((m) => m.type === 'trade');
    expect(trades.length).toBeGreaterThan(0);
    for (const k of ['trade_id', 'market_ticker', 'yes_price_dollars', 'no_price_dollars', 'count_fp', 'taker_outcome_side', 'taker_book_side', 'ts_ms']) expect(trades[0].msg).toHaveProperty(k);
    await post(`${ex.baseUrl}/_exchange/markets/${ticker}/settle`, { result: 'no' });
    await new Promise((r) => setTimeout(r, 100));
    const lc = msgs.filter((m) => m.type === 'market_lifecycle_v2' && m.msg.market_ticker === ticker).map((m) => m.msg.event_type);
    expect(lc).toContain('determined');
    expect(lc).toContain('settled');
    ws.close();
  });
});

describe('tape replay', () => {
  const tape = [
    { type: 'series', ticker: 'KXHIGHNY', title: 'Highest temperature in NYC', category: 'Climate and Weather', fee_type: 'quadratic', fee_multiplier: 1 },
    { type: 'event', event_ticker: 'KXHIGHNY-26NOV18', series_ticker: 'KXHIGHNY', title: 'NYC high Nov 18', mutually_exclusive: true },
    { type: 'market', ticker: 'KXHIGHNY-26NOV18-B50', event_ticker: 'KXHIGHNY-26NOV18', yes_sub_title: '50-51', no_sub_title: '50-51', created_time: '2026-11-17T10:00:00Z', open_time: '2026-11-17T10:00:00Z', close_time: '2026-11-19T04:00:00Z', price_level_structure: 'linear_cent' },
    { type: 'trade', trade_id: 'aaaaaaaa-0000-4000-8000-000000000001', ticker: 'KXHIGHNY-26NOV18-B50', count_fp: '12.50', yes_price_dollars: '0.4200', taker_outcome_side: 'yes', created_time: '2026-11-18T12:00:00Z' },
    { type: 'book', ticker: 'KXHIGHNY-26NOV18-B50', ts: '2026-11-18T12:00:01Z', yes_dollars: [['0.4000', '30.00'], ['0.4100', '10.00']], no_dollars: [['0.5700', '20.00']] },
    { type: 'trade', trade_id: 'aaaaaaaa-0000-4000-8000-000000000002', ticker: 'KXHIGHNY-26NOV18-B50', count_fp: '3.00', yes_price_dollars: '0.4300', taker_outcome_side: 'no', created_time: '2026-11-18T12:10:00Z' },
  ].map((r) => JSON.stringify(r)).join('\n');
  let ex: RunningExchange;
  beforeAll(async () => { ex = await startExchange({ tapeText: tape, speed: 0 }); });
  afterAll(() => ex.close());

  it('serves recorded markets, trades and books as time advances', async () => {
    let t = await getJson(`${ex.url}/markets/trades?ticker=KXHIGHNY-26NOV18-B50`);
    expect(t.json.trades.map((x: any) => x.trade_id)).toEqual(['aaaaaaaa-0000-4000-8000-000000000001']);
    await post(`${ex.baseUrl}/_exchange/clock`, { advance_s: 3600 });
    t = await getJson(`${ex.url}/markets/trades?ticker=KXHIGHNY-26NOV18-B50`);
    expect(validateComponent('GetTradesResponse', t.json)).toEqual([]);
    expect(t.json.trades.map((x: any) => x.count_fp)).toEqual(['3.00', '12.50']);
    const ob = (await getJson(`${ex.url}/markets/KXHIGHNY-26NOV18-B50/orderbook`)).json.orderbook_fp;
    expect(ob.yes_dollars).toEqual([['0.4000', '30.00'], ['0.4100', '10.00']]);
    const m = (await getJson(`${ex.url}/markets/KXHIGHNY-26NOV18-B50`)).json.market;
    expect(validateComponent('Market', m)).toEqual([]);
    expect(m.last_price_dollars).toBe('0.4300');
    expect(m.yes_ask_dollars).toBe('0.4300');
    const s = (await getJson(`${ex.url}/series/KXHIGHNY`)).json.series;
    expect(s.category).toBe('Climate and Weather');
  });
});
