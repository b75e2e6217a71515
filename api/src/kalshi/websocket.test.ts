import { constants, generateKeyPairSync, verify } from 'node:crypto';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKalshiClient, tickerQuote, type KalshiWebSocket, type TradeEvent, type WsOrderbookDelta, type WsOrderbookSnapshot, type WsTicker } from './index.ts';
import { WsTickerSchema } from './schemas.ts';
import { attachFakeWs, type FakeWs } from './testing/fake-ws.ts';
import { recordingLogger, startFakeServer, tradeRecord, type FakeServer } from './testing/fake-server.ts';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const KEY_ID = '0f0e0d0c-0b0a-4909-8807-060504030201';

let srv: FakeServer;
let fws: FakeWs;
let sockets: KalshiWebSocket[] = [];

beforeEach(async () => {
  srv = await startFakeServer();
  fws = attachFakeWs(srv.server);
});
afterEach(async () => {
  for (const s of sockets) await s.close();
  sockets = [];
  await fws.close();
  await srv.close();
});

function ws(opts: Parameters<ReturnType<typeof createKalshiClient>['createWebSocket']>[0] = {}, logger = recordingLogger()) {
  const c = createKalshiClient({ apiBase: srv.apiBase, apiKeyId: KEY_ID, privateKey: PEM, rateLimit: { disabled: true }, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } }, logger);
  const s = c.createWebSocket({ reconnect: { baseDelayMs: 5, maxDelayMs: 20 }, ...opts });
  sockets.push(s);
  return { client: c, socket: s, logger };
}

function wsTrade(id: string, tsMs: number, over: Record<string, unknown> = {}) {
  return {
    trade_id: id,
    market_ticker: 'KXA-1',
    yes_price_dollars: '0.4300',
    no_price_dollars: '0.5700',
    count_fp: '2.50',
    taker_side: 'yes',
    taker_outcome_side: 'yes',
    taker_book_side: 'bid',
    is_block_trade: false,
    ts: Math.floor(tsMs / 1000),
    ts_ms: tsMs,
    ...over,
  };
}

describe('handshake', () => {
  it('signs GET /trade-api/ws/v2 with the three headers', async () => {
    const { socket } = ws();
    await socket.connect();
    const req = fws.handshakes[0]!;
    expect(req.url).toBe('/trade-api/ws/v2');
    const ts = String(req.headers['kalshi-access-timestamp']);
    expect(req.headers['kalshi-access-key']).toBe(KEY_ID);
    const ok = verify(
      'sha256',
      Buffer.from(`${ts}GET/trade-api/ws/v2`),
      { key: rsa.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
      Buffer.from(String(req.headers['kalshi-access-signature']), 'base64'),
    );
    expect(ok).toBe(true);
  });

  it('a rejected handshake surfaces the status only, no secrets', async () => {
    fws.authorize = () => 401;
    const { socket, logger } = ws({ reconnect: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 1 } });
    const errors: Error[] = [];
    socket.on('error', (e) => errors.push(e));
    await expect(socket.connect()).rejects.toThrow(/gave up/);
    expect(errors.some((e) => /HTTP 401/.test(e.message))).toBe(true);
    const dump = inspect(errors, { depth: 10, showHidden: true }) + JSON.stringify(logger.lines);
    expect(dump).not.toContain(KEY_ID);
    expect(dump).not.toContain(String(fws.handshakes[0]!.headers['kalshi-access-signature']));
  });

  it('needs credentials', () => {
    const c = createKalshiClient({ apiBase: srv.apiBase });
    expect(() => c.createWebSocket()).toThrow(/credentials/);
  });
});

describe('channels', () => {
  it('trade (exchange-wide), ticker and lifecycle events are typed and exact; malformed skipped and counted', async () => {
    const { socket, client } = ws();
    const trades: TradeEvent[] = [];
    const tickers: unknown[] = [];
    const lifecycle: unknown[] = [];
    socket.on('trade', (t) => trades.push(t));
    socket.on('ticker', (t) => tickers.push(t));
    socket.on('market_lifecycle', (e) => lifecycle.push(e));
    await socket.connect();
    socket.subscribe({ channels: ['trade', 'ticker', 'market_lifecycle_v2'] });
    await fws.waitFor(() => fws.subs.size === 3);
    const sub = fws.commands.filter((c) => c.cmd === 'subscribe');
    expect(sub.map((c) => c.params)).toEqual([{ channels: ['trade'] }, { channels: ['ticker'] }, { channels: ['market_lifecycle_v2'] }]);
    fws.broadcast('trade', (sid) => ({ type: 'trade', sid, msg: wsTrade('t1', 1_760_000_000_000) }));
    fws.broadcast('trade', (sid) => ({ type: 'trade', sid, msg: wsTrade('t2', 1_760_000_000_500, { count_fp: 'NaN' }) }));
    fws.broadcast('trade', (sid) => ({ type: 'trade', sid, msg: wsTrade('t1', 1_760_000_000_000) })); // duplicate
    fws.broadcast('ticker', (sid) => ({
      type: 'ticker',
      sid,
      msg: { market_ticker: 'KXA-1', market_id: 'm', price_dollars: '0.43', yes_bid_dollars: '0.42', yes_ask_dollars: '0.44', yes_bid_size_fp: '1.00', yes_ask_size_fp: '2.00', last_trade_size_fp: '2.50', volume_fp: '100.00', open_interest_fp: '50.00', dollar_volume: 43, dollar_open_interest: 21, ts: 1, ts_ms: 1000, time: '2026-01-01T00:00:00Z' },
    }));
    fws.broadcast('market_lifecycle_v2', (sid) => ({ type: 'market_lifecycle_v2', sid, msg: { event_type: 'created', market_ticker: 'KXA-2', open_ts: 1, close_ts: 2, price_level_structure: 'deci_cent', price_ranges: [{ start: '0.0000', end: '1.0000', step: '0.0010' }] } }));
    fws.broadcast('market_lifecycle_v2', (sid) => ({ type: 'event_lifecycle', sid, msg: { event_ticker: 'E', title: 'x', subtitle: '', collateral_return_type: '', series_ticker: 'S', exchange_index: 0 } }));
    await fws.waitFor(() => lifecycle.length === 1 && tickers.length === 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({ trade_id: 't1', market_ticker: 'KXA-1', count_centi: 250n, yes_price_micros: 430_000n, ts_ms: 1_760_000_000_000, source: 'ws' });
    expect(tickers[0]).toMatchObject({ yes_bid_micros: 420_000n, volume_centi: 10_000n });
    expect(lifecycle[0]).toMatchObject({ event_type: 'created', market_ticker: 'KXA-2' });
    expect(client.stats.malformed['ws trade']).toBe(1);
    expect(client.stats.duplicatesDropped).toBe(1);
  });

  it('orderbook: snapshot then deltas; a seq gap resubscribes for a fresh snapshot and ignores the stale sid', async () => {
    const { socket } = ws();
    const events: [string, unknown, number | undefined][] = [];
    socket.on('orderbook_snapshot', (s: WsOrderbookSnapshot, i) => events.push(['snapshot', s.yes.map((l) => l.count_centi), i.seq]));
    socket.on('orderbook_delta', (d: WsOrderbookDelta, i) => events.push(['delta', d.delta_centi, i.seq]));
    const gaps: unknown[] = [];
    socket.on('gap', (g) => gaps.push(g));
    let snapshots = 0;
    fws.onSubscribe = (sid, channel, w) => {
      if (channel !== 'orderbook_delta') return;
      snapshots++;
      fws.send(w, { type: 'orderbook_snapshot', sid, seq: 1, msg: { market_ticker: 'KXA-1', market_id: 'm', yes_dollars_fp: [['0.4100', snapshots === 1 ? '10.00' : '99.00']] } });
    };
    await socket.connect();
    expect(() => socket.subscribe({ channels: ['orderbook_delta'] })).toThrow(/market_tickers/);
    socket.subscribe({ channels: ['orderbook_delta'], market_tickers: ['KXA-1'], use_yes_price: true });
    await fws.waitFor(() => events.length === 1);
    expect(fws.commands[0]!.params).toEqual({ channels: ['orderbook_delta'], market_tickers: ['KXA-1'], use_yes_price: true });
    const sid1 = [...fws.subs.keys()][0]!;
    const delta = (seq: number, d: string) => ({ type: 'orderbook_delta', sid: sid1, seq, msg: { market_ticker: 'KXA-1', market_id: 'm', price_dollars: '0.4100', delta_fp: d, side: 'yes', ts_ms: 5 } });
    const w = [...fws.sockets][0]!;
    fws.send(w, delta(2, '-2.50'));
    fws.send(w, delta(4, '1.00')); // seq 3 lost
    await fws.waitFor(() => snapshots === 2 && events.length === 3);
    fws.send(w, delta(5, '7.00')); // stale sid: must be ignored
    await new Promise((r) => setTimeout(r, 30));
    expect(gaps).toEqual([{ channel: 'orderbook_delta', sid: sid1, expected: 3, received: 4 }]);
    expect(events).toEqual([
      ['snapshot', [1000n], 1],
      ['delta', -250n, 2],
      ['snapshot', [9900n], 1],
    ]);
    const cmds = fws.commands.map((c) => c.cmd);
    expect(cmds).toEqual(['subscribe', 'unsubscribe', 'subscribe']);
  });

  it('a delta before any snapshot counts as a gap', async () => {
    const { socket } = ws();
    const gaps: unknown[] = [];
    socket.on('gap', (g) => gaps.push(g));
    fws.onSubscribe = (sid, _c, w) => {
      if (gaps.length === 0) fws.send(w, { type: 'orderbook_delta', sid, seq: 2, msg: { market_ticker: 'KXA-1', market_id: 'm', price_dollars: '0.41', delta_fp: '1.00', side: 'no' } });
    };
    await socket.connect();
    socket.subscribe({ channels: ['orderbook_delta'], market_tickers: ['KXA-1'] });
    await fws.waitFor(() => gaps.length === 1 && fws.commands.length === 3);
  });

  it('server error codes 10/17/25 trigger a resubscribe', async () => {
    const { socket } = ws();
    const errs: unknown[] = [];
    socket.on('server_error', (e) => errs.push(e));
    await socket.connect();
    socket.subscribe({ channels: ['trade'] });
    await fws.waitFor(() => fws.subs.size === 1);
    const [sid] = [...fws.subs.keys()];
    fws.send([...fws.sockets][0]!, { type: 'error', sid, msg: { code: 25, msg: 'Subscription buffer overflow' } });
    await fws.waitFor(() => fws.commands.filter((c) => c.cmd === 'subscribe').length === 2);
    expect(errs).toEqual([{ code: 25, msg: 'Subscription buffer overflow', sid }]);
  });
});

describe('ticker quotes', () => {
  const ticker = (over: Record<string, string>): WsTicker =>
    WsTickerSchema.parse({ market_ticker: 'KXA-1', price_dollars: '0.4300', yes_bid_dollars: '0.4200', yes_ask_dollars: '0.4400', yes_bid_size_fp: '1.00', yes_ask_size_fp: '2.00', volume_fp: '100.00', open_interest_fp: '50.00', ts_ms: 1000, ...over });

  it('a two-sided quote is read as sent', () => {
    expect(tickerQuote(ticker({}))).toEqual({ bidMicros: 420_000n, askMicros: 440_000n });
  });

  it('an empty side (0.0000 bid or 1.0000 ask with zero size) is no quote, as in the REST book', () => {
    expect(tickerQuote(ticker({ yes_bid_dollars: '0.0000', yes_bid_size_fp: '0.00' }))).toEqual({ bidMicros: null, askMicros: 440_000n });
    expect(tickerQuote(ticker({ yes_ask_dollars: '1.0000', yes_ask_size_fp: '0.00' }))).toEqual({ bidMicros: 420_000n, askMicros: null });
    expect(tickerQuote(ticker({ yes_bid_dollars: '0.0000', yes_bid_size_fp: '0.00', yes_ask_dollars: '1.0000', yes_ask_size_fp: '0.00' }))).toEqual({ bidMicros: null, askMicros: null });
    // Kalshi's sentinels are inconsistent: either sign alone marks the side empty.
    expect(tickerQuote(ticker({ yes_bid_dollars: '0.0000' }))).toEqual({ bidMicros: null, askMicros: 440_000n });
    expect(tickerQuote(ticker({ yes_ask_size_fp: '0.00' }))).toEqual({ bidMicros: 420_000n, askMicros: null });
  });
});

describe('resilience', () => {
  it('a dropped connection reconnects, resubscribes and fills the trade gap over REST without duplicates', async () => {
    // The "exchange": trades t1..t6, t3..t5 happen while the client is disconnected.
    const base = 1_760_000_000_000;
    const all = [1, 2, 3, 4, 5, 6].map((i) => ({ id: `t${i}`, ms: base + i * 1000 }));
    srv.handler = (r) => {
      if (r.path !== '/trade-api/v2/markets/trades') return { status: 404, body: {} };
      const minTs = Number(r.query.get('min_ts'));
      // newest first, like Kalshi; includes t2 (already seen) and t6 (also sent live) to test de-duplication
      const rows = all.filter((t) => t.ms / 1000 >= minTs).reverse().map((t) => tradeRecord(t.id, { ticker: 'KXA-1', created_time: new Date(t.ms).toISOString() }));
      const cursor = r.query.get('cursor');
      return cursor ? { body: { trades: rows.slice(2), cursor: '' } } : { body: { trades: rows.slice(0, 2), cursor: 'next' } };
    };
    const { socket } = ws();
    const got: TradeEvent[] = [];
    socket.on('trade', (t) => got.push(t));
    const reconnected: unknown[] = [];
    socket.on('reconnected', (i) => reconnected.push(i));
    const backfills: { trades: number }[] = [];
    socket.on('backfill', (b) => backfills.push(b));
    await socket.connect();
    socket.subscribe({ channels: ['trade'] });
    await fws.waitFor(() => fws.subs.size === 1);
    fws.broadcast('trade', (sid) => ({ type: 'trade', sid, msg: wsTrade('t1', all[0]!.ms) }));
    fws.broadcast('trade', (sid) => ({ type: 'trade', sid, msg: wsTrade('t2', all[1]!.ms) }));
    await fws.waitFor(() => got.length === 2);
    // Server drops everyone; on resubscribe it immediately streams t6 live.
    fws.onSubscribe = (sid, channel, w) => {
      if (channel === 'trade') fws.send(w, { type: 'trade', sid, msg: wsTrade('t6', all[5]!.ms) });
    };
    for (const s of fws.sockets) s.terminate();
    await fws.waitFor(() => backfills.length === 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(reconnected).toHaveLength(1);
    expect(got.map((t) => t.trade_id)).toEqual(['t1', 't2', 't3', 't4', 't5', 't6']);
    // t6 arrived both live (buffered during the backfill) and over REST: emitted once, in time order.
    expect(got.map((t) => t.source).slice(0, 5)).toEqual(['ws', 'ws', 'rest', 'rest', 'rest']);
    expect(backfills[0]!.trades).toBeGreaterThanOrEqual(3);
    // backfill asked for trades since the last seen one (t2), exchange-wide
    const q = srv.requests[0]!.query;
    expect(Number(q.get('min_ts'))).toBeLessThanOrEqual(Math.floor(all[1]!.ms / 1000));
    expect(q.has('ticker')).toBe(false);
    expect(fws.commands.filter((c) => c.cmd === 'subscribe')).toHaveLength(2);
  });

  it('answers server pings and detects a dead connection by heartbeat timeout', async () => {
    const { socket } = ws({ heartbeatTimeoutMs: 150, pingIntervalMs: 40 });
    const closes: unknown[] = [];
    socket.on('close', (c) => closes.push(c));
    await socket.connect();
    const server = [...fws.sockets][0]!;
    let pongs = 0;
    server.on('pong', (d) => {
      if (d.toString() === 'heartbeat') pongs++;
    });
    server.ping('heartbeat');
    await fws.waitFor(() => pongs === 1);
    // Go silent: stop reading from the socket, so the client's pings are never answered.
    (server as unknown as { _socket: { pause(): void } })._socket.pause();
    await fws.waitFor(() => closes.length === 1, 2000);
    await fws.waitFor(() => fws.handshakes.length === 2 && socket.connected, 2000);
  });

  it('close() stops reconnecting', async () => {
    const { socket } = ws();
    await socket.connect();
    await socket.close();
    await new Promise((r) => setTimeout(r, 60));
    expect(fws.handshakes).toHaveLength(1);
    expect(socket.connected).toBe(false);
  });
});
