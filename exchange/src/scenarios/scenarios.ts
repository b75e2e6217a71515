import { randomUUID } from 'node:crypto';
import { BOOK_BUCKET_S } from '../activity/model.ts';
import type { Engine } from '../engine/exchange.ts';
import type { MarketRec } from '../universe/types.ts';
import { mulberry32 } from '../util/hash.ts';

export const SCENARIO_TYPES = ['whale_trade', 'split_accumulation', 'price_jump', 'liquidity_drain', 'trade_burst', 'off_hours', 'correlated_event_move'] as const;
export type ScenarioType = (typeof SCENARIO_TYPES)[number];

export interface Scenario {
  id: string;
  type: ScenarioType;
  market_tickers: string[];
  event_ticker: string | null;
  start_ts: number;
  end_ts: number;
  created_ts: number;
  trade_ids: string[];
  params: Record<string, unknown>;
  description: string;
}

type TapeBookRec = { tsMs: number; yes: [number, number][]; no: [number, number][] };

export interface ScenarioRequest {
  type: string;
  market_ticker?: string;
  event_ticker?: string;
  /** unix seconds or RFC 3339; default now */
  at?: number | string;
  params?: Record<string, unknown>;
}

const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : d);
/** A positive number param (contracts), or null when absent. */
const size = (v: unknown): number | null => { const n = num(v, NaN); return Number.isFinite(n) && n > 0 ? n : null; };

function parseAt(at: unknown, nowMs: number): number {
  if (at === undefined || at === null) return nowMs;
  if (typeof at === 'number') return at > 1e12 ? at : at * 1000;
  if (typeof at === 'string') {
    const t = Date.parse(at);
    if (Number.isFinite(t)) return t;
    const n = Number(at);
    if (Number.isFinite(n)) return n > 1e12 ? n : n * 1000;
  }
  throw new Error('invalid at');
}

/** Labelled injections with ground truth; every effect is visible through the public API. */
export class Scenarios {
  readonly list: Scenario[] = [];
  private e: Engine;
  private rnd: () => number;

  constructor(e: Engine) {
    this.e = e;
    this.rnd = mulberry32(e.seed ^ 0x5ce7a);
  }

  /** Trade at the model book of time t (after any offsets): YES takers lift the ask. */
  private trade(m: MarketRec, tsMs: number, cc: number, yes: boolean, sc: Scenario): void {
    const top = this.e.u.tape ? this.tapeTop(m, tsMs) : this.e.model.bookTop(m, Math.floor(tsMs / 1000 / BOOK_BUCKET_S));
    let price = yes ? top.ask : top.bid;
    if (price <= 0 || price >= 10000) price = yes ? Math.min(9900, (top.bid || 100) + 100) : Math.max(100, (top.ask < 10000 ? top.ask : 9900) - 100);
    const t = this.e.storeTrade(m.idx, Math.round(tsMs), Math.max(1, Math.round(cc)), price, yes ? 0 : 1, sc.id);
    sc.trade_ids.push(t.tradeId);
  }

  /** Price overrides never rewrite visible history: they take effect at or after now. */
  private shift(m: MarketRec, tsMs: number, deltaProb: number): void {
    const tS = Math.max(tsMs, this.e.now()) / 1000;
    if (this.e.u.tape) return this.tapeShift(m, tS * 1000, deltaProb);
    const p = this.e.model.prob(m, tS);
    this.e.model.forcePrice(m, tS, Math.min(0.97, Math.max(0.03, p + deltaProb)));
  }

  /**
   * Thinner book (and wider spread) for a while: the model's depth window (a generated book, or the modeled book of a
   * tape market that recorded none), or on a tape its recorded books.
   */
  private deplete(m: MarketRec, fromS: number, toS: number, mult: number, extraSpreadCents: number): void {
    const list = this.e.u.tape ? this.e.tapeBooks.get(m.idx) : undefined;
    if (!list || list.length === 0) return this.e.model.addDepthWindow(m.idx, fromS, toS, mult, extraSpreadCents);
    const fromMs = fromS * 1000;
    const toMs = toS * 1000;
    const before = this.e.tapeBookAt(m.idx, fromMs);
    const after = this.e.tapeBookAt(m.idx, toMs);
    const thin = (b: TapeBookRec, tsMs: number): TapeBookRec => {
      // widening the spread by k cents removes the best k cents of each side
      const side = (lv: [number, number][]) => {
        const best = lv[0]?.[0] ?? 0;
        return lv.filter(([p]) => best - p >= extraSpreadCents * 100).map(([p, c]) => [p, Math.max(1, Math.round(c * mult))] as [number, number]);
      };
      return this.derived({ tsMs, yes: side(b.yes), no: side(b.no) }, b, 0);
    };
    for (let i = 0; i < list.length; i++) if (list[i]!.tsMs >= fromMs && list[i]!.tsMs < toMs) list[i] = thin(list[i]!, list[i]!.tsMs);
    if (before) list.push(thin(before, fromMs));
    if (after) list.push(this.derived({ ...after, tsMs: toMs }, after, 0));
    list.sort((x, y) => x.tsMs - y.tsMs);
  }

  /** Books this replay wrote: how many pips of scenario moves their prices already carry. */
  private carried = new WeakMap<TapeBookRec, number>();

  private derived(nb: TapeBookRec, from: TapeBookRec, morePips: number): TapeBookRec {
    this.carried.set(nb, (this.carried.get(from) ?? 0) + morePips);
    return nb;
  }

  private tapeShift(m: MarketRec, tsMs: number, deltaProb: number): void {
    const top = this.tapeTop(m, tsMs);
    const mid = (top.bid > 0 && top.ask < 10000 ? (top.bid + top.ask) / 2 : top.bid > 0 ? top.bid : top.ask) / 10000;
    const pips = Math.round((Math.min(0.97, Math.max(0.03, mid + deltaProb)) - mid) * 10000);
    let offs = this.e.tapeOffsets.get(m.idx);
    if (!offs) this.e.tapeOffsets.set(m.idx, (offs = []));
    offs.push({ tsMs, pips });
    // The recorded book moves with it until the tape's next book (the replay cannot change what was recorded).
    const list = this.e.tapeBooks.get(m.idx);
    if (!list || list.length === 0) return;
    const b = this.e.tapeBookAt(m.idx, tsMs);
    if (!b) return;
    const mv = (lv: [number, number][], sign: number) => lv.map(([p, c]) => [p + sign * pips, c] as [number, number]).filter(([p]) => p >= 100 && p <= 9900);
    list.push(this.derived({ tsMs, yes: mv(b.yes, 1), no: mv(b.no, -1) }, b, pips));
    list.sort((x, y) => x.tsMs - y.tsMs);
  }

  /**
   * Tape replay: the quote a scenario trade prints at. The recorded book at t plus this replay's scenario moves up to
   * t (the model's synthetic book knows nothing of the recorded prices), or, for a market that recorded no books, its
   * modeled book (around its last recorded trade, moves included).
   */
  private tapeTop(m: MarketRec, tsMs: number): { bid: number; ask: number } {
    const b = this.e.tapeBookAt(m.idx, tsMs);
    if (!b || !(b.yes.length || b.no.length)) return this.e.modeledTapeTop(m.idx, tsMs);
    // every scenario move so far, less what a book this replay wrote already carries
    const pips = this.e.tapeOffsetPips(m.idx, tsMs) - (this.carried.get(b) ?? 0);
    const bid = b.yes.length ? b.yes[0]![0] : 0;
    const ask = b.no.length ? 10000 - b.no[0]![0] : 10000;
    const clip = (x: number) => Math.min(9900, Math.max(100, x));
    return { bid: bid > 0 ? clip(bid + pips) : 0, ask: ask < 10000 ? clip(ask + pips) : 10000 };
  }

  inject(req: ScenarioRequest): Scenario {
    const e = this.e;
    if (!SCENARIO_TYPES.includes(req.type as ScenarioType)) throw new Error(`unknown scenario type ${req.type}`);
    const type = req.type as ScenarioType;
    const params = req.params ?? {};
    const now = e.now();
    const at = parseAt(req.at, now);
    let markets: MarketRec[];
    let eventTicker: string | null = null;
    if (type === 'correlated_event_move') {
      const ei = req.event_ticker ? e.u.eventByTicker.get(req.event_ticker) : req.market_ticker ? e.market(req.market_ticker)?.eventIdx : undefined;
      if (ei === undefined) throw new Error('event not found');
      const ev = e.u.events[ei]!;
      eventTicker = ev.ticker;
      markets = ev.markets.map((i) => e.u.markets[i]!);
    } else {
      const m = req.market_ticker ? e.market(req.market_ticker) : undefined;
      if (!m) throw new Error('market not found');
      markets = [m];
      eventTicker = e.u.events[m.eventIdx]!.ticker;
    }
    const sc: Scenario = {
      id: randomUUID(), type, market_tickers: markets.map((m) => m.ticker), event_ticker: eventTicker,
      start_ts: Math.floor(at / 1000), end_ts: Math.floor(at / 1000), created_ts: Math.floor(now / 1000), trade_ids: [], params, description: '',
    };
    const m = markets[0]!;
    const yes = params.side !== 'no';
    const r = this.rnd;
    switch (type) {
      case 'whale_trade': {
        const cc = num(params.count, Math.max(5000, Math.round(m.sizeScale * 400))) * 100;
        this.trade(m, at, cc, yes, sc);
        // The sweep moves the quote at once: the book published right after shows the new price.
        this.shift(m, at, (yes ? 1 : -1) * num(params.impact, 0.06));
        // A sweep this size eats the resting depth it crosses; makers take minutes to refill.
        const refillS = num(params.refill_s, 900);
        const from = Math.max(at, now) / 1000;
        this.deplete(m, from, from + refillS, num(params.depth_factor, 0.25), Math.round(num(params.extra_spread_cents, 2)));
        sc.end_ts = Math.floor(from + refillS);
        sc.description = `single ${cc / 100}-contract ${yes ? 'YES' : 'NO'} taker trade that sweeps the book`;
        break;
      }
      case 'split_accumulation': {
        const total = num(params.count, 4000) * 100;
        const pieces = Math.max(2, Math.round(num(params.pieces, 25)));
        const dur = num(params.duration_s, 900) * 1000;
        const each = Math.floor(total / pieces);
        for (let i = 0; i < pieces; i++) {
          const t = at + (dur * i) / pieces + r() * (dur / pieces) * 0.5;
          this.trade(m, t, i === pieces - 1 ? total - each * (pieces - 1) : each, yes, sc);
        }
        this.shift(m, at, (yes ? 1 : -1) * num(params.impact, 0.05));
        sc.end_ts = Math.floor((at + dur) / 1000);
        sc.description = `${total / 100} contracts ${yes ? 'YES' : 'NO'} split into ${pieces} orders over ${dur / 1000}s`;
        break;
      }
      case 'price_jump': {
        const delta = num(params.delta, 0.2) * (params.side === 'no' ? -1 : 1);
        this.shift(m, at, delta);
        const n = Math.round(num(params.trades, 12));
        // `size` (contracts): each trade is size × 1–4, as the default is 3 × the market's size scale × 1–4
        const base = size(params.size);
        for (let i = 0; i < n; i++) this.trade(m, at + 1000 + i * 5000 * r(), base !== null ? base * 100 * (1 + r() * 3) : Math.max(100, m.sizeScale * 300 * (1 + r() * 3)), delta > 0, sc);
        sc.end_ts = Math.floor(at / 1000) + 60;
        sc.description = `price moves ${delta > 0 ? '+' : ''}${delta} with ${n} aggressive trades`;
        break;
      }
      case 'liquidity_drain': {
        const dur = num(params.duration_s, 1800);
        const from = Math.max(at, now) / 1000;
        this.deplete(m, from, from + dur, num(params.factor, 0.05), Math.round(num(params.extra_spread_cents, 4)));
        sc.end_ts = Math.floor(from + dur);
        sc.description = `book depth x${num(params.factor, 0.05)} and spread +${num(params.extra_spread_cents, 4)}c for ${dur}s`;
        break;
      }
      case 'trade_burst': {
        const n = Math.round(num(params.trades, 80));
        const dur = num(params.duration_s, 120) * 1000;
        // `size` (contracts): each trade is size × 0.5–2.5 (default: the market's size scale)
        const base = size(params.size);
        for (let i = 0; i < n; i++) this.trade(m, at + r() * dur, base !== null ? base * 100 * (0.5 + 2 * r()) : Math.max(1, Math.round(m.sizeScale * 100 * (0.5 + 2 * r()))), r() < 0.5, sc);
        sc.end_ts = Math.floor((at + dur) / 1000);
        sc.description = `${n} trades in ${dur / 1000}s`;
        break;
      }
      case 'off_hours': {
        const n = Math.round(num(params.trades, 8));
        const dur = num(params.duration_s, 300) * 1000;
        // `size` (contracts): each trade is size × 1–2 (default: at least 20, 15 × the market's size scale)
        const base = size(params.size);
        for (let i = 0; i < n; i++) this.trade(m, at + r() * dur, base !== null ? base * 100 * (1 + r()) : Math.max(2000, m.sizeScale * 1500 * (1 + r())), yes, sc);
        this.shift(m, at, (yes ? 1 : -1) * num(params.impact, 0.05));
        sc.end_ts = Math.floor((at + dur) / 1000);
        sc.description = `${n} large ${yes ? 'YES' : 'NO'} trades at ${new Date(at).toISOString()} (off-hours when at is 0-6am ET)`;
        break;
      }
      case 'correlated_event_move': {
        const delta = num(params.delta, 0.15);
        const ev = e.u.events[markets[0]!.eventIdx]!;
        const byTicker = typeof params.lead_ticker === 'string' ? markets.find((mk) => mk.ticker === params.lead_ticker) : undefined;
        if (typeof params.lead_ticker === 'string' && !byTicker) throw new Error(`lead_ticker ${params.lead_ticker} is not in ${ev.ticker}`);
        const lead = byTicker ?? markets[Math.min(markets.length - 1, Math.max(0, Math.round(num(params.lead_index, 0))))]!;
        for (const mk of markets) {
          // mutually exclusive siblings move against the leader; others move with it
          const d = mk === lead ? delta : ev.mutuallyExclusive ? -delta / Math.max(1, markets.length - 1) : delta;
          this.shift(mk, at, d);
          const n = params.trades !== undefined ? Math.max(1, Math.round(num(params.trades, 3))) : 3 + Math.floor(r() * 4);
          // `sizes` ({ticker: contracts}) or `size` (contracts): each trade is size × 1–3 (default 2 × the market's size scale)
          const sizes = params.sizes && typeof params.sizes === 'object' ? (params.sizes as Record<string, unknown>) : {};
          const base = size(sizes[mk.ticker]) ?? size(params.size);
          for (let i = 0; i < n; i++) this.trade(mk, at + 1000 + r() * 90_000, base !== null ? base * 100 * (1 + r() * 2) : Math.max(100, mk.sizeScale * 200 * (1 + r() * 2)), d > 0, sc);
        }
        sc.end_ts = Math.floor(at / 1000) + 91;
        sc.description = `${markets.length} markets of ${ev.ticker} move together (leader ${lead.ticker} ${delta > 0 ? '+' : ''}${delta})`;
        break;
      }
    }
    for (const mk of markets) e.emit('book', mk.idx);
    this.list.push(sc);
    return sc;
  }
}
