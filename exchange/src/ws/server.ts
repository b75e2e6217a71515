import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Fill } from '../accounts/accounts.ts';
import { verifyRequest } from '../auth/verify.ts';
import type { Engine, LifecycleMsg, TradeRow } from '../engine/exchange.ts';
import type { Faults } from '../faults/faults.ts';
import { ccToFp, iso, microToDollars, pipsToDollars } from '../util/fixed.ts';

export const WS_PATH = '/trade-api/ws/v2';
const CHANNELS = new Set(['orderbook_delta', 'ticker', 'trade', 'fill', 'market_lifecycle_v2', 'market_positions', 'user_orders', 'multivariate_market_lifecycle', 'order_group_updates', 'communications', 'cfbenchmarks_value', 'pyth_value']);
const SUPPORTED = new Set(['orderbook_delta', 'ticker', 'trade', 'fill', 'market_lifecycle_v2']);

interface Sub {
  sid: number;
  channel: string;
  /** null = all markets */
  tickers: Set<string> | null;
  seq: number;
  useYesPrice: boolean;
  books: Map<number, { yes: Map<number, number>; no: Map<number, number> }>;
}

interface Conn {
  ws: WebSocket;
  userId: string;
  subs: Map<number, Sub>;
  nextSid: number;
}

export interface WsHandle {
  close(): void;
  connections(): number;
  dropAll(): void;
}

export function attachWs(server: Server, e: Engine, faults: Faults, opts: { authWindowMs: number; pingMs?: number }): WsHandle {
  const wss = new WebSocketServer({ noServer: true });
  const conns = new Set<Conn>();

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== WS_PATH) {
      socket.write('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    const h = (n: string) => {
      const v = req.headers[n.toLowerCase()];
      return Array.isArray(v) ? v[0] : v;
    };
    const r = verifyRequest(e.keys, { key: h('KALSHI-ACCESS-KEY'), timestamp: h('KALSHI-ACCESS-TIMESTAMP'), signature: h('KALSHI-ACCESS-SIGNATURE') }, 'GET', WS_PATH, { windowMs: opts.authWindowMs });
    if (!r.ok) {
      const body = JSON.stringify({ error: { code: 'authentication_error', message: r.message } });
      socket.write(`HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn: Conn = { ws, userId: r.key.userId, subs: new Map(), nextSid: 1 };
      conns.add(conn);
      ws.on('message', (data) => handle(conn, data.toString()));
      ws.on('close', () => conns.delete(conn));
      ws.on('error', () => conns.delete(conn));
    });
  });

  const send = (c: Conn, msg: unknown) => {
    if (c.ws.readyState === c.ws.OPEN) c.ws.send(JSON.stringify(msg));
  };
  const error = (c: Conn, id: unknown, code: number, msg: string, extra: Record<string, unknown> = {}) =>
    send(c, { id: typeof id === 'number' ? id : undefined, type: 'error', msg: { code, msg, ...extra } });

  const bookMaps = (mkt: number) => {
    const b = e.book(mkt);
    return { yes: new Map(b.yes), no: new Map(b.no) };
  };

  const snapshot = (c: Conn, s: Sub, mkt: number) => {
    const m = e.u.markets[mkt]!;
    const b = bookMaps(mkt);
    s.books.set(mkt, b);
    const lv = (mp: Map<number, number>, no: boolean) =>
      [...mp.entries()].sort((a, b2) => a[0] - b2[0]).map(([p, cc]) => [pipsToDollars(no && s.useYesPrice ? 10000 - p : p), ccToFp(cc)]);
    const msg: Record<string, unknown> = { market_ticker: m.ticker, market_id: m.marketId };
    if (b.yes.size) msg.yes_dollars_fp = lv(b.yes, false);
    if (b.no.size) msg.no_dollars_fp = lv(b.no, true);
    send(c, { type: 'orderbook_snapshot', sid: s.sid, seq: ++s.seq, msg });
  };

  const tickerMsg = (mkt: number, lastCc: number) => {
    const m = e.u.markets[mkt]!;
    const now = e.now();
    const b = e.book(mkt);
    const last = e.lastTrade(mkt, now);
    const vol = e.volumes(mkt);
    const oi = Math.round(vol.total * e.oiFraction(mkt));
    const px = last?.price ?? 0;
    return {
      market_ticker: m.ticker, market_id: m.marketId, price_dollars: pipsToDollars(px),
      yes_bid_dollars: pipsToDollars(b.yes[0]?.[0] ?? 0), yes_ask_dollars: pipsToDollars(b.no[0] ? 10000 - b.no[0][0] : 10000),
      yes_bid_size_fp: ccToFp(b.yes[0]?.[1] ?? 0), yes_ask_size_fp: ccToFp(b.no[0]?.[1] ?? 0),
      last_trade_size_fp: ccToFp(lastCc || last?.cc || 0), volume_fp: ccToFp(vol.total), open_interest_fp: ccToFp(oi),
      dollar_volume: Math.round((vol.total * px) / 1e6), dollar_open_interest: Math.round((oi * px) / 1e6),
      ts: Math.floor(now / 1000), ts_ms: now, time: iso(now),
    };
  };

  function resolveTickers(c: Conn, id: unknown, p: Record<string, unknown>): string[] | null | undefined {
    const list: string[] = [];
    if (typeof p.market_ticker === 'string') list.push(p.market_ticker);
    if (Array.isArray(p.market_tickers)) for (const t of p.market_tickers) if (typeof t === 'string') list.push(t);
    if (list.length === 0) return null;
    for (const t of list) if (!e.u.marketByTicker.has(t)) { error(c, id, 16, 'Market not found', { market_ticker: t }); return undefined; }
    return list;
  }

  function handle(c: Conn, raw: string): void {
    let cmd: Record<string, unknown>;
    try {
      cmd = JSON.parse(raw);
    } catch {
      return error(c, undefined, 1, 'Unable to process message');
    }
    const id = cmd.id;
    const p = cmd.params as Record<string, unknown> | undefined;
    switch (cmd.cmd) {
      case 'subscribe': {
        if (!p || typeof p !== 'object') return error(c, id, 2, 'Params required');
        const chans = p.channels;
        if (!Array.isArray(chans) || chans.length === 0) return error(c, id, 3, 'Channels required');
        for (const ch of chans) if (typeof ch !== 'string' || !CHANNELS.has(ch)) return error(c, id, 8, 'Unknown channel name');
        const tickers = resolveTickers(c, id, p);
        if (tickers === undefined) return;
        for (const ch of chans as string[]) {
          if (!SUPPORTED.has(ch)) { error(c, id, 10, `Channel ${ch} is not supported by the local exchange`); continue; }
          if (ch === 'orderbook_delta' && !tickers) { error(c, id, 14, 'Market Ticker required'); continue; }
          const dup = [...c.subs.values()].find((s) => s.channel === ch && ((s.tickers === null && tickers === null) || (s.tickers !== null && tickers !== null && tickers.every((t) => s.tickers!.has(t)))));
          if (dup) { error(c, id, 6, 'Already subscribed'); continue; }
          const s: Sub = { sid: c.nextSid++, channel: ch, tickers: tickers ? new Set(tickers) : null, seq: 0, useYesPrice: p.use_yes_price === true, books: new Map() };
          c.subs.set(s.sid, s);
          send(c, { id, type: 'subscribed', msg: { channel: ch, sid: s.sid } });
          if (ch === 'orderbook_delta') for (const t of tickers!) snapshot(c, s, e.u.marketByTicker.get(t)!);
          if (ch === 'ticker' && p.send_initial_snapshot === true && tickers) for (const t of tickers) send(c, { type: 'ticker', sid: s.sid, msg: tickerMsg(e.u.marketByTicker.get(t)!, 0) });
        }
        return;
      }
      case 'unsubscribe': {
        const sids = p?.sids;
        if (!Array.isArray(sids) || sids.length === 0) return error(c, id, 4, 'Subscription IDs required');
        for (const sid of sids) {
          const s = c.subs.get(sid as number);
          if (!s) { error(c, id, 7, 'Unknown subscription ID'); continue; }
          c.subs.delete(s.sid);
          send(c, { id, sid: s.sid, seq: s.seq + 1, type: 'unsubscribed' });
        }
        return;
      }
      case 'update_subscription': {
        if (!p) return error(c, id, 2, 'Params required');
        const sids = p.sids !== undefined ? p.sids : p.sid !== undefined ? [p.sid] : [];
        if (!Array.isArray(sids) || sids.length !== 1) return error(c, id, 12, 'Exactly one subscription ID is required');
        const s = c.subs.get(sids[0] as number);
        if (!s) return error(c, id, 7, 'Unknown subscription ID');
        if (!p.action) return error(c, id, 15, 'Action required');
        const tickers = resolveTickers(c, id, p);
        if (tickers === undefined) return;
        if (!tickers) return error(c, id, 14, 'Market Ticker required');
        if (p.action === 'add_markets') {
          if (!s.tickers) s.tickers = new Set();
          for (const t of tickers) {
            s.tickers.add(t);
            if (s.channel === 'orderbook_delta') snapshot(c, s, e.u.marketByTicker.get(t)!);
          }
        } else if (p.action === 'delete_markets') {
          for (const t of tickers) { s.tickers?.delete(t); s.books.delete(e.u.marketByTicker.get(t)!); }
        } else if (p.action === 'get_snapshot') {
          if (s.channel !== 'orderbook_delta') return error(c, id, 13, 'Unsupported action');
          for (const t of tickers) snapshot(c, s, e.u.marketByTicker.get(t)!);
          return;
        } else return error(c, id, 13, 'Unsupported action');
        send(c, { id, sid: s.sid, seq: s.seq, type: 'ok', msg: p.skip_ticker_ack ? {} : { market_tickers: [...(s.tickers ?? [])] } });
        return;
      }
      case 'list_subscriptions':
        send(c, { id, type: 'ok', msg: [...c.subs.values()].map((s) => ({ channel: s.channel, sid: s.sid })) });
        return;
      default:
        error(c, id, 5, 'Unknown command');
    }
  }

  const wants = (s: Sub, ticker: string) => s.tickers === null || s.tickers.has(ticker);

  const onTrade = (r: TradeRow) => {
    if (conns.size === 0) return;
    const m = e.u.markets[r.mkt]!;
    const outcome = r.side === 0 ? 'yes' : 'no';
    let tick: Record<string, unknown> | null = null;
    for (const c of conns) for (const s of c.subs.values()) {
      if (!wants(s, m.ticker)) continue;
      if (s.channel === 'trade') {
        send(c, {
          type: 'trade', sid: s.sid,
          msg: {
            trade_id: r.tradeId, market_ticker: m.ticker, yes_price_dollars: pipsToDollars(r.price), no_price_dollars: pipsToDollars(10000 - r.price),
            count_fp: ccToFp(r.cc), taker_side: outcome, taker_outcome_side: outcome, taker_book_side: r.side === 0 ? 'bid' : 'ask',
            is_block_trade: false, ts: Math.floor(r.tsMs / 1000), ts_ms: r.tsMs,
          },
        });
      } else if (s.channel === 'ticker') {
        tick ??= tickerMsg(r.mkt, r.cc);
        send(c, { type: 'ticker', sid: s.sid, msg: tick });
      }
    }
  };

  const diffBook = (c: Conn, s: Sub, mkt: number, clientOrderId?: string) => {
    const prev = s.books.get(mkt);
    if (!prev) return snapshot(c, s, mkt);
    const cur = bookMaps(mkt);
    const m = e.u.markets[mkt]!;
    const now = e.now();
    for (const side of ['yes', 'no'] as const) {
      const a = prev[side];
      const b = cur[side];
      const prices = new Set([...a.keys(), ...b.keys()]);
      for (const p of [...prices].sort((x, y) => x - y)) {
        const d = (b.get(p) ?? 0) - (a.get(p) ?? 0);
        if (d === 0) continue;
        const msg: Record<string, unknown> = {
          market_ticker: m.ticker, market_id: m.marketId, price_dollars: pipsToDollars(side === 'no' && s.useYesPrice ? 10000 - p : p),
          delta_fp: ccToFp(d), side, ts: iso(now), ts_ms: now,
        };
        if (clientOrderId) msg.client_order_id = clientOrderId;
        send(c, { type: 'orderbook_delta', sid: s.sid, seq: ++s.seq, msg });
      }
    }
    s.books.set(mkt, cur);
  };

  const onBook = (mkt: number, clientOrderId?: string) => {
    const ticker = e.u.markets[mkt]!.ticker;
    let quote: Record<string, unknown> | null = null;
    for (const c of conns) for (const s of c.subs.values()) {
      if (s.channel === 'orderbook_delta' && s.tickers?.has(ticker)) diffBook(c, s, mkt, clientOrderId || undefined);
      // As on Kalshi, a change at the top of the book is published on the ticker channel too.
      if (s.channel === 'ticker' && wants(s, ticker)) send(c, { type: 'ticker', sid: s.sid, msg: (quote ??= tickerMsg(mkt, 0)) });
    }
  };

  let lastBucket = e.bucketNow();
  const onTick = () => {
    const b = e.bucketNow();
    if (b === lastBucket) return;
    lastBucket = b;
    // the synthetic book refreshes each bucket: publish the changes as deltas
    for (const c of conns) for (const s of c.subs.values()) {
      if (s.channel !== 'orderbook_delta' || !s.tickers) continue;
      for (const t of s.tickers) diffBook(c, s, e.u.marketByTicker.get(t)!);
    }
  };

  const onLifecycle = (msg: LifecycleMsg) => {
    const mi = e.u.marketByTicker.get(msg.market_ticker);
    if (mi === undefined || e.u.markets[mi]!.isMve) return;
    for (const c of conns) for (const s of c.subs.values()) {
      if (s.channel === 'market_lifecycle_v2' && wants(s, msg.market_ticker)) send(c, { type: 'market_lifecycle_v2', sid: s.sid, msg });
    }
  };

  const onFill = (userId: string, f: Fill) => {
    const m = e.u.markets[f.mkt]!;
    const outcome = f.side === 'bid' ? 'yes' : 'no';
    for (const c of conns) {
      if (c.userId !== userId) continue;
      for (const s of c.subs.values()) {
        if (s.channel !== 'fill' || !wants(s, m.ticker)) continue;
        send(c, {
          type: 'fill', sid: s.sid,
          msg: {
            trade_id: f.fillId, order_id: f.orderId, market_ticker: m.ticker, exchange_index: m.exchangeIndex, is_taker: f.isTaker,
            side: outcome, yes_price_dollars: pipsToDollars(f.price), count_fp: ccToFp(f.cc), fee_cost: microToDollars(f.feeMicro),
            action: 'buy', outcome_side: outcome, book_side: f.side, ts: Math.floor(f.tsMs / 1000), ts_ms: f.tsMs,
            client_order_id: f.clientOrderId, post_position_fp: ccToFp(f.postPositionCc), purchased_side: outcome,
          },
        });
      }
    }
  };

  e.on('trade', onTrade);
  e.on('book', onBook);
  e.on('tick', onTick);
  e.on('lifecycle', onLifecycle);
  e.on('fill', onFill);

  const dropAll = () => {
    for (const c of conns) c.ws.terminate();
    conns.clear();
  };
  const ping = setInterval(() => {
    for (const c of conns) if (c.ws.readyState === c.ws.OPEN) c.ws.ping('heartbeat');
  }, opts.pingMs ?? 10_000);
  ping.unref?.();
  let sinceDrop = 0;
  const dropper = setInterval(() => {
    const every = faults.cfg.wsDropEverySec;
    if (!every) { sinceDrop = 0; return; }
    sinceDrop += 0.25;
    if (sinceDrop >= every) {
      sinceDrop = 0;
      if (conns.size) faults.counts.wsDrops++;
      dropAll();
    }
  }, 250);
  dropper.unref?.();

  return {
    close() {
      clearInterval(ping);
      clearInterval(dropper);
      e.off('trade', onTrade);
      e.off('book', onBook);
      e.off('tick', onTick);
      e.off('lifecycle', onLifecycle);
      e.off('fill', onFill);
      dropAll();
      wss.close();
    },
    connections: () => conns.size,
    dropAll,
  };
}
