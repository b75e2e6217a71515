import { EventEmitter } from 'node:events';
import { createPublicKey, randomUUID } from 'node:crypto';
import { Model, BOOK_BUCKET_S, type BookTop, type GenTrade } from '../activity/model.ts';
import { buildUniverse } from '../universe/build.ts';
import type { MarketRec, Universe } from '../universe/types.ts';
import { Clock } from './clock.ts';
import { hash, uuidFrom } from '../util/hash.ts';
import type { Account, ApiKey, Order } from '../accounts/accounts.ts';

const HOUR_MS = 3_600_000;

/** A trade the exchange stored explicitly (scenario- or user-generated). */
export interface StoredTrade {
  seq: number;
  tradeId: string;
  mkt: number;
  tsMs: number;
  cc: number;
  price: number;
  side: number;
  scenarioId: string | null;
}

/** A trade as served by the tape, background or stored. */
export interface TradeRow {
  tradeId: string;
  mkt: number;
  tsMs: number;
  cc: number;
  price: number;
  side: number;
  key: TradeKey;
}

/** Total tape order: newest first by (ts, src, a, b) descending. */
export type TradeKey = [number, number, number, number];

export function cmpKey(x: TradeKey, y: TradeKey): number {
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || x[3] - y[3];
}

/** A recorded candlestick (Kalshi's live MarketCandlestick JSON). */
export type RecordedCandle = Record<string, unknown> & { end_period_ts: number };

export interface EngineOptions {
  seed: number;
  markets: number;
  historyDays: number;
  speed: number;
  startMs: number;
  universe?: Universe;
  tradesPerMarketDay?: number;
  /** favourite–longshot bias γ of generated prices (Universe.longshotBias) */
  longshotBias?: number;
}

export interface LifecycleMsg {
  market_ticker: string;
  event_type: string;
  [k: string]: unknown;
}

/**
 * Engine state: the model, the clock, explicitly stored trades, accounts and orders.
 * Emits 'trade' (TradeRow), 'book' (market idx), 'lifecycle' (LifecycleMsg), 'fill'.
 */
export class Engine extends EventEmitter {
  readonly u: Universe;
  readonly model: Model;
  readonly clock: Clock;
  readonly seed: number;
  /** stored trades sorted by (tsMs, seq) */
  readonly stored: StoredTrade[] = [];
  readonly storedByMkt = new Map<number, StoredTrade[]>();
  private storeSeq = 0;
  /** stored trades not yet announced on the stream */
  private pendingStored: StoredTrade[] = [];
  readonly accounts = new Map<string, Account>();
  readonly keys = new Map<string, ApiKey>();
  readonly orders = new Map<string, Order>();
  readonly restingByMkt = new Map<number, Order[]>();
  /** synthetic liquidity taken by user orders: key `${mkt}|${bucket}|${y|n}${price}` */
  readonly consumed = new Map<string, number>();
  orderSeq = 0;
  fillSeq = 0;
  /** last tick time handled by the streaming loop */
  lastTickMs: number;
  exchangeActive = true;
  tradingActive = true;
  private lastCache = new Map<number, { checkedMs: number; ts: number; price: number; cc: number }>();
  private cumVol: Float64Array;
  private cumHour: Int32Array;
  /** markets with user exposure, checked for close/settlement each tick */
  readonly watched = new Set<number>();
  private lifecycleIdx: { t: number; mkt: number; type: string }[] = [];
  private lifecyclePos = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(opts: EngineOptions) {
    super();
    this.setMaxListeners(0);
    this.u = opts.universe ?? buildUniverse({
      seed: opts.seed, markets: opts.markets, startMs: opts.startMs, historyDays: opts.historyDays,
      tradesPerMarketDay: opts.tradesPerMarketDay, longshotBias: opts.longshotBias,
    });
    this.seed = this.u.seed;
    this.model = new Model(this.u);
    // The clock starts at the requested time, not at the top of the hour the universe is laid out
    // from: an app started beside it runs on the wall clock, and a clock up to 59 minutes behind
    // puts every new trade outside the app's scoring window.
    this.clock = new Clock(Math.max(this.u.startMs, opts.startMs), opts.speed);
    this.lastTickMs = this.clock.now();
    const n = this.u.markets.length;
    this.cumVol = new Float64Array(n);
    this.cumHour = new Int32Array(n).fill(Math.floor(this.u.historyStartMs / HOUR_MS) - 1);
    this.buildLifecycleIndex();
  }

  now(): number {
    return this.clock.now();
  }

  market(ticker: string): MarketRec | undefined {
    const i = this.u.marketByTicker.get(ticker);
    return i === undefined ? undefined : this.u.markets[i];
  }

  // ------------------------------------------------------------------ stored trades
  storeTrade(mkt: number, tsMs: number, cc: number, price: number, side: number, scenarioId: string | null, tradeId?: string): StoredTrade {
    const seq = ++this.storeSeq;
    const t: StoredTrade = { seq, tradeId: tradeId ?? uuidFrom(this.seed, 0x53544f52, seq), mkt, tsMs, cc, price, side, scenarioId };
    // keep sorted by (ts, seq); appends are the common case
    let i = this.stored.length;
    while (i > 0 && this.stored[i - 1]!.tsMs > tsMs) i--;
    this.stored.splice(i, 0, t);
    let list = this.storedByMkt.get(mkt);
    if (!list) this.storedByMkt.set(mkt, (list = []));
    let j = list.length;
    while (j > 0 && list[j - 1]!.tsMs > tsMs) j--;
    list.splice(j, 0, t);
    this.pendingStored.push(t);
    const c = this.lastCache.get(mkt);
    if (c && tsMs <= c.checkedMs && tsMs >= c.ts) this.lastCache.delete(mkt);
    return t;
  }

  storedRow(t: StoredTrade): TradeRow {
    return { tradeId: t.tradeId, mkt: t.mkt, tsMs: t.tsMs, cc: t.cc, price: t.price, side: t.side, key: [t.tsMs, 1, t.seq, 0] };
  }

  genRow(g: GenTrade): TradeRow {
    const hour = Math.floor(g.tsMs / HOUR_MS);
    return { tradeId: uuidFrom(this.seed, g.mkt + 1, hour, g.seq + 1), mkt: g.mkt, tsMs: g.tsMs, cc: g.cc, price: g.price, side: g.side, key: [g.tsMs, 0, g.mkt, g.seq] };
  }

  /** Stored trades in [fromMs, toMs) (market-specific if mkt given), newest first. */
  private storedInRange(mkt: number | null, fromMs: number, toMs: number): StoredTrade[] {
    const list = mkt === null ? this.stored : (this.storedByMkt.get(mkt) ?? []);
    const out: StoredTrade[] = [];
    for (let i = firstIndex(list, fromMs, false); i < list.length && list[i]!.tsMs < toMs; i++) out.push(list[i]!);
    out.reverse();
    return out;
  }

  /** Treat everything stored so far and already due as history: it is not streamed. */
  markHistorical(): void {
    const now = this.now();
    this.pendingStored = this.pendingStored.filter((t) => t.tsMs > now);
  }

  /** Earliest time any trade can exist (lower bound for open-ended scans). */
  earliestMs(): number {
    const s = this.stored[0]?.tsMs ?? Infinity;
    return Math.min(this.u.historyStartMs, s);
  }

  /**
   * The tape: trades with minMs <= ts <= maxMs (and ts <= now), newest first, strictly after
   * `after` in tape order. Pages are stable while new trades arrive because positions are keys.
   */
  listTrades(q: { mkt: number | null; minMs: number; maxMs: number; after: TradeKey | null; limit: number }): { rows: TradeRow[]; more: boolean } {
    const now = this.now();
    const upper = Math.min(q.maxMs, now);
    const lower = Math.max(q.minMs, this.earliestMs());
    const rows: TradeRow[] = [];
    if (upper < lower) return { rows, more: false };
    let startMs = upper;
    if (q.after) startMs = Math.min(startMs, q.after[0]);
    for (let hour = Math.floor(startMs / HOUR_MS); hour >= Math.floor(lower / HOUR_MS); hour--) {
      const hs = hour * HOUR_MS;
      const cand: TradeRow[] = [];
      const inWindow = (ts: number) => ts >= lower && ts <= upper;
      const ok = (k: TradeKey) => !q.after || cmpKey(k, q.after) < 0;
      if (q.mkt === null) {
        const b = this.model.block(hour);
        // binary search to the first row not newer than the start position
        let lo = 0;
        let hi = b.n;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (b.ts[mid]! > startMs) lo = mid + 1; else hi = mid;
        }
        const need = q.limit - rows.length + 1;
        let taken = 0;
        for (let i = lo; i < b.n && taken < need + 64; i++) {
          const ts = b.ts[i]!;
          if (!inWindow(ts)) { if (ts < lower) break; continue; }
          const key: TradeKey = [ts, 0, b.mkt[i]!, b.seq[i]!];
          if (!ok(key)) continue;
          cand.push(this.genRow({ tsMs: ts, mkt: b.mkt[i]!, seq: b.seq[i]!, cc: b.cc[i]!, price: b.price[i]!, side: b.side[i]! }));
          taken++;
        }
      } else {
        const m = this.u.markets[q.mkt]!;
        for (const g of this.model.marketHourSorted(m, hour)) {
          if (!inWindow(g.tsMs)) continue;
          const r = this.genRow(g);
          if (ok(r.key)) cand.push(r);
        }
      }
      for (const t of this.storedInRange(q.mkt, hs, hs + HOUR_MS)) {
        if (!inWindow(t.tsMs)) continue;
        const r = this.storedRow(t);
        if (ok(r.key)) cand.push(r);
      }
      cand.sort((a, b) => cmpKey(b.key, a.key));
      for (const r of cand) {
        if (rows.length === q.limit) return { rows, more: true };
        rows.push(r);
      }
    }
    return { rows, more: false };
  }

  /** Authoritative count/list of every trade in a window (ground truth for fault tests). */
  allTrades(mkt: number | null, minMs: number, maxMs: number, limit = Infinity): { count: number; rows: TradeRow[] } {
    let after: TradeKey | null = null;
    let count = 0;
    const rows: TradeRow[] = [];
    for (;;) {
      const page = this.listTrades({ mkt, minMs, maxMs, after, limit: 5000 });
      count += page.rows.length;
      for (const r of page.rows) if (rows.length < limit) rows.push(r);
      if (!page.more || page.rows.length === 0) break;
      after = page.rows[page.rows.length - 1]!.key;
    }
    return { count, rows };
  }

  // ------------------------------------------------------------------ market stats
  /** Last trade at or before `atMs` (searching back to history start). */
  lastTrade(mkt: number, atMs: number): { ts: number; price: number; cc: number } | null {
    const now = this.now();
    const cacheable = atMs >= now - 1000;
    const c = this.lastCache.get(mkt);
    const m = this.u.markets[mkt]!;
    let floorMs = this.earliestMs();
    if (cacheable && c) {
      if (c.checkedMs >= atMs) return c.ts >= 0 ? c : null;
      floorMs = c.checkedMs;
    }
    let found: { ts: number; price: number; cc: number } | null = null;
    const lowHour = Math.floor(Math.max(floorMs, m.openS * 1000 - HOUR_MS) / HOUR_MS);
    for (let hour = Math.floor(atMs / HOUR_MS); hour >= lowHour && !found; hour--) {
      const hs = hour * HOUR_MS;
      let best: TradeRow | null = null;
      for (const g of this.model.marketHourSorted(m, hour)) {
        if (g.tsMs <= atMs) { best = this.genRow(g); break; }
      }
      for (const t of this.storedInRange(mkt, hs, hs + HOUR_MS)) {
        if (t.tsMs <= atMs) {
          const r = this.storedRow(t);
          if (!best || cmpKey(r.key, best.key) > 0) best = r;
          break;
        }
      }
      if (best) found = { ts: best.tsMs, price: best.price, cc: best.cc };
    }
    if (!found && cacheable && c && c.ts >= 0) found = { ts: c.ts, price: c.price, cc: c.cc };
    if (cacheable) this.lastCache.set(mkt, { checkedMs: atMs, ts: found?.ts ?? -1, price: found?.price ?? 0, cc: found?.cc ?? 0 });
    return found;
  }

  private hourVolume(m: MarketRec, hour: number, fromMs: number, toMs: number): number {
    const tmp: GenTrade[] = [];
    this.model.genMarketHour(m, hour, tmp);
    let v = 0;
    for (const g of tmp) if (g.tsMs >= fromMs && g.tsMs <= toMs) v += g.cc;
    return v;
  }

  private storedVolume(mkt: number, fromMs: number, toMs: number): number {
    let v = 0;
    for (const t of this.storedByMkt.get(mkt) ?? []) if (t.tsMs >= fromMs && t.tsMs <= toMs) v += t.cc;
    return v;
  }

  /** Lifetime and 24 h volume (centi-contracts), exact over the generated history. */
  volumes(mkt: number): { total: number; day: number } {
    const now = this.now();
    const m = this.u.markets[mkt]!;
    const curHour = Math.floor(now / HOUR_MS);
    // extend the cached cumulative volume through the last complete hour
    let h = this.cumHour[mkt]!;
    let cum = this.cumVol[mkt]!;
    const first = Math.max(h + 1, Math.floor((m.openS * 1000) / HOUR_MS));
    for (let hour = first; hour < curHour; hour++) cum += this.hourVolume(m, hour, hour * HOUR_MS, hour * HOUR_MS + HOUR_MS);
    if (curHour - 1 > h) { this.cumVol[mkt] = cum; this.cumHour[mkt] = curHour - 1; h = curHour - 1; }
    const total = m.preVolumeCc + cum + this.hourVolume(m, curHour, curHour * HOUR_MS, now) + this.storedVolume(mkt, -Infinity, now);
    const dayFrom = now - 86_400_000;
    let day = this.storedVolume(mkt, dayFrom, now);
    for (let hour = Math.floor(dayFrom / HOUR_MS); hour <= curHour; hour++) day += this.hourVolume(m, hour, dayFrom, now);
    return { total, day };
  }

  /** Contracts (centi) traded in a market from its open up to `ms`: what open interest derives from. */
  volumeUntil(mkt: number, ms: number): number {
    const m = this.u.markets[mkt]!;
    const end = Math.min(ms, this.now());
    let total = m.preVolumeCc + this.storedVolume(mkt, -Infinity, end);
    for (let hour = Math.floor((m.openS * 1000) / HOUR_MS); hour * HOUR_MS < end; hour++) total += this.hourVolume(m, hour, hour * HOUR_MS, Math.min(end, hour * HOUR_MS + HOUR_MS));
    return total;
  }

  // ------------------------------------------------------------------ books
  bucketNow(): number {
    return Math.floor(this.now() / 1000 / BOOK_BUCKET_S);
  }

  /**
   * Full book at now: YES bids and NO bids (NO-leg prices) as [price, cc], best first.
   * Synthetic liquidity minus what users consumed this bucket, plus resting user orders.
   */
  book(mkt: number): { yes: [number, number][]; no: [number, number][] } {
    const m = this.u.markets[mkt]!;
    const nowS = this.now() / 1000;
    const st = this.model.status(m, nowS);
    const yes = new Map<number, number>();
    const no = new Map<number, number>();
    if (st === 'active') {
      const bucket = this.bucketNow();
      const lv = this.u.tape ? this.tapeBook(mkt) : this.model.bookLevels(m, bucket, nowS);
      for (const [p, cc] of lv.yes) {
        const left = cc - (this.consumed.get(`${mkt}|${bucket}|y${p}`) ?? 0);
        if (left > 0) yes.set(p, left);
      }
      for (const [p, cc] of lv.no) {
        const left = cc - (this.consumed.get(`${mkt}|${bucket}|n${p}`) ?? 0);
        if (left > 0) no.set(p, left);
      }
    }
    for (const o of this.restingByMkt.get(mkt) ?? []) {
      if (o.side === 'bid') yes.set(o.price, (yes.get(o.price) ?? 0) + o.remainingCc);
      else no.set(10000 - o.price, (no.get(10000 - o.price) ?? 0) + o.remainingCc);
    }
    const sortDesc = (mp: Map<number, number>) => [...mp.entries()].sort((a, b) => b[0] - a[0]);
    return { yes: sortDesc(yes), no: sortDesc(no) };
  }

  /** Book snapshots recorded on a tape (and written by scenarios), per market, sorted by time: see tapeBookAt. */
  tapeBooks = new Map<number, { tsMs: number; yes: [number, number][]; no: [number, number][] }[]>();
  /** Scenario price moves on a tape, per market, in pips from their time on (the replay never rewrites recorded prices). */
  tapeOffsets = new Map<number, { tsMs: number; pips: number }[]>();
  private tapeBook(mkt: number): { yes: [number, number][]; no: [number, number][] } {
    const list = this.tapeBooks.get(mkt);
    if (!list || list.length === 0) return this.modeledTapeBook(mkt, this.now());
    return this.tapeBookAt(mkt, this.now()) ?? { yes: [], no: [] };
  }

  /** The tape book of a market in force at `tsMs`: the last one recorded (or written by a scenario) at or before it. */
  tapeBookAt(mkt: number, tsMs: number): { tsMs: number; yes: [number, number][]; no: [number, number][] } | undefined {
    const list = this.tapeBooks.get(mkt);
    return list ? list[firstIndex(list, tsMs, true) - 1] : undefined;
  }

  /**
   * A tape market that recorded no books (a trade-only recording, which is what Kalshi's public trade history gives) is
   * served a modeled one, so the monitor has a quote and depth to read and scenarios have a book to sweep or drain: the
   * generated book's shape and bucket-to-bucket noise, quoted around the market's last recorded trade plus this
   * replay's scenario moves, with levels sized from its own recorded trades (`depth`, set when the tape loads).
   */
  modeledTapeTop(mkt: number, tsMs: number): BookTop {
    const m = this.u.markets[mkt]!;
    const last = this.lastRecordedPrice(mkt, tsMs) ?? Math.round(10000 / (1 + Math.exp(-m.mu)));
    return this.model.quoteAround(m, Math.floor(tsMs / 1000 / BOOK_BUCKET_S), tsMs / 1000, (last + this.tapeOffsetPips(mkt, tsMs)) / 10000);
  }

  /** The scenario moves of a tape market up to `tsMs`, in pips. */
  tapeOffsetPips(mkt: number, tsMs: number): number {
    let pips = 0;
    for (const o of this.tapeOffsets.get(mkt) ?? []) if (o.tsMs <= tsMs) pips += o.pips;
    return pips;
  }

  private modeledTapeBook(mkt: number, tsMs: number): { yes: [number, number][]; no: [number, number][] } {
    return this.model.levelsBehind(this.u.markets[mkt]!, Math.floor(tsMs / 1000 / BOOK_BUCKET_S), tsMs / 1000, this.modeledTapeTop(mkt, tsMs));
  }

  /** The price of a market's last recorded (not scenario) trade at or before `tsMs`. */
  private lastRecordedPrice(mkt: number, tsMs: number): number | null {
    const list = this.storedByMkt.get(mkt);
    if (!list) return null;
    for (let i = firstIndex(list, tsMs, true) - 1; i >= 0; i--) if (list[i]!.scenarioId === null) return list[i]!.price;
    return null;
  }

  // ------------------------------------------------------------------ historical split
  /**
   * Kalshi's live/historical boundary (`GET /historical/cutoff`). `null` (the default): the cutoff
   * is the start of the generated history, so nothing is archived and every endpoint behaves as
   * before. Set: markets settled before it move to `/historical/markets` (and their candlesticks to
   * `/historical/markets/{ticker}/candlesticks`), trades before it to `/historical/trades`.
   */
  historicalCutoffMs: number | null = null;

  cutoffMs(): number {
    return this.historicalCutoffMs ?? this.u.historyStartMs;
  }

  /** True when a market settled before the historical cutoff (served only under `/historical`). */
  archived(m: MarketRec): boolean {
    if (this.historicalCutoffMs === null) return false;
    const nowS = this.now() / 1000;
    return this.model.status(m, nowS) === 'finalized' && this.model.settledS(m) * 1000 < this.historicalCutoffMs;
  }

  /**
   * Candlesticks recorded in a history file, in Kalshi's live `MarketCandlestick` shape, per market
   * and period (minutes), ascending by `end_period_ts`. A market with recorded candles of a period
   * is served those instead of candles computed from its trades.
   */
  readonly recordedCandles = new Map<number, Map<number, RecordedCandle[]>>();

  // ------------------------------------------------------------------ accounts
  registerKey(keyId: string, publicKeyPem: string, opts: { balanceMicro?: number; userId?: string } = {}): ApiKey {
    const publicKey = createPublicKey(publicKeyPem);
    const existing = this.keys.get(keyId);
    const userId = opts.userId ?? existing?.userId ?? randomUUID();
    const key: ApiKey = { keyId, userId, publicKey };
    this.keys.set(keyId, key);
    if (!this.accounts.has(userId)) {
      this.accounts.set(userId, {
        userId, cashMicro: opts.balanceMicro ?? 10_000_000_000, positions: new Map(), orders: [], fills: [],
        settlements: [], clientOrders: new Map(), updatedMs: this.now(),
      });
    } else if (opts.balanceMicro !== undefined) {
      this.accounts.get(userId)!.cashMicro = opts.balanceMicro;
    }
    return key;
  }

  // ------------------------------------------------------------------ lifecycle
  private buildLifecycleIndex(): void {
    const list: { t: number; mkt: number; type: string }[] = [];
    const from = this.now();
    for (const m of this.u.markets) {
      if (m.isMve) continue;
      const push = (tS: number, type: string) => { if (tS * 1000 > from) list.push({ t: tS * 1000, mkt: m.idx, type }); };
      push(m.openS, 'activated');
      push(this.model.closeS(m), 'deactivated');
      push(this.model.determinedS(m), 'determined');
      push(this.model.settledS(m), 'settled');
    }
    list.sort((a, b) => a.t - b.t || a.mkt - b.mkt);
    this.lifecycleIdx = list;
    this.lifecyclePos = 0;
  }

  /** Called when a control endpoint changes a market's lifecycle. */
  rebuildLifecycle(): void {
    this.buildLifecycleIndex();
  }

  lifecycleMsg(m: MarketRec, type: string): LifecycleMsg {
    const msg: LifecycleMsg = { market_ticker: m.ticker, event_type: type };
    if (type === 'determined') {
      const r = this.model.result(m);
      msg.result = r;
      msg.determination_ts = this.model.determinedS(m);
      msg.settlement_value = r === 'yes' ? '1.0000' : '0.0000';
    } else if (type === 'settled') {
      msg.settled_ts = this.model.settledS(m);
    } else if (type === 'deactivated') {
      msg.is_deactivated = true;
    } else if (type === 'activated') {
      msg.is_deactivated = false;
    } else if (type === 'close_date_updated') {
      msg.close_ts = this.model.closeS(m);
    }
    return msg;
  }

  // ------------------------------------------------------------------ streaming loop
  /** Hooks run each tick by other modules (matching: crossing/expiry/settlement). */
  readonly tickHooks: ((fromMs: number, toMs: number, bgTrades: TradeRow[]) => void)[] = [];
  maxStreamPerTick = 50_000;

  start(intervalMs = 100): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      try { this.tick(); } catch (e) { console.error('exchange tick failed', e); }
    }, intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Announce everything that happened in (lastTick, now]. */
  tick(): void {
    const now = this.now();
    const from = this.lastTickMs;
    if (now <= from && this.pendingStored.length === 0) return;
    this.lastTickMs = now;
    // background trades: a big clock jump is not streamed in full (use REST to backfill)
    const bg: TradeRow[] = [];
    if (now > from && !this.u.tape) {
      const lo = Math.max(from + 1, now - 3_600_000);
      for (let hour = Math.floor(lo / HOUR_MS); hour <= Math.floor(now / HOUR_MS); hour++) {
        const b = this.model.block(hour);
        for (let i = b.n - 1; i >= 0; i--) {
          const ts = b.ts[i]!;
          if (ts < lo || ts > now) continue;
          bg.push(this.genRow({ tsMs: ts, mkt: b.mkt[i]!, seq: b.seq[i]!, cc: b.cc[i]!, price: b.price[i]!, side: b.side[i]! }));
          if (bg.length >= this.maxStreamPerTick) break;
        }
      }
    }
    // stored trades become visible when their time comes
    const due: StoredTrade[] = [];
    const later: StoredTrade[] = [];
    for (const t of this.pendingStored) (t.tsMs <= now ? due : later).push(t);
    this.pendingStored = later;
    const all = bg.concat(due.map((t) => this.storedRow(t)));
    all.sort((a, b) => cmpKey(a.key, b.key));
    for (const r of all) {
      const c = this.lastCache.get(r.mkt);
      if (c && r.tsMs > c.ts) this.lastCache.set(r.mkt, { checkedMs: Math.max(c.checkedMs, r.tsMs), ts: r.tsMs, price: r.price, cc: r.cc });
      this.emit('trade', r);
    }
    // lifecycle transitions
    while (this.lifecyclePos < this.lifecycleIdx.length && this.lifecycleIdx[this.lifecyclePos]!.t <= now) {
      const ev = this.lifecycleIdx[this.lifecyclePos++]!;
      if (ev.t <= from) continue;
      this.emit('lifecycle', this.lifecycleMsg(this.u.markets[ev.mkt]!, ev.type));
    }
    for (const h of this.tickHooks) h(from, now, bg);
    this.emit('tick', from, now);
  }

  /** Deterministic per-market fraction used for open interest. */
  oiFraction(mkt: number): number {
    return 0.2 + (hash(this.seed, mkt, 0x01) / 4294967296) * 0.4;
  }
}

/** Index of the first entry at or after `ms` (after `ms` when `strictly`) in a time-sorted list (binary search). */
function firstIndex(list: readonly { tsMs: number }[], ms: number, strictly: boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const t = list[mid]!.tsMs;
    if (t < ms || (strictly && t === ms)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
