import { hash, poisson, u01 } from '../util/hash.ts';
import { binProb, DEFAULT_LONGSHOT_BIAS, PathEvaluator } from '../universe/latent.ts';
import type { MarketRec, Universe } from '../universe/types.ts';

/** Seconds per synthetic-book refresh: the resting book is piecewise constant within a bucket. */
export const BOOK_BUCKET_S = 30;
const HOUR_MS = 3_600_000;

// US-daytime seasonality by Eastern hour (UTC-5), normalised to mean 1.
const RAW_SEASON = [0.55, 0.4, 0.28, 0.2, 0.16, 0.16, 0.22, 0.35, 0.55, 0.8, 1.0, 1.15, 1.25, 1.3, 1.35, 1.4, 1.45, 1.55, 1.7, 1.85, 1.95, 1.85, 1.5, 1.0];
const SEASON_MEAN = RAW_SEASON.reduce((a, b) => a + b, 0) / 24;
export const SEASON = RAW_SEASON.map((x) => x / SEASON_MEAN);

export function seasonAtHour(hour: number): number {
  return SEASON[(((hour - 5) % 24) + 24) % 24]!;
}

interface Offset {
  tS: number;
  d: number;
}

interface DepthWindow {
  fromS: number;
  toS: number;
  mult: number;
  extraSpreadCents: number;
}

/** Background trades of one hour across the whole exchange, already in tape order (newest first). */
export interface Block {
  hour: number;
  n: number;
  ts: Float64Array;
  mkt: Int32Array;
  seq: Int32Array;
  cc: Int32Array;
  price: Int32Array;
  side: Uint8Array;
}

export interface GenTrade {
  tsMs: number;
  mkt: number;
  seq: number;
  cc: number;
  price: number;
  /** 0 = taker bought YES (bid), 1 = taker bought NO (ask) */
  side: number;
}

export interface BookTop {
  bid: number;
  ask: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const Q_MIN = 1e-7;
/** cheap ~N(0,1) from one hash: sum of four bytes (Irwin-Hall) rescaled */
function znorm(h: number): number {
  return (((h & 255) + ((h >>> 8) & 255) + ((h >>> 16) & 255) + (h >>> 24)) / 255 - 2) * 1.7320508;
}
const smooth = (f: number) => f * f * (3 - 2 * f);

/**
 * The deterministic market model: price paths, synthetic books and lazily generated
 * background trades, plus the sparse overrides (scenario jumps, forced prices, forced
 * closes, liquidity drains) that make the model mutable without storing trades.
 */
export class Model {
  readonly u: Universe;
  readonly seed: number;
  private offsets = new Map<number, Offset[]>();
  private depthWindows = new Map<number, DepthWindow[]>();
  /** effective lifecycle overrides: close time and result */
  readonly closeOverride = new Map<number, number>();
  readonly finalizeOverride = new Map<number, number>();
  readonly resultOverride = new Map<number, 'yes' | 'no'>();
  private blocks = new Map<number, Block>();
  private blockLru: number[] = [];
  maxBlocks = 8;
  /** favourite–longshot distortion γ: logit(true probability) = γ · logit(displayed price) */
  readonly longshotBias: number;
  private paths: PathEvaluator;

  constructor(u: Universe) {
    this.u = u;
    this.seed = u.seed;
    this.longshotBias = u.longshotBias ?? DEFAULT_LONGSHOT_BIAS;
    this.paths = new PathEvaluator(u.seed);
  }

  closeS(m: MarketRec): number {
    return this.closeOverride.get(m.idx) ?? m.closeS;
  }
  determinedS(m: MarketRec): number {
    const f = this.finalizeOverride.get(m.idx);
    if (f !== undefined) return f;
    return this.closeS(m) + m.determineDelayS;
  }
  settledS(m: MarketRec): number {
    const f = this.finalizeOverride.get(m.idx);
    if (f !== undefined) return f;
    return this.determinedS(m) + m.settleTimerS;
  }
  result(m: MarketRec): 'yes' | 'no' {
    return this.resultOverride.get(m.idx) ?? m.result;
  }

  /** Kalshi Market.status at a time. */
  status(m: MarketRec, nowS: number): string {
    if (nowS < m.openS) return 'initialized';
    if (nowS < this.closeS(m)) return this.paused(m, nowS) ? 'inactive' : 'active';
    if (nowS < this.determinedS(m)) return 'closed';
    if (nowS < this.settledS(m)) return 'determined';
    return 'finalized';
  }

  /** A small deterministic slice of markets is paused for a few hours each week. */
  paused(m: MarketRec, nowS: number): boolean {
    if (this.u.tape) return false;
    const week = Math.floor(nowS / 604800);
    const h = hash(this.seed, m.idx, week, 0x9a05e);
    if (h % 200 !== 0) return false;
    const start = week * 604800 + (h >>> 8) % 500000;
    return nowS >= start && nowS < start + 4 * 3600;
  }

  // ---------------- price path
  private offsetAt(idx: number, tS: number): number {
    const list = this.offsets.get(idx);
    if (!list) return 0;
    let d = 0;
    for (const o of list) if (o.tS <= tS) d += o.d;
    return d;
  }

  /**
   * The true YES probability at tS: P(result = YES | the latent path up to tS), a martingale that
   * ends at the result (latent.ts). Generated markets only; a tape market's is its displayed price.
   */
  trueProb(m: MarketRec, tS: number): number {
    const path = m.path;
    if (!path) return this.prob(m, tS);
    const ov = this.resultOverride.get(m.idx);
    if (ov !== undefined && tS >= this.closeS(m)) return ov === 'yes' ? 1 : 0;
    const ev = this.paths;
    ev.eval(path, tS);
    return binProb(m.lo ?? -Infinity, m.hi ?? Infinity, ev.x, ev.rem);
  }

  /**
   * The displayed fair value (0..1) at tS: the true probability through the favourite–longshot
   * distortion, logit(p) = logit(q) / γ, plus any forced moves (logit offsets from scenarios and
   * /price). Without forced moves the price is calibrated to the configured bias at every horizon
   * and carries no information beyond the path so far.
   */
  prob(m: MarketRec, tS: number): number {
    if (!m.path) return this.legacyProb(m, tS);
    const q = Math.min(1 - Q_MIN, Math.max(Q_MIN, this.trueProb(m, tS)));
    return sigmoid(Math.log(q / (1 - q)) / this.longshotBias + this.offsetAt(m.idx, tS));
  }

  /** Tape markets: the recorded level plus forced moves, converging to the recorded result. */
  private legacyProb(m: MarketRec, tS: number): number {
    const seed = this.seed;
    const day = tS / 86400;
    const kd = Math.floor(day);
    const fd = smooth(day - kd);
    const z0 = znorm(hash(seed, m.idx, kd, 11));
    const z1 = znorm(hash(seed, m.idx, kd + 1, 11));
    const hr = tS / 3600;
    const kh = Math.floor(hr);
    const fh = smooth(hr - kh);
    const y0 = znorm(hash(seed, m.idx, kh, 12));
    const y1 = znorm(hash(seed, m.idx, kh + 1, 12));
    const x = m.mu + m.volSlow * (z0 + (z1 - z0) * fd) + m.volFast * (y0 + (y1 - y0) * fh) + this.offsetAt(m.idx, tS);
    const { weight, target } = this.convergence(m, tS);
    const p = sigmoid(x);
    return p + (target - p) * weight;
  }

  /**
   * Tape markets only (their result is recorded): near close the price converges toward it:
   * p += (target − p) × weight. A forced move (news, a scenario) restarts the convergence from
   * where it lands, so the forced price shows exactly and then drifts to the outcome by close.
   */
  private convergence(m: MarketRec, tS: number): { weight: number; target: number } {
    const closeS = this.closeS(m);
    const win = Math.min(6 * 3600, 0.25 * Math.max(60, closeS - m.openS));
    const target = this.result(m) === 'yes' ? 0.985 : 0.015;
    const forcedAt = this.latestOffsetIn(m.idx, -Infinity, tS);
    const start = Math.max(closeS - win, forcedAt ?? -Infinity);
    if (tS <= start || closeS <= start) return { weight: tS >= closeS ? 1 : 0, target };
    const w = Math.min(1, (tS - start) / (closeS - start));
    return { weight: w * w, target };
  }

  /** Shift the path so that from tS on the price is `targetProb` (the path keeps moving from there). */
  forcePrice(m: MarketRec, tS: number, targetProb: number): void {
    if (m.path) {
      // A logit offset on the displayed price from tS on; the path (and the result) go on beneath.
      const shown = Math.min(0.9999, Math.max(0.0001, this.prob(m, tS)));
      const t = Math.min(0.995, Math.max(0.005, targetProb));
      this.addOffset(m.idx, tS, Math.log(t / (1 - t)) - Math.log(shown / (1 - shown)));
      return;
    }
    // The convergence restarts at a forced move, so the offset is set on the raw path.
    const { weight, target } = this.convergence(m, tS);
    const shown = this.prob(m, tS);
    const cur = weight >= 1 ? shown : (shown - target * weight) / (1 - weight);
    const c = Math.min(0.995, Math.max(0.005, cur));
    const t = Math.min(0.995, Math.max(0.005, targetProb));
    this.addOffset(m.idx, tS, Math.log(t / (1 - t)) - Math.log(c / (1 - c)));
  }

  addOffset(idx: number, tS: number, d: number): void {
    let list = this.offsets.get(idx);
    if (!list) this.offsets.set(idx, (list = []));
    list.push({ tS, d });
    this.invalidateFrom(tS * 1000);
  }

  addDepthWindow(idx: number, fromS: number, toS: number, mult: number, extraSpreadCents: number): void {
    let list = this.depthWindows.get(idx);
    if (!list) this.depthWindows.set(idx, (list = []));
    list.push({ fromS, toS, mult, extraSpreadCents });
    this.invalidateFrom(fromS * 1000);
  }

  private depthAt(idx: number, tS: number): { mult: number; extra: number } {
    const list = this.depthWindows.get(idx);
    let mult = 1;
    let extra = 0;
    if (list) for (const w of list) if (tS >= w.fromS && tS < w.toS) { mult *= w.mult; extra += w.extraSpreadCents; }
    return { mult, extra };
  }

  // ---------------- synthetic book
  /** Best YES bid / ask (pips) of the synthetic book in a bucket; bid 0 / ask 10000 = empty side. */
  bookTop(m: MarketRec, bucket: number, nowS?: number): BookTop {
    const tS = bucket * BOOK_BUCKET_S;
    // A forced move inside this bucket (a sweep, a scenario) shows in the quote at once,
    // as it would on a real book; otherwise the quote refreshes once per bucket.
    return this.topAt(m, bucket, this.prob(m, this.latestOffsetIn(m.idx, tS, nowS ?? tS) ?? tS), this.depthAt(m.idx, nowS ?? tS).extra);
  }

  /** The synthetic quote of a bucket around a fair value `prob`. */
  private topAt(m: MarketRec, bucket: number, prob: number, extra: number): BookTop {
    const p = Math.round(prob * 10000);
    const h = hash(this.seed, m.idx, bucket, 21);
    const spreadC = 1 + ((h & 0xff) % (m.rate < 2 ? 6 : m.rate < 20 ? 3 : 2)) + extra;
    let bid = Math.floor((p - spreadC * 50) / 100) * 100;
    bid = Math.max(100, Math.min(9800, bid));
    const ask = Math.min(9900, bid + spreadC * 100);
    // near-dead markets sometimes show one empty side, as on Kalshi
    const e = (h >>> 8) & 0xff;
    if (m.rate < 1 && e < 30) return { bid: 0, ask };
    if (m.rate < 1 && e > 230) return { bid, ask: 10000 };
    return { bid, ask };
  }

  /** The time of the latest price offset in (fromS, toS], if any. */
  latestOffsetIn(idx: number, fromS: number, toS: number): number | null {
    let latest: number | null = null;
    for (const o of this.offsets.get(idx) ?? []) if (o.tS > fromS && o.tS <= toS && (latest === null || o.tS > latest)) latest = o.tS;
    return latest;
  }

  /** Synthetic resting levels: YES bids and NO bids (NO-leg prices), best first, sizes in centi-contracts. */
  bookLevels(m: MarketRec, bucket: number, nowS?: number): { yes: [number, number][]; no: [number, number][] } {
    return this.levelsBehind(m, bucket, nowS ?? bucket * BOOK_BUCKET_S, this.bookTop(m, bucket, nowS));
  }

  /**
   * The synthetic quote of a bucket around a fair value the caller knows (a tape market that recorded no books is
   * quoted around its own last trade), widened by any depth window open at `nowS`.
   */
  quoteAround(m: MarketRec, bucket: number, nowS: number, prob: number): BookTop {
    return this.topAt(m, bucket, Math.min(0.99, Math.max(0.01, prob)), this.depthAt(m.idx, nowS).extra);
  }

  /** Synthetic resting levels behind a quote: sizes from the market's depth, thinned by any depth window open at `nowS`. */
  levelsBehind(m: MarketRec, bucket: number, nowS: number, top: BookTop): { yes: [number, number][]; no: [number, number][] } {
    // Depth windows (drains, sweeps) apply from the moment they start, not the next bucket.
    const { mult } = this.depthAt(m.idx, nowS);
    const L = Math.max(2, Math.min(15, 2 + Math.floor(Math.log2(1 + m.depth)) + (mult < 1 ? -3 : 0)));
    const yes: [number, number][] = [];
    const no: [number, number][] = [];
    const size = (k: number, side: number) => {
      const u = u01(this.seed, m.idx, bucket, k * 2 + side, 31);
      const x = m.depth * mult * Math.min(50, Math.pow(1 - u, -1 / 1.5)) * (1 + k * 0.15);
      const cc = u01(this.seed, m.idx, bucket, k * 2 + side, 32) < 0.4 ? Math.round(x * 100) : Math.round(x) * 100;
      return Math.max(1, cc);
    };
    if (top.bid > 0) for (let k = 0; k < L && top.bid - k * 100 >= 100; k++) yes.push([top.bid - k * 100, size(k, 0)]);
    if (top.ask < 10000) for (let k = 0; k < L && 10000 - top.ask - k * 100 >= 100; k++) no.push([10000 - top.ask - k * 100, size(k, 1)]);
    return { yes, no };
  }

  // ---------------- background trades
  /** Trades of one market in one hour, in generation order. Deterministic in (seed, market, hour). */
  genMarketHour(m: MarketRec, hour: number, out: GenTrade[]): void {
    if (this.u.tape || m.rate <= 0) return;
    const hs = hour * 3600;
    const openS = m.openS;
    const closeS = this.closeS(m);
    if (hs + 3600 <= openS || hs >= closeS) return;
    const lambda = (m.rate / 24) * seasonAtHour(hour);
    const n = poisson(lambda, u01(this.seed, m.idx, hour, 0, 1));
    if (n === 0) return;
    const seed = this.seed;
    let lastBucket = -1;
    let top: BookTop = { bid: 0, ask: 10000 };
    // visit the trades in time order: the path evaluations then share most of their descent
    const times = new Float64Array(n);
    const order: number[] = [];
    for (let j = 0; j < n; j++) {
      times[j] = hour * HOUR_MS + Math.floor(u01(seed, m.idx, hour, j, 2) * HOUR_MS);
      order.push(j);
    }
    order.sort((a, b) => times[a]! - times[b]! || a - b);
    // the fair value on the book's 30 s grid, each point computed once
    const grid = new Map<number, number>();
    const pAt = (b: number) => {
      let v = grid.get(b);
      if (v === undefined) grid.set(b, (v = this.prob(m, b * BOOK_BUCKET_S)));
      return v;
    };
    let pBucket = 0;
    for (const j of order) {
      const tsMs = times[j]!;
      const tS = tsMs / 1000;
      if (tS < openS || tS >= closeS) continue;
      if (this.paused(m, tS)) continue;
      const bucket = Math.floor(tS / BOOK_BUCKET_S);
      if (bucket !== lastBucket) {
        pBucket = pAt(bucket);
        top = this.topAt(m, bucket, pBucket, this.depthAt(m.idx, bucket * BOOK_BUCKET_S).extra);
        lastBucket = bucket;
      }
      // aggressors lean with the move: buyers lift when the path rose over the last 15 minutes
      const dp = pBucket - pAt(bucket - 900 / BOOK_BUCKET_S);
      const pYes = 0.5 + Math.max(-0.38, Math.min(0.38, dp * 25));
      let side = u01(seed, m.idx, hour, j, 3) < pYes ? 0 : 1;
      if (top.ask >= 10000) side = 1;
      if (top.bid <= 0) side = 0;
      if (top.ask >= 10000 && top.bid <= 0) continue;
      const price = side === 0 ? top.ask : top.bid;
      const us = u01(seed, m.idx, hour, j, 4);
      const x = Math.min(250000, m.sizeScale * Math.pow(1 - us, -1 / 1.3));
      const cc = u01(seed, m.idx, hour, j, 5) < 0.35 ? Math.max(1, Math.round(x * 100)) : Math.max(1, Math.round(x)) * 100;
      out.push({ tsMs, mkt: m.idx, seq: j, cc, price, side });
    }
  }

  /** Market trades of one hour sorted newest first. */
  marketHourSorted(m: MarketRec, hour: number): GenTrade[] {
    const out: GenTrade[] = [];
    this.genMarketHour(m, hour, out);
    out.sort((a, b) => b.tsMs - a.tsMs || b.seq - a.seq);
    return out;
  }

  /** All background trades of an hour, exchange-wide, in tape order. Cached (LRU). */
  block(hour: number): Block {
    const hit = this.blocks.get(hour);
    if (hit) {
      const i = this.blockLru.indexOf(hour);
      if (i >= 0) this.blockLru.splice(i, 1);
      this.blockLru.push(hour);
      return hit;
    }
    const tmp: GenTrade[] = [];
    const hs = hour * 3600;
    for (const m of this.u.markets) {
      if (m.openS >= hs + 3600 || this.closeS(m) <= hs) continue;
      this.genMarketHour(m, hour, tmp);
    }
    const n = tmp.length;
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    idx.sort((a, b) => {
      const ta = tmp[a]!;
      const tb = tmp[b]!;
      return tb.tsMs - ta.tsMs || tb.mkt - ta.mkt || tb.seq - ta.seq;
    });
    const blk: Block = {
      hour, n,
      ts: new Float64Array(n), mkt: new Int32Array(n), seq: new Int32Array(n),
      cc: new Int32Array(n), price: new Int32Array(n), side: new Uint8Array(n),
    };
    for (let i = 0; i < n; i++) {
      const t = tmp[idx[i]!]!;
      blk.ts[i] = t.tsMs; blk.mkt[i] = t.mkt; blk.seq[i] = t.seq;
      blk.cc[i] = t.cc; blk.price[i] = t.price; blk.side[i] = t.side;
    }
    this.blocks.set(hour, blk);
    this.blockLru.push(hour);
    while (this.blockLru.length > this.maxBlocks) this.blocks.delete(this.blockLru.shift()!);
    return blk;
  }

  /** Overrides only ever apply from a time on, so only blocks from that hour on can change. */
  invalidateFrom(tsMs: number): void {
    const h = Math.floor(tsMs / HOUR_MS);
    for (const k of [...this.blocks.keys()]) if (k >= h) {
      this.blocks.delete(k);
      const i = this.blockLru.indexOf(k);
      if (i >= 0) this.blockLru.splice(i, 1);
    }
  }
}
