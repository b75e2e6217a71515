import { constants, generateKeyPairSync, verify } from 'node:crypto';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KalshiApiError, KalshiConfigError, KalshiNetworkError, createKalshiClient, type KalshiClientConfig } from './index.ts';
import { marketRecord, recordingLogger, startFakeServer, tradeRecord, type FakeServer, type RecordedRequest } from './testing/fake-server.ts';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const KEY_ID = 'a1b2c3d4-e5f6-4711-8899-aabbccddeeff';
const PEM_BODY_LINE = PEM.split('\n')[3]!;

function verifyRequest(r: RecordedRequest): boolean {
  const ts = r.headers['kalshi-access-timestamp'];
  const sig = r.headers['kalshi-access-signature'];
  if (typeof ts !== 'string' || typeof sig !== 'string') return false;
  return verify(
    'sha256',
    Buffer.from(`${ts}${r.method}${r.path}`),
    { key: rsa.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
    Buffer.from(sig, 'base64'),
  );
}

let srv: FakeServer;
beforeEach(async () => {
  srv = await startFakeServer();
});
afterEach(async () => {
  await srv.close();
});

function client(over: Partial<KalshiClientConfig> = {}, logger = recordingLogger()) {
  return createKalshiClient(
    {
      apiBase: srv.apiBase,
      apiKeyId: KEY_ID,
      privateKey: PEM,
      retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 },
      rateLimit: { disabled: true },
      timeoutMs: 2000,
      ...over,
    },
    logger,
  );
}

describe('config', () => {
  it('defaults to Kalshi production and derives the WS URL', () => {
    const c = createKalshiClient({});
    expect(c.apiBase).toBe('https://external-api.kalshi.com/trade-api/v2');
    expect(c.wsUrl).toBe('wss://external-api-ws.kalshi.com/trade-api/ws/v2');
    expect(c.hasCredentials).toBe(false);
    expect(createKalshiClient({ apiBase: 'https://external-api.demo.kalshi.co/trade-api/v2/' }).wsUrl).toBe('wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2');
    expect(createKalshiClient({ apiBase: 'http://127.0.0.1:9999/trade-api/v2' }).wsUrl).toBe('ws://127.0.0.1:9999/trade-api/ws/v2');
    expect(createKalshiClient({ apiBase: 'http://127.0.0.1:9999/trade-api/v2', wsUrl: 'ws://x/y' }).wsUrl).toBe('ws://x/y');
  });
  it('rejects half-configured credentials', () => {
    expect(() => createKalshiClient({ apiKeyId: KEY_ID })).toThrow(KalshiConfigError);
    expect(() => createKalshiClient({ privateKey: PEM })).toThrow(KalshiConfigError);
  });
  it('portfolio calls without credentials fail before any request', async () => {
    const c = createKalshiClient({ apiBase: srv.apiBase });
    await expect(c.getBalance()).rejects.toBeInstanceOf(KalshiConfigError);
    expect(srv.requests).toHaveLength(0);
  });
});

describe('signing on the wire', () => {
  it('signs timestamp+METHOD+/trade-api/v2/path without the query; every retry is re-signed', async () => {
    let n = 0;
    srv.handler = () => (++n < 3 ? { status: 503, body: { error: { code: 'unavailable' } } } : { body: { balance: 100, balance_dollars: '1.0042', portfolio_value: 250, updated_ts: 1 } });
    const c = client();
    const bal = await c.getBalance({ subaccount: 0 });
    expect(bal.balance_micros).toBe(1_004_200n);
    expect(bal.portfolio_value_micros).toBe(2_500_000n);
    expect(srv.requests).toHaveLength(3);
    for (const r of srv.requests) {
      expect(r.path).toBe('/trade-api/v2/portfolio/balance');
      expect(r.query.get('subaccount')).toBe('0');
      expect(r.headers['kalshi-access-key']).toBe(KEY_ID);
      expect(verifyRequest(r)).toBe(true);
    }
  });

  it('public market data is signed too when credentials exist (and not when disabled)', async () => {
    srv.handler = () => ({ body: { exchange_active: true, trading_active: false } });
    await client().getExchangeStatus();
    expect(verifyRequest(srv.requests[0]!)).toBe(true);
    await client({ signPublicRequests: false }).getExchangeStatus();
    expect(srv.requests[1]!.headers['kalshi-access-signature']).toBeUndefined();
  });
});

describe('retries', () => {
  it('retries 429 with either body shape, then succeeds', async () => {
    const bodies = [{ error: 'too many requests' }, { error: { code: 'too_many_requests', message: 'too many requests' } }];
    let n = 0;
    srv.handler = () => (n < 2 ? { status: 429, body: bodies[n++] } : { body: { exchange_active: true, trading_active: true } });
    const c = client();
    expect((await c.getExchangeStatus()).trading_active).toBe(true);
    expect(c.stats.rateLimited).toBe(2);
    expect(c.stats.retries).toBe(2);
  });

  it('waits what a Retry-After header asks (capped at the backoff maximum) instead of the backoff', async () => {
    let n = 0;
    srv.handler = () => (n++ < 1 ? { status: 503, headers: { 'retry-after': '0.3' }, body: { error: 'busy' } } : { body: { exchange_active: true, trading_active: true } });
    const logger = recordingLogger();
    const c = client({ retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1000 } }, logger);
    const started = Date.now();
    expect((await c.getExchangeStatus()).trading_active).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(logger.lines.find((l) => l.msg === 'kalshi request rejected; retrying')?.obj).toMatchObject({ status: 503, delayMs: 300 });
  });

  it('gives up after the configured attempts with a typed error', async () => {
    srv.handler = () => ({ status: 429, body: { error: { code: 'too_many_requests', message: 'too many requests' } } });
    const c = client({ retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });
    const err = await c.getExchangeStatus().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KalshiApiError);
    expect((err as KalshiApiError).status).toBe(429);
    expect((err as KalshiApiError).code).toBe('too_many_requests');
    expect((err as KalshiApiError).attempts).toBe(3);
    expect(srv.requests).toHaveLength(3);
  });

  it('retries 5xx and dropped connections for reads', async () => {
    let n = 0;
    srv.handler = () => {
      n++;
      if (n === 1) return { status: 500, text: 'oops' };
      if (n === 2) return { destroy: true };
      if (n === 3) return { status: 502, text: '<html>bad gateway</html>' };
      return { body: { exchange_active: true, trading_active: true } };
    };
    const c = client();
    await c.getExchangeStatus();
    expect(srv.requests).toHaveLength(4);
    expect(c.stats.serverErrors).toBe(2);
    expect(c.stats.networkErrors).toBe(1);
  });

  it('retries timeouts, then throws KalshiNetworkError(timeout)', async () => {
    srv.handler = () => ({ delayMs: 300, body: {} });
    const c = client({ timeoutMs: 50, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    const err = await c.getExchangeStatus().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KalshiNetworkError);
    expect((err as KalshiNetworkError).kind).toBe('timeout');
    // the second attempt timed out client-side; on a loaded machine the server may log it a moment later
    await expect.poll(() => srv.requests.length, { timeout: 2_000 }).toBe(2);
  });

  it('does not retry other 4xx', async () => {
    srv.handler = () => ({ status: 400, body: { code: 'invalid_parameters', message: 'bad status', details: 'x' } });
    const err = await client().getExchangeStatus().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KalshiApiError);
    expect((err as Error).message).toContain('invalid_parameters: bad status');
    expect(srv.requests).toHaveLength(1);
  });

  it('does not retry 5xx for a non-idempotent POST, but does retry its 429', async () => {
    let n = 0;
    srv.handler = () => (++n === 1 ? { status: 429, body: { error: 'too many requests' } } : { status: 500, body: {} });
    const c = client();
    await expect(c.http.request('POST', '/portfolio/order_groups/create', { body: { contracts_limit: 1 }, auth: 'required' })).rejects.toMatchObject({ status: 500 });
    expect(srv.requests).toHaveLength(2);
  });

  it('a 429 drains the local bucket so the next request waits for budget', async () => {
    let n = 0;
    srv.handler = () => (++n === 1 ? { status: 429, body: { error: 'too many requests' } } : { body: { exchange_active: true, trading_active: true } });
    const c = client({ rateLimit: { read: { refillRate: 100, capacity: 100 } } });
    const t0 = Date.now();
    await c.getExchangeStatus();
    // After the drain, 10 tokens at 100/s = 100 ms.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
  });
});

describe('secrets never leak', () => {
  it('errors and logs contain no key, key id or signature, even when the server echoes the headers', async () => {
    const logger = recordingLogger();
    srv.handler = (r) => ({ status: 401, body: { error: { code: 'unauthorized', message: `bad signature ${String(r.headers['kalshi-access-signature'])} for ${String(r.headers['kalshi-access-key'])}` }, echo: r.headers } });
    const c = client({}, logger);
    const err = await c.getBalance().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KalshiApiError);
    const sig = String(srv.requests[0]!.headers['kalshi-access-signature']);
    const dumps = [inspect(err, { depth: 20, showHidden: true }), JSON.stringify(err), String((err as Error).stack), String(err), JSON.stringify(logger.lines), inspect(c, { depth: 4 })];
    for (const d of dumps) {
      expect(d).not.toContain(KEY_ID);
      expect(d).not.toContain(sig);
      expect(d).not.toContain(PEM_BODY_LINE);
      expect(d.toLowerCase()).not.toContain('kalshi-access-signature":"');
    }
    expect((err as Error).cause).toBeUndefined();
    expect((err as KalshiApiError).body).toMatch(/\[redacted\]/i);
  });

  it('network and retry errors carry no headers either', async () => {
    const logger = recordingLogger();
    srv.handler = () => ({ destroy: true });
    const c = client({ retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }, logger);
    const err = await c.getBalance().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KalshiNetworkError);
    const dumps = [inspect(err, { depth: 20, showHidden: true }), JSON.stringify(err), JSON.stringify(logger.lines)];
    for (const d of dumps) {
      expect(d).not.toContain(KEY_ID);
      expect(d).not.toContain('KALSHI-ACCESS');
      expect(d).not.toContain(PEM_BODY_LINE);
    }
  });
});

describe('markets', () => {
  it('paginates with mve_filter=exclude by default, cursor end "" or null, every filter passed', async () => {
    srv.handler = (r) => {
      const cursor = r.query.get('cursor');
      if (!cursor) return { body: { markets: [marketRecord('KXA-26-T1'), marketRecord('KXA-26-T2')], cursor: 'c2' } };
      if (cursor === 'c2') return { body: { markets: [marketRecord('KXA-26-T3')], cursor: 'c3' } };
      return { body: { markets: [marketRecord('KXA-26-T4')], cursor: r.query.get('status') === 'open' ? '' : null } };
    };
    const c = client();
    const tickers: string[] = [];
    for await (const m of c.listMarkets({ status: 'open', series_ticker: 'KXA', tickers: ['A', 'B'], min_created_ts: 5, max_created_ts: 6 })) tickers.push(m.ticker);
    expect(tickers).toEqual(['KXA-26-T1', 'KXA-26-T2', 'KXA-26-T3', 'KXA-26-T4']);
    expect(srv.requests).toHaveLength(3);
    const q = srv.requests[0]!.query;
    expect(q.get('mve_filter')).toBe('exclude');
    expect(q.get('limit')).toBe('1000');
    expect(q.get('status')).toBe('open');
    expect(q.get('series_ticker')).toBe('KXA');
    expect(q.get('tickers')).toBe('A,B');
    expect(q.get('min_created_ts')).toBe('5');
    expect(q.get('max_created_ts')).toBe('6');
    expect(q.has('cursor')).toBe(false);
    expect(srv.requests[1]!.query.get('cursor')).toBe('c2');
    // null cursor also ends
    srv.requests.length = 0;
    const all = [];
    for await (const m of c.listMarkets({ status: 'closed', mve_filter: null })) all.push(m);
    expect(all).toHaveLength(4);
    expect(srv.requests[0]!.query.has('mve_filter')).toBe(false);
  });

  it('is lazy but one page ahead: the next page is in flight while the consumer works (flat memory)', async () => {
    let n = 0;
    srv.handler = () => ({ body: { markets: [marketRecord(`M-${n}`)], cursor: `c${++n}` } }); // endless
    const c = client();
    let pages = 0;
    for await (const p of c.listMarketPages()) {
      expect(p.items).toHaveLength(1);
      // While the consumer holds page N (a database write, say), page N+1 is already requested.
      await expect.poll(() => srv.requests.length).toBe(pages + 2);
      expect(srv.requests.at(-1)!.query.get('cursor')).toBe(`c${pages + 1}`);
      if (++pages === 3) break;
    }
    // Stopping early wastes the one request ahead, nothing more.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(srv.requests).toHaveLength(4);
    srv.requests.length = 0;
    const capped = [];
    for await (const m of c.listMarkets({}, { maxPages: 2 })) capped.push(m);
    expect(capped).toHaveLength(2);
    expect(srv.requests).toHaveLength(2); // nothing ahead of the last page allowed
  });

  it('parses exact numerics next to the raw fields', async () => {
    srv.handler = () => ({ body: { market: marketRecord('KXB-26-T1', { yes_bid_dollars: '0.423512', settlement_value_dollars: null, previous_price_dollars: undefined }) } });
    const m = await client().getMarket('KXB-26-T1');
    expect(m).not.toBeNull();
    expect(m!.yes_bid_dollars).toBe('0.423512');
    expect(m!.yes_bid_micros).toBe(423_512n);
    expect(m!.yes_ask_size_centi).toBe(750n);
    expect(m!.volume_centi).toBe(123_456n);
    expect(m!.settlement_value_micros).toBeNull();
    expect(m!.previous_price_micros).toBeNull();
    expect(m!.close_time_ms).toBe(Date.parse('2026-12-01T00:00:00Z'));
    expect(m!.price_ranges![0]!.step_micros).toBe(10_000n);
    expect(m!.rules_primary).toBe('rules');
    expect((m as Record<string, unknown>).settlement_timer_seconds).toBe(300); // unknown/extra fields pass through
  });

  it('getMarket returns null on 404 (observed body shape)', async () => {
    srv.handler = () => ({ status: 404, body: { error: { code: 'not_found', message: 'market not found' } } });
    expect(await client().getMarket('NOPE')).toBeNull();
  });

  it('skips, counts and logs malformed records without failing the page', async () => {
    const logger = recordingLogger();
    srv.handler = () => ({
      body: {
        markets: [
          marketRecord('GOOD-1'),
          marketRecord('BAD-MISSING', { yes_bid_dollars: undefined }),
          marketRecord('BAD-NAN', { yes_ask_dollars: 'NaN' }),
          marketRecord('BAD-NUMBER', { last_price_dollars: 0.43 }),
          marketRecord('BAD-COUNT', { volume_fp: 'abc' }),
          marketRecord('BAD-TIME', { close_time: 'soon' }),
          null,
          'garbage',
          marketRecord('GOOD-2'),
        ],
        cursor: '',
      },
    });
    const c = client({}, logger);
    const pages = [];
    for await (const p of c.listMarketPages()) pages.push(p);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.items.map((m) => m.ticker)).toEqual(['GOOD-1', 'GOOD-2']);
    expect(pages[0]!.malformed).toBe(7);
    expect(c.stats.malformed['GET /markets']).toBe(7);
    const warned = logger.lines.filter((l) => l.msg === 'kalshi: skipped malformed record');
    expect(warned).toHaveLength(7);
    expect(warned.map((l) => (l.obj as { ticker?: string }).ticker)).toEqual(['BAD-MISSING', 'BAD-NAN', 'BAD-NUMBER', 'BAD-COUNT', 'BAD-TIME', undefined, undefined]);
    expect(JSON.stringify(warned[1]!.obj)).toContain('yes_ask_dollars');
  });

  it('drops records a server repeats across pages, and refuses a cursor that never advances', async () => {
    srv.handler = (r) => {
      const cursor = r.query.get('cursor');
      if (!cursor) return { body: { markets: [marketRecord('M1'), marketRecord('M2')], cursor: 'a' } };
      if (cursor === 'a') return { body: { markets: [marketRecord('M2'), marketRecord('M3')], cursor: 'b' } };
      return { body: { markets: [marketRecord('M3')], cursor: 'b' } }; // stuck
    };
    const c = client();
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const m of c.listMarkets()) seen.push(m.ticker);
      })(),
    ).rejects.toThrow(/did not advance/);
    expect(seen).toEqual(['M1', 'M2', 'M3']);
    expect(c.stats.duplicatesDropped).toBeGreaterThanOrEqual(2);
  });

  it('a page envelope without the records array is an error, a missing/null array is an empty page', async () => {
    srv.handler = () => ({ body: { markets: 'nope', cursor: '' } });
    await expect(client().listMarketPages().next()).rejects.toThrow(/no "markets" array/);
    srv.handler = () => ({ body: { markets: null, cursor: null } });
    const r = await client().listMarketPages().next();
    expect(r.value).toMatchObject({ items: [], cursor: null });
  });
});

describe('trades, order books, events, series, candlesticks', () => {
  it('trade tape: exchange-wide when no ticker, min_ts/max_ts, resume from a cursor', async () => {
    srv.handler = (r) => {
      const cursor = r.query.get('cursor');
      if (cursor === 'resume') return { body: { trades: [tradeRecord('t3'), tradeRecord('t4', { count_fp: '0.01' })], cursor: '' } };
      return { body: { trades: [tradeRecord('t1')], cursor: 'resume' } };
    };
    const c = client();
    const got = [];
    for await (const t of c.listTrades({ min_ts: 100, max_ts: 200, cursor: 'resume' })) got.push(t);
    expect(got.map((t) => t.trade_id)).toEqual(['t3', 't4']);
    expect(got[1]!.count_centi).toBe(1n);
    expect(got[0]!.yes_price_micros + got[0]!.no_price_micros).toBe(1_000_000n);
    expect(got[0]!.created_time_ms).toBe(Date.parse('2026-10-06T12:00:00Z'));
    const q = srv.requests[0]!.query;
    expect(q.has('ticker')).toBe(false);
    expect(q.get('min_ts')).toBe('100');
    expect(q.get('max_ts')).toBe('200');
    expect(q.get('cursor')).toBe('resume');
  });

  it('single order book: levels parsed exactly, best bid last', async () => {
    srv.handler = () => ({ body: { orderbook_fp: { yes_dollars: [['0.4100', '10.00'], ['0.4200', '13.50']], no_dollars: [['0.5600', '17.00']] } } });
    const ob = await client().getOrderbook('KXA-1', { depth: 5 });
    expect(srv.requests[0]!.path).toBe('/trade-api/v2/markets/KXA-1/orderbook');
    expect(srv.requests[0]!.query.get('depth')).toBe('5');
    expect(ob.yes.at(-1)).toEqual({ price_dollars: '0.4200', count_fp: '13.50', price_micros: 420_000n, count_centi: 1350n });
    expect(ob.no).toHaveLength(1);
    srv.handler = () => ({ body: { orderbook_fp: { yes_dollars: null, no_dollars: [] } } });
    expect((await client().getOrderbook('EMPTY')).yes).toEqual([]);
  });

  it('batch order books: 100 tickers per call via repeated params; bad books skipped', async () => {
    srv.handler = (r) => ({
      body: {
        orderbooks: r.query.getAll('tickers').map((t) =>
          t === 'T-7' ? { ticker: t, orderbook_fp: { yes_dollars: [['x', '1']], no_dollars: [] } } : { ticker: t, orderbook_fp: { yes_dollars: [['0.0100', '1.00']], no_dollars: [] } },
        ),
      },
    });
    const c = client();
    const tickers = Array.from({ length: 250 }, (_, i) => `T-${i}`);
    const books = [];
    for await (const b of c.listOrderbooks(tickers)) books.push(b.ticker);
    expect(srv.requests.map((r) => r.query.getAll('tickers').length)).toEqual([100, 100, 50]);
    expect(srv.requests[0]!.query.getAll('tickers')[0]).toBe('T-0');
    expect(books).toHaveLength(249);
    expect(c.stats.malformed['GET /markets/orderbooks']).toBe(1);
  });

  it('events with nested markets validate each market; series list; one series', async () => {
    srv.handler = (r) => {
      if (r.path.endsWith('/events'))
        return {
          body: {
            events: [
              { event_ticker: 'E1', series_ticker: 'S1', title: 't', sub_title: 's', mutually_exclusive: true, collateral_return_type: '', available_on_brokers: false, settlement_sources: [], markets: [marketRecord('E1-A'), marketRecord('E1-B', { volume_fp: 'x' })] },
              { event_ticker: 'E2', title: 'no series' },
            ],
            cursor: '',
          },
        };
      if (r.path.endsWith('/series')) return { body: { series: [{ ticker: 'S1', title: 'x', category: 'Sports', tags: null, volume_fp: '12.00' }, { ticker: 'S2' }] } };
      return { body: { series: { ticker: 'S1', title: 'x', category: 'Sports', categories: ['Sports'] } } };
    };
    const c = client();
    const events = [];
    for await (const e of c.listEvents({ with_nested_markets: true, status: 'open' })) events.push(e);
    expect(events).toHaveLength(1);
    expect(events[0]!.markets!.map((m) => m.ticker)).toEqual(['E1-A']);
    expect(srv.requests[0]!.query.get('limit')).toBe('200');
    expect(srv.requests[0]!.query.get('with_nested_markets')).toBe('true');
    expect(c.stats.malformed).toMatchObject({ 'GET /events': 1, 'GET /events (nested markets)': 1 });
    const series = await c.getSeriesList({ category: 'Sports', include_volume: true });
    expect(series.map((s) => [s.ticker, s.volume_centi])).toEqual([['S1', 1200n]]);
    expect((await c.getSeries('S1'))!.categories).toEqual(['Sports']);
  });

  it('candlesticks (single and batched by 100)', async () => {
    const candle = {
      end_period_ts: 1000,
      yes_bid: { open_dollars: '0.1', low_dollars: '0.1', high_dollars: '0.2', close_dollars: '0.15' },
      yes_ask: { open_dollars: '0.2', low_dollars: '0.2', high_dollars: '0.3', close_dollars: '0.25' },
      price: { open_dollars: null, close_dollars: '0.2000' },
      volume_fp: '3.00',
      open_interest_fp: '4.00',
    };
    srv.handler = (r) =>
      r.path.endsWith('/markets/candlesticks')
        ? { body: { markets: r.query.get('market_tickers')!.split(',').map((t) => ({ market_ticker: t, candlesticks: [candle] })) } }
        : { body: { ticker: 'M', candlesticks: [candle, { ...candle, volume_fp: 'NaN' }] } };
    const c = client();
    const one = await c.getMarketCandlesticks({ series_ticker: 'S', ticker: 'M', start_ts: 1, end_ts: 2, period_interval: 60 });
    expect(srv.requests[0]!.path).toBe('/trade-api/v2/series/S/markets/M/candlesticks');
    expect(one.candlesticks).toHaveLength(1);
    expect(one.candlesticks[0]!.price.close_micros).toBe(200_000n);
    expect(one.candlesticks[0]!.price.open_micros).toBeNull();
    expect(one.candlesticks[0]!.yes_bid.close_micros).toBe(150_000n);
    const all = [];
    for await (const m of c.listBatchCandlesticks({ market_tickers: Array.from({ length: 150 }, (_, i) => `M${i}`), start_ts: 1, end_ts: 2, period_interval: 1 })) all.push(m);
    expect(all).toHaveLength(150);
    expect(srv.requests.slice(1).map((r) => r.query.get('market_tickers')!.split(',').length)).toEqual([100, 50]);
  });
});

describe('orders and portfolio', () => {
  it('create order: V2 body, client_order_id fixed before the first attempt and identical on retries', async () => {
    let n = 0;
    srv.handler = (r) => {
      n++;
      if (n === 1) return { status: 503, body: {} };
      if (n === 2) return { delayMs: 200, body: {} }; // times out
      const b = JSON.parse(r.body) as { client_order_id: string };
      return { status: 201, body: { order_id: 'o-1', client_order_id: b.client_order_id, fill_count: '2.00', remaining_count: '8.00', average_fill_price: '0.5600', average_fee_paid: '0.0100', ts_ms: 1 } };
    };
    const c = client({ timeoutMs: 100 });
    const res = await c.createOrder({ ticker: 'KXA-1', side: 'bid', count: 1000n, price: 560_000n, time_in_force: 'good_till_canceled' });
    expect(srv.requests).toHaveLength(3);
    const bodies = srv.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(new Set(bodies.map((b) => b.client_order_id)).size).toBe(1);
    expect(bodies[0]).toEqual({
      ticker: 'KXA-1',
      side: 'bid',
      count: '10.00',
      price: '0.5600',
      time_in_force: 'good_till_canceled',
      self_trade_prevention_type: 'taker_at_cross',
      client_order_id: bodies[0]!.client_order_id,
    });
    expect(String(bodies[0]!.client_order_id)).toMatch(/^[0-9a-f-]{36}$/);
    for (const r of srv.requests) {
      expect(r.method).toBe('POST');
      expect(r.path).toBe('/trade-api/v2/portfolio/events/orders');
      expect(verifyRequest(r)).toBe(true);
    }
    expect(res.client_order_id).toBe(bodies[0]!.client_order_id);
    expect(res.fill_count_centi).toBe(200n);
    expect(res.average_fill_price_micros).toBe(560_000n);
  });

  it('create order keeps the caller client_order_id and reports it on failure', async () => {
    srv.handler = () => ({ status: 409, body: { code: 'conflict', message: 'duplicate client_order_id' } });
    const err = await client()
      .createOrder({ ticker: 'KXA-1', side: 'ask', count: '3', price: '0.07', time_in_force: 'immediate_or_cancel', client_order_id: 'mine-1', post_only: false })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KalshiApiError);
    expect((err as KalshiApiError).clientOrderId).toBe('mine-1');
    expect(JSON.parse(srv.requests[0]!.body)).toMatchObject({ client_order_id: 'mine-1', count: '3.00', price: '0.0700', side: 'ask', post_only: false });
    expect(srv.requests).toHaveLength(1);
  });

  it('validates orders locally', async () => {
    const c = client();
    await expect(c.createOrder({ ticker: 'X', side: 'bid', count: 0n, price: '0.5', time_in_force: 'fill_or_kill' })).rejects.toThrow(/count/);
    await expect(c.createOrder({ ticker: 'X', side: 'bid', count: '1', price: '1.00', time_in_force: 'fill_or_kill' })).rejects.toThrow(/price/);
    await expect(c.createOrder({ ticker: 'X', side: 'bid', count: '1', price: 500_001n, time_in_force: 'fill_or_kill' })).rejects.toThrow(/4 decimals/);
    await expect(c.createOrder({ ticker: 'X', side: 'bid', count: '1', price: '0.5', time_in_force: 'immediate_or_cancel', expiration_time: 5 })).rejects.toThrow(/expiration/);
    expect(srv.requests).toHaveLength(0);
  });

  it('cancel order (V2 DELETE, cost 2 from the write bucket)', async () => {
    srv.handler = () => ({ body: { order_id: 'o-1', client_order_id: 'c', reduced_by: '8.00', ts_ms: 5 } });
    // A frozen clock, so the bucket does not refill while we measure.
    const t = Date.now();
    const c = client({ rateLimit: { tier: 'basic' }, clock: { now: () => t, sleep: async () => {} } });
    const before = c.rateLimiter.write.tokens;
    const r = await c.cancelOrder('o-1', { market_ticker: 'KXA-1' });
    expect(r.reduced_by_centi).toBe(800n);
    expect(srv.requests[0]!.method).toBe('DELETE');
    expect(srv.requests[0]!.path).toBe('/trade-api/v2/portfolio/events/orders/o-1');
    expect(srv.requests[0]!.query.get('market_ticker')).toBe('KXA-1');
    expect(before - c.rateLimiter.write.tokens).toBe(2);
    expect(c.rateLimiter.read.tokens).toBe(400);
  });

  it('orders, positions, fills, settlements, limits', async () => {
    const order = {
      order_id: 'o1', user_id: 'u', client_order_id: 'c1', ticker: 'KXA-1', outcome_side: 'yes', book_side: 'bid', type: 'limit', status: 'resting',
      yes_price_dollars: '0.5600', no_price_dollars: '0.4400', fill_count_fp: '0.00', remaining_count_fp: '10.00', initial_count_fp: '10.00',
      taker_fees_dollars: '0.0000', maker_fees_dollars: '0.0000', taker_fill_cost_dollars: '0.0000', maker_fill_cost_dollars: '0.0000', created_time: '2026-10-01T00:00:00Z',
    };
    srv.handler = (r) => {
      switch (r.path.replace('/trade-api/v2', '')) {
        case '/portfolio/orders':
          return { body: { orders: [order, { ...order, order_id: 'o2', remaining_count_fp: 'ten' }], cursor: '' } };
        case '/portfolio/positions':
          return r.query.get('cursor')
            ? { body: { market_positions: [], event_positions: [{ event_ticker: 'E', total_cost_dollars: '1.00', total_cost_shares_fp: '2.00', event_exposure_dollars: '1.00', realized_pnl_dollars: '-0.25', fees_paid_dollars: '0.01' }], cursor: '' } }
            : { body: { market_positions: [{ ticker: 'KXA-1', exchange_index: 0, position_fp: '-3.50', total_traded_dollars: '2.00', market_exposure_dollars: '1.50', realized_pnl_dollars: '0.00', fees_paid_dollars: '0.02', last_updated_ts: '2026-10-01T00:00:00Z' }], event_positions: [], cursor: 'p2' } };
        case '/portfolio/fills':
          return { body: { fills: [{ fill_id: 'f1', trade_id: 'f1', order_id: 'o1', ticker: 'KXA-1', market_ticker: 'KXA-1', exchange_index: 0, outcome_side: 'no', book_side: 'ask', count_fp: '1.25', yes_price_dollars: '0.5600', no_price_dollars: '0.4400', is_taker: true, fee_cost: '0.0123', created_time: '2026-10-01T00:00:00Z' }], cursor: '' } };
        case '/portfolio/settlements':
          return { body: { settlements: [{ ticker: 'KXA-1', event_ticker: 'E', exchange_index: 0, market_result: 'yes', yes_count_fp: '1.00', yes_total_cost_dollars: '0.56', no_count_fp: '0.00', no_total_cost_dollars: '0.00', revenue: 100, settled_time: '2026-10-02T00:00:00Z', fee_cost: '0.01', value: 100 }], cursor: null } };
        case '/account/limits':
          return { body: { usage_tier: 'advanced', read: { refill_rate: 360, bucket_capacity: 1080 }, write: { refill_rate: 360, bucket_capacity: 720 }, grants: [] } };
        default:
          return { status: 404, body: {} };
      }
    };
    const c = client();
    const orders = [];
    for await (const o of c.listOrders({ status: 'resting', event_ticker: ['E1', 'E2'] })) orders.push(o);
    expect(orders.map((o) => o.order_id)).toEqual(['o1']);
    expect(orders[0]!.remaining_count_centi).toBe(1000n);
    expect(srv.requests[0]!.query.get('event_ticker')).toBe('E1,E2');
    const pages = [];
    for await (const p of c.listPositionPages({ count_filter: 'position' })) pages.push(p);
    expect(pages).toHaveLength(2);
    expect(pages[0]!.market_positions[0]!.position_centi).toBe(-350n);
    expect(pages[1]!.event_positions[0]!.realized_pnl_micros).toBe(-250_000n);
    const fills = [];
    for await (const f of c.listFills({ ticker: 'KXA-1' })) fills.push(f);
    expect(fills[0]!.fee_cost_micros).toBe(12_300n);
    const st = [];
    for await (const s of c.listSettlements()) st.push(s);
    expect(st[0]!.revenue_micros).toBe(1_000_000n);
    expect(st[0]!.yes_total_cost_micros).toBe(560_000n);
    const limits = await c.applyAccountLimits();
    expect(limits.usage_tier).toBe('advanced');
    expect(c.rateLimiter.read.refillRate).toBe(360);
    expect(c.rateLimiter.write.capacity).toBe(720);
    for (const r of srv.requests) expect(verifyRequest(r)).toBe(true);
  });
});
