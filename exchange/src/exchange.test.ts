import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange, type RunningExchange } from './index.ts';
import { buildUniverse } from './universe/build.ts';
import { Engine } from './engine/exchange.ts';
import { DOLLARS_RE, FP_RE, validateComponent } from './test/schema.ts';
import { getJson, makeKey, post, signedFetch, type TestKey } from './test/helpers.ts';
import { feeCents } from './fees.ts';

const START = Date.parse('2026-11-18T15:00:00Z');

describe('determinism', () => {
  it('same seed gives the same universe and the same trades', () => {
    const a = new Engine({ seed: 7, markets: 500, historyDays: 1, speed: 0, startMs: START });
    const b = new Engine({ seed: 7, markets: 500, historyDays: 1, speed: 0, startMs: START });
    expect(a.u.markets.map((m) => m.ticker)).toEqual(b.u.markets.map((m) => m.ticker));
    const ta = a.listTrades({ mkt: null, minMs: START - 3_600_000, maxMs: START, after: null, limit: 500 }).rows;
    const tb = b.listTrades({ mkt: null, minMs: START - 3_600_000, maxMs: START, after: null, limit: 500 }).rows;
    expect(ta.length).toBeGreaterThan(50);
    expect(ta.map((t) => t.tradeId)).toEqual(tb.map((t) => t.tradeId));
    const c = new Engine({ seed: 8, markets: 500, historyDays: 1, speed: 0, startMs: START });
    expect(c.u.markets.map((m) => m.ticker)).not.toEqual(a.u.markets.map((m) => m.ticker));
  });

  it('sports is the largest category, combos exist, fees on series', () => {
    const u = buildUniverse({ seed: 3, markets: 5000, startMs: START, historyDays: 1 });
    const counts = new Map<string, number>();
    for (const m of u.markets) { const c = u.series[m.seriesIdx]!.category; counts.set(c, (counts.get(c) ?? 0) + 1); }
    const top = [...counts.entries()].sort((x, y) => y[1] - x[1])[0]![0];
    expect(top).toBe('Sports');
    expect(u.markets.some((m) => m.isMve && m.ticker.startsWith('KXMVE'))).toBe(true);
    expect(u.series.every((s) => s.feeType && s.feeMult1000 > 0)).toBe(true);
  });

  it('per-market rates are heavy tailed and scale to ~25 trades/market/day', () => {
    const e = new Engine({ seed: 5, markets: 3000, historyDays: 2, speed: 0, startMs: START });
    const day = e.allTrades(null, START - 86_400_000, START).count;
    expect(day).toBeGreaterThan(3000 * 12);
    expect(day).toBeLessThan(3000 * 45);
    const rates = e.u.markets.filter((m) => !m.isMve).map((m) => m.rate).sort((a, b) => a - b);
    expect(rates[Math.floor(rates.length / 2)]!).toBeLessThan(rates.reduce((a, b) => a + b, 0) / rates.length);
  });
});

describe('100k-market universe', () => {
  let ex: RunningExchange;
  beforeAll(async () => {
    const t0 = performance.now();
    ex = await startExchange({ seed: 11, markets: 100_000, historyDays: 1, speed: 0, startTime: START });
    expect(performance.now() - t0).toBeLessThan(8000);
  });
  afterAll(() => ex.close());

  it('pages of /markets?status=open&mve_filter=exclude cover every open market exactly once', async () => {
    const seen = new Set<string>();
    let cursor = '';
    let pages = 0;
    do {
      const r = await getJson(`${ex.url}/markets?status=open&mve_filter=exclude&limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      for (const m of r.json.markets) {
        expect(seen.has(m.ticker)).toBe(false);
        expect(m.status).toBe('active');
        expect(m.ticker.startsWith('KXMVE')).toBe(false);
        seen.add(m.ticker);
      }
      cursor = r.json.cursor;
      pages++;
    } while (cursor);
    const nowS = ex.now() / 1000;
    const truth = ex.engine.u.markets.filter((m) => !m.isMve && ex.engine.model.status(m, nowS) === 'active');
    expect(seen.size).toBe(truth.length);
    expect(truth.length).toBeGreaterThan(80_000);
    expect(pages).toBeGreaterThan(80);
  }, 120_000);

  it('exchange-wide 5-minute tape window is fast', async () => {
    const now = Math.floor(ex.now() / 1000);
    const t0 = performance.now();
    let n = 0;
    let cursor = '';
    do {
      const r = await getJson(`${ex.url}/markets/trades?min_ts=${now - 300}&max_ts=${now}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
      n += r.json.trades.length;
      cursor = r.json.cursor;
    } while (cursor);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(n).toBe(ex.engine.allTrades(null, (now - 300) * 1000, now * 1000 + 999).count);
    expect(n).toBeGreaterThan(1000);
  });
});

describe('REST API against Kalshi schema', () => {
  let ex: RunningExchange;
  let key: TestKey;
  let ticker: string;
  beforeAll(async () => {
    key = makeKey('11111111-2222-3333-4444-555555555555');
    ex = await startExchange({ seed: 2, markets: 800, historyDays: 2, speed: 0, startTime: START, keys: [{ apiKeyId: key.keyId, publicKeyPem: key.publicKeyPem }] });
    const r = await getJson(`${ex.url}/markets?status=open&mve_filter=exclude&limit=200`);
    // pick a liquid market with a two-sided linear-cent book
    const m = r.json.markets.find((x: any) => x.price_level_structure === 'linear_cent' && x.yes_bid_size_fp !== '0.00' && x.yes_ask_size_fp !== '0.00' && Number(x.volume_24h_fp) > 0);
    ticker = m.ticker;
  });
  afterAll(() => ex.close());

  const ok = (name: string, v: unknown) => expect(validateComponent(name, v)).toEqual([]);

  it('markets, market, events, series, trades, orderbooks validate', async () => {
    const ms = await getJson(`${ex.url}/markets?limit=100`);
    ok('GetMarketsResponse', ms.json);
    for (const m of ms.json.markets) {
      for (const f of ['yes_bid_dollars', 'yes_ask_dollars', 'last_price_dollars', 'notional_value_dollars']) expect(m[f]).toMatch(DOLLARS_RE);
      for (const f of ['volume_fp', 'volume_24h_fp', 'open_interest_fp', 'yes_bid_size_fp']) expect(m[f]).toMatch(FP_RE);
      for (const legacy of ['yes_bid', 'yes_ask', 'last_price', 'volume', 'open_interest', 'liquidity', 'tick_size', 'category']) expect(m).not.toHaveProperty(legacy);
    }
    ok('GetMarketResponse', (await getJson(`${ex.url}/markets/${ticker}`)).json);
    const nf = await getJson(`${ex.url}/markets/NOPE-123`);
    expect(nf.status).toBe(404);
    expect(nf.json.error.code).toBe('not_found');
    ok('GetEventsResponse', (await getJson(`${ex.url}/events?limit=20&with_nested_markets=true`)).json);
    const ev = ex.engine.u.events[ex.engine.u.markets[ex.engine.u.marketByTicker.get(ticker)!]!.eventIdx]!;
    ok('GetEventResponse', (await getJson(`${ex.url}/events/${ev.ticker}?with_nested_markets=true`)).json);
    const sl = await getJson(`${ex.url}/series?category=Sports`);
    ok('GetSeriesListResponse', sl.json);
    expect(sl.json.series.every((s: any) => s.category === 'Sports')).toBe(true);
    ok('GetSeriesResponse', (await getJson(`${ex.url}/series/${sl.json.series[0].ticker}`)).json);
    const tr = await getJson(`${ex.url}/markets/trades?limit=200`);
    ok('GetTradesResponse', tr.json);
    for (const t of tr.json.trades) expect(Number(t.yes_price_dollars) + Number(t.no_price_dollars)).toBeCloseTo(1, 8);
    const ob = await getJson(`${ex.url}/markets/${ticker}/orderbook?depth=5`);
    ok('GetMarketOrderbookResponse', ob.json);
    const yes = ob.json.orderbook_fp.yes_dollars.map((l: string[]) => Number(l[0]));
    expect(yes).toEqual([...yes].sort((a, b) => a - b));
    expect(yes.length).toBeLessThanOrEqual(5);
    ok('GetMarketOrderbooksResponse', (await getJson(`${ex.url}/markets/orderbooks?tickers=${ticker}&tickers=${ms.json.markets[1].ticker}`)).json);
    ok('ExchangeStatus', (await getJson(`${ex.url}/exchange/status`)).json);
    ok('GetHistoricalCutoffResponse', (await getJson(`${ex.url}/historical/cutoff`)).json);
    ok('GetAccountEndpointCostsResponse', (await getJson(`${ex.url}/account/endpoint_costs`)).json);
    const s = ex.engine.u.series[ex.engine.u.markets[ex.engine.u.marketByTicker.get(ticker)!]!.seriesIdx]!.ticker;
    const now = Math.floor(ex.now() / 1000);
    ok('GetMarketCandlesticksResponse', (await getJson(`${ex.url}/series/${s}/markets/${ticker}/candlesticks?start_ts=${now - 86400}&end_ts=${now}&period_interval=60`)).json);
  });

  it('filter restrictions and parameter validation answer 400', async () => {
    for (const q of ['status=bogus', 'mve_filter=all', 'limit=1001', 'status=open&min_close_ts=1', 'status=closed&min_created_ts=1', 'min_created_ts=1&max_close_ts=2', 'min_updated_ts=1']) {
      const r = await getJson(`${ex.url}/markets?${q}`);
      expect(r.status, q).toBe(400);
    }
    expect((await getJson(`${ex.url}/markets/${ticker}/orderbook?depth=101`)).status).toBe(400);
    expect((await getJson(`${ex.url}/markets/trades?limit=5000`)).status).toBe(400);
    const only = await getJson(`${ex.url}/markets?mve_filter=only&limit=50`);
    expect(only.json.markets.length).toBeGreaterThan(0);
    for (const m of only.json.markets) { expect(m.ticker.startsWith('KXMVE')).toBe(true); expect(m.mve_collection_ticker).toBeTruthy(); expect(Array.isArray(m.mve_selected_legs)).toBe(true); }
    const ev = await getJson(`${ex.url}/events?limit=200`);
    expect(ev.json.events.some((e: any) => e.event_ticker.startsWith('KXMVE'))).toBe(false);
  });

  it('trade pagination is stable while new trades arrive at the head', async () => {
    ex.engine.clock.setSpeed(0);
    const now = Math.floor(ex.now() / 1000);
    const truth = ex.engine.allTrades(null, (now - 3 * 3600) * 1000, now * 1000 + 999).rows.map((r) => r.tradeId);
    const seen: string[] = [];
    let cursor = '';
    let i = 0;
    do {
      const r = await getJson(`${ex.url}/markets/trades?min_ts=${now - 3 * 3600}&max_ts=${now}&limit=300${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...r.json.trades.map((t: any) => t.trade_id));
      cursor = r.json.cursor;
      if (i++ === 1) { ex.engine.clock.advance(60_000); await post(`${ex.baseUrl}/_exchange/scenarios`, { type: 'trade_burst', market_ticker: ticker }); }
    } while (cursor);
    expect(seen).toEqual(truth);
  });

  it('signatures: accepted, and bad/missing/stale/wrong-path rejected with 401', async () => {
    const bal = await signedFetch(`${ex.url}/portfolio/balance`, key);
    expect(bal.status).toBe(200);
    ok('GetBalanceResponse', bal.json);
    expect(bal.json.balance).toBe(1_000_000);
    expect(bal.json.balance_dollars).toBe('10000.0000');
    expect((await signedFetch(`${ex.url}/portfolio/balance?subaccount=0`, key)).status).toBe(200);
    expect((await signedFetch(`${ex.url}/portfolio/balance`, key, 'GET', undefined, Date.now() - 120_000)).status).toBe(401);
    const other = makeKey(key.keyId);
    const bad = await signedFetch(`${ex.url}/portfolio/balance`, other);
    expect(bad.status).toBe(401);
    expect(bad.json.error.code).toBeTruthy();
    expect((await getJson(`${ex.url}/portfolio/balance`)).status).toBe(401);
    // signing the path without /trade-api/v2 is wrong
    const { signRequest } = await import('./auth/sign.ts');
    const h = signRequest(key.keyId, key.privateKey, 'GET', '/portfolio/balance');
    expect((await fetch(`${ex.url}/portfolio/balance`, { headers: h })).status).toBe(401);
    ok('GetAccountApiLimitsResponse', (await signedFetch(`${ex.url}/account/limits`, key)).json);
    // The account's tier (set by the control API) sets the budgets /account/limits reports.
    const setTier = await fetch(`${ex.baseUrl}/_exchange/accounts/${key.keyId}/usage_tier`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ usage_tier: 'expert' }) });
    expect(setTier.status).toBe(200);
    const expert = (await signedFetch(`${ex.url}/account/limits`, key)).json;
    ok('GetAccountApiLimitsResponse', expert);
    expect(expert).toMatchObject({ usage_tier: 'expert', read: { refill_rate: 600, bucket_capacity: 600 }, write: { refill_rate: 600, bucket_capacity: 1200 }, grants: [{ level: 'expert', source: 'manual', exchange_instance: 'event_contract' }] });
    await fetch(`${ex.baseUrl}/_exchange/accounts/${key.keyId}/usage_tier`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ usage_tier: 'basic' }) });
  });

  it('orders: IOC taker fill with Kalshi fee, idempotent client_order_id, positions, fills, GTC rest + cancel', async () => {
    const ob = (await getJson(`${ex.url}/markets/${ticker}/orderbook`)).json.orderbook_fp;
    const bestNo = ob.no_dollars[ob.no_dollars.length - 1];
    const ask = Math.round((1 - Number(bestNo[0])) * 100) / 100;
    const askSize = Number(bestNo[1]);
    const count = Math.min(3, Math.floor(askSize)) || 1;
    const body = { ticker, side: 'bid', count: String(count), price: ask.toFixed(2), time_in_force: 'immediate_or_cancel', self_trade_prevention_type: 'taker_at_cross', client_order_id: 'c-1' };
    const r1 = await signedFetch(`${ex.url}/portfolio/events/orders`, key, 'POST', body);
    expect(r1.status).toBe(201);
    ok('CreateOrderV2Response', r1.json);
    const filled = Number(r1.json.fill_count);
    expect(filled).toBeGreaterThan(0);
    const r2 = await signedFetch(`${ex.url}/portfolio/events/orders`, key, 'POST', body);
    expect(r2.json.order_id).toBe(r1.json.order_id);
    const orders = await signedFetch(`${ex.url}/portfolio/orders`, key);
    ok('GetOrdersResponse', orders.json);
    expect(orders.json.orders.filter((o: any) => o.client_order_id === 'c-1')).toHaveLength(1);
    const fills = await signedFetch(`${ex.url}/portfolio/fills`, key);
    ok('GetFillsResponse', fills.json);
    const expectedFee = feeCents('quadratic', 'taker', ex.engine.u.series[ex.engine.market(ticker)!.seriesIdx]!.feeMult1000, Math.round(filled * 100), Math.round(ask * 10000));
    const totalFee = fills.json.fills.reduce((a: number, f: any) => a + Math.round(Number(f.fee_cost) * 100), 0);
    if (ex.engine.u.series[ex.engine.market(ticker)!.seriesIdx]!.feeType.startsWith('quadratic')) expect(totalFee).toBe(expectedFee);
    const pos = await signedFetch(`${ex.url}/portfolio/positions`, key);
    ok('GetPositionsResponse', pos.json);
    expect(pos.json.market_positions[0].position_fp).toBe(filled.toFixed(2));
    const bal = (await signedFetch(`${ex.url}/portfolio/balance`, key)).json;
    expect(Number(bal.balance_dollars)).toBeCloseTo(10000 - filled * ask - totalFee / 100, 6);
    // a passive GTC ask (sell YES) far away rests; then cancel
    const g = await signedFetch(`${ex.url}/portfolio/events/orders`, key, 'POST', { ticker, side: 'ask', count: '2.50', price: '0.99', time_in_force: 'good_till_canceled', self_trade_prevention_type: 'maker', post_only: true });
    expect(g.status).toBe(201);
    expect(g.json.remaining_count).toBe('2.50');
    const one = await signedFetch(`${ex.url}/portfolio/orders/${g.json.order_id}`, key);
    ok('GetOrderResponse', one.json);
    expect(one.json.order.status).toBe('resting');
    const book = (await getJson(`${ex.url}/markets/${ticker}/orderbook`)).json.orderbook_fp;
    expect(book.no_dollars.some((l: string[]) => l[0] === '0.0100')).toBe(true);
    const c = await signedFetch(`${ex.url}/portfolio/events/orders/${g.json.order_id}`, key, 'DELETE');
    expect(c.status).toBe(200);
    ok('CancelOrderV2Response', c.json);
    expect(c.json.reduced_by).toBe('2.50');
    // invalid inputs
    const offGrid = await signedFetch(`${ex.url}/portfolio/events/orders`, key, 'POST', { ...body, client_order_id: undefined, price: '0.555' });
    expect(offGrid.status).toBe(400);
    const noStp = await signedFetch(`${ex.url}/portfolio/events/orders`, key, 'POST', { ticker, side: 'bid', count: '1', price: '0.50', time_in_force: 'good_till_canceled' });
    expect(noStp.status).toBe(400);
  });

  it('FOK that cannot fill is cancelled without fills; self-trade prevention', async () => {
    const fok = await signedFetch(`${ex.url}/portfolio/events/orders`, key, 'POST', { ticker, side: 'bid', count: '100000', price: '0.02', time_in_force: 'fill_or_kill', self_trade_prevention_type: 'taker_at_cross' });
    expect(fok.status).toBe(201);
    expect(fok.json.fill_count).toBe('0.00');
    expect(fok.json.remaining_count).toBe('0.00');
    const rest = await signedFetch(`${ex.url}/portfolio/events/orders`, key, 'POST', { ticker, side: 'ask', count: '1', price: '0.98', time_in_force: 'good_till_canceled', self_trade_prevention_type: 'maker' });
    expect(rest.json.remaining_count).toBe('1.00');
    const cross = await signedFetch(`${ex.url}/portfolio/events/orders`, key, 'POST', { ticker, side: 'bid', count: '1', price: '0.98', time_in_force: 'immediate_or_cancel', self_trade_prevention_type: 'taker_at_cross' });
    expect(cross.status).toBe(201);
    const o = (await signedFetch(`${ex.url}/portfolio/orders/${rest.json.order_id}`, key)).json.order;
    // the synthetic book is usually cheaper than 0.98, so our own resting ask may never be reached;
    // either way the resting order must not have traded with ourselves
    expect(o.fill_count_fp).toBe('0.00');
  });

  it('settlement pays out and is reported', async () => {
    await post(`${ex.baseUrl}/_exchange/markets/${ticker}/settle`, { result: 'yes' });
    const s = await signedFetch(`${ex.url}/portfolio/settlements`, key);
    ok('GetSettlementsResponse', s.json);
    expect(s.json.settlements.length).toBe(1);
    const st = s.json.settlements[0];
    expect(st.market_result).toBe('yes');
    expect(st.revenue).toBe(Math.round(Number(st.yes_count_fp) * 100));
    const pos = await signedFetch(`${ex.url}/portfolio/positions`, key);
    expect(pos.json.market_positions.find((p: any) => p.ticker === ticker)).toBeUndefined();
    const m = (await getJson(`${ex.url}/markets/${ticker}`)).json.market;
    expect(m.status).toBe('finalized');
    expect(m.result).toBe('yes');
  });
});
