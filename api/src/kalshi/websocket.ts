/**
 * WebSocket client for Kalshi's market-data channels (asyncapi.yaml, NOTES §6):
 * `trade`, `ticker`, `orderbook_delta` (snapshot + deltas) and `market_lifecycle_v2` (+ event lifecycle).
 *
 * - Signed handshake: the three KALSHI-ACCESS-* headers over `GET` + the URL path (`/trade-api/ws/v2`).
 * - Heartbeat: `ws` answers Kalshi's pings automatically; we also ping ourselves and treat a connection as
 *   dead when neither a ping, a pong nor a message arrived for `heartbeatTimeoutMs`.
 * - `seq` gap detection per subscription: on a gap the subscription is dropped and re-subscribed, which
 *   brings a fresh `orderbook_snapshot` (emits `gap`, then `orderbook_snapshot`).
 * - Reconnect with jittered exponential backoff, then re-subscribe everything. With `tradeBackfill` the
 *   trades missed while disconnected are fetched over REST and emitted (`source: 'rest'`) before/among live
 *   ones; trade ids are de-duplicated over a bounded window so nothing is emitted twice.
 * - Every message body is validated like a REST record; malformed ones are skipped and counted
 *   (`stats.malformed["ws <type>"]`).
 */
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import type { z } from 'zod';
import { KalshiError } from './errors.ts';
import { backoffDelay } from '../lib/retry.ts';
import { silentLogger, type Logger } from './logger.ts';
import { parseRecord, RecentIds } from './records.ts';
import {
  WsEventFeeUpdateSchema,
  WsEventLifecycleSchema,
  WsMarketLifecycleSchema,
  WsOrderbookDeltaSchema,
  WsOrderbookSnapshotSchema,
  WsTickerSchema,
  WsTradeSchema,
  type Trade,
  type WsEventFeeUpdate,
  type WsEventLifecycle,
  type WsMarketLifecycle,
  type WsOrderbookDelta,
  type WsOrderbookSnapshot,
  type WsTicker,
} from './schemas.ts';
import type { KalshiSigner } from './signing.ts';
import { KalshiStats } from './stats.ts';

export type WsChannel = 'trade' | 'ticker' | 'orderbook_delta' | 'market_lifecycle_v2';

export interface SubscribeParams {
  channels: readonly WsChannel[];
  /** Markets to follow; omit for the whole exchange (`trade`, `ticker`). Required for `orderbook_delta`. */
  market_tickers?: readonly string[];
  /** `ticker` channel: send an initial snapshot for the listed markets. */
  send_initial_snapshot?: boolean;
  /** `orderbook_delta`: report NO-side levels on the YES price scale. */
  use_yes_price?: boolean;
  skip_ticker_ack?: boolean;
}

/** A trade from the live stream or from REST backfill, in one shape. */
export interface TradeEvent {
  trade_id: string;
  market_ticker: string;
  yes_price_dollars: string;
  no_price_dollars: string;
  count_fp: string;
  yes_price_micros: bigint;
  no_price_micros: bigint;
  count_centi: bigint;
  taker_outcome_side: 'yes' | 'no';
  taker_book_side: 'bid' | 'ask';
  is_block_trade: boolean;
  /** Unix ms. */
  ts_ms: number;
  source: 'ws' | 'rest';
}

export interface SeqInfo {
  sid: number;
  seq: number | undefined;
}

export interface KalshiWsEvents {
  open: [];
  close: [info: { code: number; reason: string; willReconnect: boolean }];
  reconnecting: [info: { attempt: number; delayMs: number }];
  reconnected: [info: { attempt: number; downtimeMs: number }];
  subscribed: [info: { channel: WsChannel; sid: number; market_tickers?: readonly string[] }];
  trade: [trade: TradeEvent];
  ticker: [ticker: WsTicker, info: SeqInfo];
  orderbook_snapshot: [snapshot: WsOrderbookSnapshot, info: SeqInfo];
  orderbook_delta: [delta: WsOrderbookDelta, info: SeqInfo];
  market_lifecycle: [event: WsMarketLifecycle, info: SeqInfo];
  event_lifecycle: [event: WsEventLifecycle, info: SeqInfo];
  event_fee_update: [event: WsEventFeeUpdate, info: SeqInfo];
  gap: [info: { channel: WsChannel; sid: number; expected: number; received: number }];
  backfill: [info: { trades: number; sinceMs: number }];
  server_error: [info: { code: number; msg: string; id?: number; sid?: number }];
  error: [err: Error];
}

export interface KalshiWebSocketOptions {
  url: string;
  signer: KalshiSigner;
  logger?: Logger;
  stats?: KalshiStats;
  reconnect?: { baseDelayMs?: number; maxDelayMs?: number; maxAttempts?: number };
  /** No ping/pong/message for this long ⇒ the connection is dead. Default 30 s (Kalshi pings every 10 s). */
  heartbeatTimeoutMs?: number;
  /** Client ping interval. Default 10 s. */
  pingIntervalMs?: number;
  /** REST source for trades missed while disconnected (the client wires `listTrades`). */
  tradeBackfill?: (q: { min_ts: number; ticker?: string }) => AsyncIterable<Trade>;
  /** Trade ids remembered for de-duplication. Default 20 000. */
  dedupeWindow?: number;
  random?: () => number;
  /** Extra `ws` options (e.g. `perMessageDeflate`). */
  wsOptions?: WebSocket.ClientOptions;
}

interface SubEntry {
  key: number;
  channel: WsChannel;
  params: Omit<SubscribeParams, 'channels'>;
  sid: number | undefined;
  cmdId: number | undefined;
  lastSeq: number | undefined;
  active: boolean;
}

export interface Subscription {
  readonly channels: readonly WsChannel[];
  unsubscribe(): void;
}

const TERMINAL_ERROR_CODES = new Set([10, 17, 18, 25]);

export class KalshiWebSocket extends EventEmitter<KalshiWsEvents> {
  readonly url: string;
  readonly stats: KalshiStats;
  readonly #opts: KalshiWebSocketOptions;
  readonly #logger: Logger;
  readonly #random: () => number;
  #ws: WebSocket | undefined;
  #closedByUser = false;
  #attempt = 0;
  #nextCmdId = 1;
  #nextKey = 1;
  readonly #subs = new Map<number, SubEntry>();
  readonly #bySid = new Map<number, SubEntry>();
  readonly #byCmd = new Map<number, SubEntry>();
  readonly #recentTrades: RecentIds;
  #lastTradeMs: number | undefined;
  #disconnectedAt: number | undefined;
  #lastSeen = 0;
  #heartbeat: NodeJS.Timeout | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #connectWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  #everConnected = false;
  /** While a REST backfill runs, live trades wait here so trades are emitted in time order. */
  #pendingLive: TradeEvent[] | undefined;

  constructor(opts: KalshiWebSocketOptions) {
    super();
    if (!opts.signer) throw new KalshiError('the Kalshi WebSocket needs API credentials (the handshake is always signed)');
    this.url = opts.url;
    this.#opts = opts;
    this.#logger = opts.logger ?? silentLogger;
    this.stats = opts.stats ?? new KalshiStats();
    this.#random = opts.random ?? Math.random;
    this.#recentTrades = new RecentIds(opts.dedupeWindow ?? 20_000);
  }

  get connected(): boolean {
    return this.#ws?.readyState === WebSocket.OPEN;
  }

  /** Opens the connection (resolves on the first successful open; keeps reconnecting after that). */
  connect(): Promise<void> {
    this.#closedByUser = false;
    const p = new Promise<void>((resolve, reject) => this.#connectWaiters.push({ resolve, reject }));
    if (!this.#ws && !this.#reconnectTimer) this.#open();
    else if (this.connected) this.#settleConnect();
    return p;
  }

  /** Closes for good (no reconnect). */
  async close(): Promise<void> {
    this.#closedByUser = true;
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    this.#stopHeartbeat();
    const ws = this.#ws;
    this.#ws = undefined;
    for (const w of this.#connectWaiters.splice(0)) w.reject(new KalshiError('WebSocket closed'));
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      try {
        ws.close(1000, 'client closing');
      } catch {
        resolve();
      }
      setTimeout(() => {
        ws.terminate();
        resolve();
      }, 1000).unref();
    });
  }

  /** Subscribes (one server subscription per channel); re-sent automatically after reconnects and gaps. */
  subscribe(params: SubscribeParams): Subscription {
    if (params.channels.length === 0) throw new KalshiError('subscribe: at least one channel');
    const { channels, ...rest } = params;
    if (channels.includes('orderbook_delta') && !(rest.market_tickers && rest.market_tickers.length > 0)) {
      throw new KalshiError('subscribe: orderbook_delta needs market_tickers');
    }
    const entries: SubEntry[] = channels.map((channel) => ({
      key: this.#nextKey++,
      channel,
      params: { ...rest, market_tickers: rest.market_tickers ? [...rest.market_tickers] : undefined },
      sid: undefined,
      cmdId: undefined,
      lastSeq: undefined,
      active: true,
    }));
    for (const e of entries) {
      this.#subs.set(e.key, e);
      if (this.connected) this.#sendSubscribe(e);
    }
    return {
      channels: [...channels],
      unsubscribe: () => {
        for (const e of entries) this.#dropEntry(e);
      },
    };
  }

  /** Simulates a dead connection (tests, manual recovery): terminates the socket and reconnects. */
  terminate(): void {
    this.#ws?.terminate();
  }

  // ---------------------------------------------------------------------------------------------------

  #dropEntry(e: SubEntry): void {
    e.active = false;
    this.#subs.delete(e.key);
    if (e.cmdId !== undefined) this.#byCmd.delete(e.cmdId);
    if (e.sid !== undefined) {
      this.#bySid.delete(e.sid);
      this.#send({ id: this.#nextCmdId++, cmd: 'unsubscribe', params: { sids: [e.sid] } });
    }
    e.sid = undefined;
  }

  #settleConnect(): void {
    for (const w of this.#connectWaiters.splice(0)) w.resolve();
  }

  #open(): void {
    const path = new URL(this.url).pathname;
    const headers = this.#opts.signer.headers('GET', path);
    const ws = new WebSocket(this.url, { ...this.#opts.wsOptions, headers: { ...headers } });
    this.#ws = ws;
    this.#nextCmdId = 1;
    this.#byCmd.clear();
    this.#bySid.clear();
    for (const e of this.#subs.values()) {
      e.sid = undefined;
      e.cmdId = undefined;
      e.lastSeq = undefined;
    }

    ws.on('open', () => {
      if (this.#ws !== ws) return;
      const wasReconnect = this.#everConnected;
      const attempt = this.#attempt;
      this.#everConnected = true;
      this.#attempt = 0;
      this.#lastSeen = Date.now();
      this.#startHeartbeat(ws);
      this.#logger.info({ url: this.url, reconnect: wasReconnect }, 'kalshi ws: connected');
      this.emit('open');
      for (const e of this.#subs.values()) this.#sendSubscribe(e);
      this.#settleConnect();
      if (wasReconnect) {
        const downtimeMs = this.#disconnectedAt !== undefined ? Date.now() - this.#disconnectedAt : 0;
        this.emit('reconnected', { attempt, downtimeMs });
        void this.#backfillTrades();
      }
    });
    ws.on('message', (data, isBinary) => {
      if (this.#ws !== ws) return;
      this.#lastSeen = Date.now();
      if (isBinary) return;
      this.#onMessage(data.toString());
    });
    ws.on('ping', () => {
      this.#lastSeen = Date.now();
    });
    ws.on('pong', () => {
      this.#lastSeen = Date.now();
    });
    ws.on('unexpected-response', (_req, res) => {
      // e.g. 401 on a bad signature. Only the status goes into the error, never the request headers.
      const status = res.statusCode ?? 0;
      res.resume();
      this.#fail(new KalshiError(`Kalshi WebSocket handshake rejected with HTTP ${status}`));
      ws.terminate();
    });
    ws.on('error', (err) => {
      this.#fail(new KalshiError(`Kalshi WebSocket error: ${sanitizeWsError(err)}`));
    });
    ws.on('close', (code, reasonBuf) => {
      if (this.#ws !== ws) return;
      this.#stopHeartbeat();
      this.#ws = undefined;
      if (this.#everConnected) this.#disconnectedAt ??= Date.now();
      const willReconnect = !this.#closedByUser;
      this.emit('close', { code, reason: reasonBuf.toString().slice(0, 200), willReconnect });
      if (willReconnect) this.#scheduleReconnect();
    });
  }

  #fail(err: Error): void {
    this.#logger.warn({ url: this.url, err: err.message }, 'kalshi ws: error');
    if (this.listenerCount('error') > 0) this.emit('error', err);
  }

  #scheduleReconnect(): void {
    const r = this.#opts.reconnect ?? {};
    const max = r.maxAttempts ?? Number.POSITIVE_INFINITY;
    if (this.#attempt >= max) {
      const err = new KalshiError(`Kalshi WebSocket gave up after ${this.#attempt} reconnect attempts`);
      for (const w of this.#connectWaiters.splice(0)) w.reject(err);
      this.#fail(err);
      return;
    }
    const delayMs = backoffDelay(this.#attempt, { baseDelayMs: r.baseDelayMs ?? 500, maxDelayMs: r.maxDelayMs ?? 30_000 }, this.#random);
    this.#attempt++;
    this.emit('reconnecting', { attempt: this.#attempt, delayMs });
    this.#logger.info({ attempt: this.#attempt, delayMs }, 'kalshi ws: reconnecting');
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (!this.#closedByUser) this.#open();
    }, delayMs);
  }

  #startHeartbeat(ws: WebSocket): void {
    this.#stopHeartbeat();
    const timeout = this.#opts.heartbeatTimeoutMs ?? 30_000;
    const pingEvery = this.#opts.pingIntervalMs ?? 10_000;
    let lastPing = Date.now();
    const tick = Math.max(5, Math.min(timeout / 3, pingEvery / 2));
    this.#heartbeat = setInterval(() => {
      const now = Date.now();
      if (now - this.#lastSeen > timeout) {
        this.#logger.warn({ silentMs: now - this.#lastSeen }, 'kalshi ws: heartbeat lost; reconnecting');
        ws.terminate();
        return;
      }
      if (now - lastPing >= pingEvery && ws.readyState === WebSocket.OPEN) {
        lastPing = now;
        try {
          ws.ping();
        } catch {
          /* closing */
        }
      }
    }, tick);
    this.#heartbeat.unref();
  }

  #stopHeartbeat(): void {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  #send(obj: unknown): void {
    const ws = this.#ws;
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(obj));
  }

  #sendSubscribe(e: SubEntry): void {
    const id = this.#nextCmdId++;
    e.cmdId = id;
    e.sid = undefined;
    e.lastSeq = undefined;
    this.#byCmd.set(id, e);
    const params: Record<string, unknown> = { channels: [e.channel] };
    const p = e.params;
    if (p.market_tickers && p.market_tickers.length > 0) params.market_tickers = p.market_tickers;
    if (p.send_initial_snapshot !== undefined && e.channel === 'ticker') params.send_initial_snapshot = p.send_initial_snapshot;
    if (p.use_yes_price !== undefined && e.channel === 'orderbook_delta') params.use_yes_price = p.use_yes_price;
    if (p.skip_ticker_ack !== undefined) params.skip_ticker_ack = p.skip_ticker_ack;
    this.#send({ id, cmd: 'subscribe', params });
  }

  /** Drops the server subscription and subscribes again (fresh snapshot, fresh seq). */
  #resubscribe(e: SubEntry): void {
    if (e.sid !== undefined) {
      this.#bySid.delete(e.sid);
      this.#send({ id: this.#nextCmdId++, cmd: 'unsubscribe', params: { sids: [e.sid] } });
    }
    if (e.cmdId !== undefined) this.#byCmd.delete(e.cmdId);
    this.#sendSubscribe(e);
  }

  #onMessage(text: string): void {
    let m: { type?: unknown; id?: unknown; sid?: unknown; seq?: unknown; msg?: unknown };
    try {
      m = JSON.parse(text) as typeof m;
    } catch {
      this.stats.countMalformed('ws (not json)');
      return;
    }
    if (!m || typeof m !== 'object') return;
    const type = typeof m.type === 'string' ? m.type : '';
    const sid = typeof m.sid === 'number' ? m.sid : undefined;
    const seq = typeof m.seq === 'number' ? m.seq : undefined;

    switch (type) {
      case 'subscribed': {
        const msg = (m.msg ?? {}) as { channel?: unknown; sid?: unknown };
        const id = typeof m.id === 'number' ? m.id : undefined;
        const e = id !== undefined ? this.#byCmd.get(id) : undefined;
        if (!e || typeof msg.sid !== 'number') return;
        this.#byCmd.delete(id!);
        if (!e.active) {
          this.#send({ id: this.#nextCmdId++, cmd: 'unsubscribe', params: { sids: [msg.sid] } });
          return;
        }
        e.sid = msg.sid;
        e.lastSeq = undefined;
        this.#bySid.set(msg.sid, e);
        this.emit('subscribed', { channel: e.channel, sid: msg.sid, ...(e.params.market_tickers ? { market_tickers: e.params.market_tickers } : {}) });
        return;
      }
      case 'unsubscribed':
      case 'ok':
      case 'list_subscriptions':
        return;
      case 'error': {
        const msg = (m.msg ?? {}) as { code?: unknown; msg?: unknown };
        const code = typeof msg.code === 'number' ? msg.code : 0;
        const id = typeof m.id === 'number' ? m.id : undefined;
        const info = { code, msg: typeof msg.msg === 'string' ? msg.msg.slice(0, 300) : '', ...(id !== undefined ? { id } : {}), ...(sid !== undefined ? { sid } : {}) };
        this.#logger.warn(info, 'kalshi ws: server error');
        this.emit('server_error', info);
        const e = (id !== undefined ? this.#byCmd.get(id) : undefined) ?? (sid !== undefined ? this.#bySid.get(sid) : undefined);
        if (e && e.active && TERMINAL_ERROR_CODES.has(code)) {
          const delay = backoffDelay(0, { baseDelayMs: this.#opts.reconnect?.baseDelayMs ?? 500, maxDelayMs: 5000 }, this.#random);
          setTimeout(() => {
            if (e.active && this.connected) this.#resubscribe(e);
          }, delay).unref();
        }
        return;
      }
      default:
        break;
    }

    if (sid === undefined) return;
    const e = this.#bySid.get(sid);
    if (!e) return; // a subscription we dropped, or a stale sid after a resubscribe

    // seq gap detection (orderbook channel always carries seq; any channel that does is checked).
    if (seq !== undefined) {
      if (type === 'orderbook_snapshot') {
        e.lastSeq = seq;
      } else if (e.lastSeq === undefined) {
        if (e.channel === 'orderbook_delta') {
          // A delta before any snapshot: we cannot build a book from it.
          this.#gap(e, 1, seq);
          return;
        }
        e.lastSeq = seq;
      } else if (seq !== e.lastSeq + 1) {
        this.#gap(e, e.lastSeq + 1, seq);
        return;
      } else {
        e.lastSeq = seq;
      }
    }
    const info: SeqInfo = { sid, seq };
    const body = m.msg;
    switch (type) {
      case 'trade': {
        const t = parseRecord(this, `ws trade`, WsTradeSchema, body);
        if (!t) return;
        if (this.#pendingLive) this.#pendingLive.push(fromWsTrade(t));
        else this.#emitTrade(fromWsTrade(t));
        return;
      }
      case 'ticker':
        return this.#emitParsed('ticker', WsTickerSchema, body, info);
      case 'orderbook_snapshot':
        return this.#emitParsed('orderbook_snapshot', WsOrderbookSnapshotSchema, body, info);
      case 'orderbook_delta':
        return this.#emitParsed('orderbook_delta', WsOrderbookDeltaSchema, body, info);
      case 'market_lifecycle_v2':
        return this.#emitParsed('market_lifecycle', WsMarketLifecycleSchema, body, info);
      case 'event_lifecycle':
        return this.#emitParsed('event_lifecycle', WsEventLifecycleSchema, body, info);
      case 'event_fee_update':
        return this.#emitParsed('event_fee_update', WsEventFeeUpdateSchema, body, info);
      default:
        return;
    }
  }

  // parseRecord needs { stats, logger }
  get logger(): Logger {
    return this.#logger;
  }

  #emitParsed<E extends 'ticker' | 'orderbook_snapshot' | 'orderbook_delta' | 'market_lifecycle' | 'event_lifecycle' | 'event_fee_update'>(
    event: E,
    schema: z.ZodType,
    body: unknown,
    info: SeqInfo,
  ): void {
    const rec = parseRecord(this, `ws ${event}`, schema, body);
    if (rec !== null) (this.emit as (e: string, ...a: unknown[]) => boolean)(event, rec, info);
  }

  #gap(e: SubEntry, expected: number, received: number): void {
    const sid = e.sid ?? -1;
    this.#logger.warn({ channel: e.channel, sid, expected, received }, 'kalshi ws: sequence gap; resubscribing for a fresh snapshot');
    this.emit('gap', { channel: e.channel, sid, expected, received });
    this.#resubscribe(e);
  }

  #emitTrade(t: TradeEvent): void {
    if (this.#recentTrades.has(t.trade_id)) {
      this.stats.duplicatesDropped++;
      return;
    }
    this.#recentTrades.add(t.trade_id);
    if (this.#lastTradeMs === undefined || t.ts_ms > this.#lastTradeMs) this.#lastTradeMs = t.ts_ms;
    this.emit('trade', t);
  }

  /** After a reconnect: fetch trades since the last one seen (or since the disconnect) and emit the missing ones. */
  async #backfillTrades(): Promise<void> {
    const source = this.#opts.tradeBackfill;
    const sinceMs = this.#lastTradeMs ?? this.#disconnectedAt;
    this.#disconnectedAt = undefined;
    if (!source || sinceMs === undefined) return;
    const tradeSubs = [...this.#subs.values()].filter((e) => e.channel === 'trade');
    if (tradeSubs.length === 0) return;
    const wholeTape = tradeSubs.some((e) => !e.params.market_tickers || e.params.market_tickers.length === 0);
    const tickers = wholeTape ? [undefined] : [...new Set(tradeSubs.flatMap((e) => e.params.market_tickers ?? []))];
    const min_ts = Math.floor(sinceMs / 1000) - 1;
    const missed: TradeEvent[] = [];
    this.#pendingLive = [];
    try {
      for (const ticker of tickers) {
        for await (const t of source({ min_ts, ...(ticker ? { ticker } : {}) })) {
          if (!this.#recentTrades.has(t.trade_id)) missed.push(fromRestTrade(t));
        }
      }
    } catch (err) {
      this.#fail(new KalshiError(`trade backfill failed: ${(err as Error).message}`));
    }
    missed.sort((a, b) => a.ts_ms - b.ts_ms);
    let n = 0;
    for (const t of missed) {
      if (this.#recentTrades.has(t.trade_id)) continue;
      this.#emitTrade(t);
      n++;
    }
    const live = this.#pendingLive;
    this.#pendingLive = undefined;
    for (const t of live) this.#emitTrade(t);
    this.#logger.info({ trades: n, sinceMs }, 'kalshi ws: trade backfill done');
    this.emit('backfill', { trades: n, sinceMs });
  }
}

function fromWsTrade(t: z.output<typeof WsTradeSchema>): TradeEvent {
  return {
    trade_id: t.trade_id,
    market_ticker: t.market_ticker,
    yes_price_dollars: t.yes_price_dollars,
    no_price_dollars: t.no_price_dollars,
    count_fp: t.count_fp,
    yes_price_micros: t.yes_price_micros,
    no_price_micros: t.no_price_micros,
    count_centi: t.count_centi,
    taker_outcome_side: t.taker_outcome_side,
    taker_book_side: t.taker_book_side,
    is_block_trade: t.is_block_trade ?? false,
    ts_ms: t.ts_ms,
    source: 'ws',
  };
}

const ONE_DOLLAR_MICROS = 1_000_000n;

/**
 * The top of book a `ticker` message carries. Kalshi marks an empty side with a sentinel, a
 * `0.0000` bid or a `1.0000` ask, with zero size (NOTES §9: the sentinels are inconsistent, so
 * either sign is enough): that side has no quote, as an empty side of the REST book has none.
 */
export function tickerQuote(
  t: Pick<WsTicker, 'yes_bid_micros' | 'yes_ask_micros' | 'yes_bid_size_centi' | 'yes_ask_size_centi'>,
): { bidMicros: bigint | null; askMicros: bigint | null } {
  const bid = t.yes_bid_micros;
  const ask = t.yes_ask_micros;
  return {
    bidMicros: bid === null || bid <= 0n || t.yes_bid_size_centi === 0n ? null : bid,
    askMicros: ask === null || ask >= ONE_DOLLAR_MICROS || t.yes_ask_size_centi === 0n ? null : ask,
  };
}

export function fromRestTrade(t: Trade): TradeEvent {
  return {
    trade_id: t.trade_id,
    market_ticker: t.ticker,
    yes_price_dollars: t.yes_price_dollars,
    no_price_dollars: t.no_price_dollars,
    count_fp: t.count_fp,
    yes_price_micros: t.yes_price_micros,
    no_price_micros: t.no_price_micros,
    count_centi: t.count_centi,
    taker_outcome_side: t.taker_outcome_side,
    taker_book_side: t.taker_book_side,
    is_block_trade: t.is_block_trade ?? false,
    ts_ms: t.created_time_ms,
    source: 'rest',
  };
}

function sanitizeWsError(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code ? `${code}` : err.message.replace(/KALSHI-ACCESS-[A-Z]+[^,;\n]*/gi, '[REDACTED]').slice(0, 200);
}
