// The latent outcome process behind every generated market: what makes a market's result and its
// fair-value path one and the same thing, so the price never knows more than the path so far.
//
// Each event has one latent Brownian motion X over its life, X(open) = 0, X(close) ~ N(0, 1),
// run on a variance clock v(t) ∈ [0, 1] (a share `early` of the information arrives evenly over
// the life, the rest evenly over a final window, as a game or a data release does). Each market is
// a bin of X's value at the scheduled close: it resolves YES iff lo < X(close) ≤ hi.
//   - binary: (lo, ∞); a ladder ("above k"): (lo_k, ∞) with lo increasing in k, so results are
//     monotone; a range, a game or a candidates event: a partition of the line, so exactly one
//     market of the event wins.
// The true probability at t is exactly P(YES | path so far):
//   q(t) = Φ((hi − X(t)) / √(1 − v(t))) − Φ((lo − X(t)) / √(1 − v(t))),
// a martingale that ends at the result. Paths are built by random midpoint displacement (a
// Brownian bridge on a dyadic grid of the event's life) from hashed normals, so X at any time
// costs one hash per level (≈ log2(life / 60 s) ≤ 22) and nothing is stored.
import { fmix, hash } from '../util/hash.ts';

/** One event's latent path parameters (shared by reference by its markets). */
export interface LatentPath {
  /** hash key of the path: the event index (combos: −1 − market index, one path each) */
  key: number;
  /** start (open) and end (scheduled close) of the path, unix s */
  t0: number;
  t1: number;
  /** share of the variance released evenly over the life; the rest over the final window */
  early: number;
  /** final window, s (6 h, or a quarter of a shorter life) */
  win: number;
  /** dyadic depth: leaves of at most ~60 s */
  depth: number;
}

/**
 * Default favourite–longshot distortion γ: displayed prices satisfy logit(q) = γ · logit(price),
 * q the true probability. Mild (longshots a little rich, favourites a little cheap).
 */
export const DEFAULT_LONGSHOT_BIAS = 1.05;

const TAG_ROOT = 0x1a7e0;
const TAG_NODE = 0x1a7e1;

export function makePath(key: number, t0: number, t1: number, early: number): LatentPath {
  const life = Math.max(1, t1 - t0);
  const win = Math.min(6 * 3600, 0.25 * life);
  const depth = Math.max(0, Math.min(22, Math.ceil(Math.log2(life / 60))));
  return { key, t0, t1: t0 + life, early: Math.min(1, Math.max(0, early)), win, depth };
}

/** Standard normal from one 32-bit hash (Acklam's inverse CDF, as util/hash invNorm, inlined). */
function hnorm(h: number): number {
  const p = (h + 0.5) / 4294967296;
  if (p < 0.02425 || p > 0.97575) {
    const q = Math.sqrt(-2 * Math.log(p < 0.5 ? p : 1 - p));
    const z = (((((-0.007784894002430293 * q - 0.3223964580411365) * q - 2.400758277161838) * q - 2.549732539343734) * q + 4.374664141464968) * q + 2.938163982698783) /
      ((((0.007784695709041462 * q + 0.3224671290700398) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1);
    return p < 0.5 ? z : -z;
  }
  const q = p - 0.5;
  const r = q * q;
  return (((((-39.69683028665376 * r + 220.9460984245205) * r - 275.9285104469687) * r + 138.357751867269) * r - 30.66479806614716) * r + 2.506628277459239) * q /
    (((((-54.47609879822406 * r + 161.5858368580409) * r - 155.6989798598866) * r + 66.80131188771972) * r - 13.28068155288572) * r + 1);
}

/** X at the scheduled close: the event's outcome value, N(0, 1). */
export function terminal(seed: number, key: number): number {
  return hnorm(hash(seed, key, 0, TAG_ROOT));
}

/** Variance clock: 0 at t0, 1 at t1, nondecreasing. */
export function vclock(p: LatentPath, t: number): number {
  if (t <= p.t0) return 0;
  if (t >= p.t1) return 1;
  const lin = (t - p.t0) / (p.t1 - p.t0);
  const ws = p.t1 - p.win;
  const ramp = t <= ws ? 0 : (t - ws) / p.win;
  return p.early * lin + (1 - p.early) * ramp;
}

/** Standard normal CDF (Numerical Recipes' erfc, relative error < 1.2e-7 in both tails). */
export function normCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - 0.5 * r : 0.5 * r;
}

/** P(lo < X(close) ≤ hi | X(t) = x) with 1 − v(t) of the variance left. */
export function binProb(lo: number, hi: number, x: number, rem: number): number {
  if (rem <= 0) return lo < x && x <= hi ? 1 : 0;
  const s = Math.sqrt(rem);
  if (hi === Infinity) return lo === -Infinity ? 1 : normCdf((x - lo) / s);
  if (lo === -Infinity) return normCdf((hi - x) / s);
  return Math.max(0, normCdf((hi - x) / s) - normCdf((lo - x) / s));
}

/**
 * Evaluates X(t) for one path at a time, reusing the common prefix of the previous descent on
 * the same path (queries come in bursts per market and hour, so most levels are shared).
 */
export class PathEvaluator {
  private seed: number;
  private cur: LatentPath | null = null;
  private xEnd = 0;
  /** per level d: the segment [a, b] containing the last query, its X and v, and its node id */
  private A = new Float64Array(24);
  private B = new Float64Array(24);
  private XA = new Float64Array(24);
  private XB = new Float64Array(24);
  private VA = new Float64Array(24);
  private VB = new Float64Array(24);
  private N = new Float64Array(24);
  /** levels of the cached descent that are valid */
  private valid = 0;
  /** per-path hash base of the node normals */
  private hBase = 0;
  /** the last query's result: X(t) and the variance left (1 − v(t)) */
  x = 0;
  rem = 1;

  constructor(seed: number) {
    this.seed = seed;
  }

  /** X(t) and the variance left (1 − v(t)), also left in `x` and `rem`. */
  at(p: LatentPath, t: number): { x: number; rem: number } {
    this.eval(p, t);
    return { x: this.x, rem: this.rem };
  }

  /** Sets `x` and `rem` for X(t) (no allocation: the hot path). */
  eval(p: LatentPath, t: number): void {
    if (this.cur !== p) {
      this.cur = p;
      this.xEnd = terminal(this.seed, p.key);
      this.hBase = hash(this.seed, p.key, 0, TAG_NODE);
      this.A[0] = p.t0; this.B[0] = p.t1; this.XA[0] = 0; this.XB[0] = this.xEnd; this.VA[0] = 0; this.VB[0] = 1; this.N[0] = 1;
      this.valid = 1;
    }
    if (t <= p.t0) { this.x = 0; this.rem = 1; return; }
    if (t >= p.t1) { this.x = this.xEnd; this.rem = 0; return; }
    // deepest cached level whose segment still contains t
    let d = this.valid - 1;
    while (d > 0 && !(t >= this.A[d]! && t < this.B[d]!)) d--;
    const A = this.A, B = this.B, XA = this.XA, XB = this.XB, VA = this.VA, VB = this.VB, N = this.N;
    const hb = this.hBase;
    for (; d < p.depth; d++) {
      const a = A[d]!, b = B[d]!, va = VA[d]!, vb = VB[d]!, xa = XA[d]!, xb = XB[d]!, node = N[d]!;
      const m = (a + b) / 2;
      const vm = vclock(p, m);
      const span = vb - va;
      let xm: number;
      if (span <= 1e-15) xm = xa;
      else {
        const w = (vm - va) / span;
        const sd = Math.sqrt(Math.max(0, (vm - va) * (vb - vm) / span));
        xm = xa + w * (xb - xa) + sd * hnorm(fmix((hb ^ Math.imul(node, 0x9e3779b1)) >>> 0));
      }
      const e = d + 1;
      if (t < m) { A[e] = a; B[e] = m; XA[e] = xa; XB[e] = xm; VA[e] = va; VB[e] = vm; N[e] = node * 2; }
      else { A[e] = m; B[e] = b; XA[e] = xm; XB[e] = xb; VA[e] = vm; VB[e] = vb; N[e] = node * 2 + 1; }
    }
    this.valid = p.depth + 1;
    const L = p.depth;
    const vt = vclock(p, t);
    const span = VB[L]! - VA[L]!;
    this.x = span > 1e-15 ? XA[L]! + ((vt - VA[L]!) / span) * (XB[L]! - XA[L]!) : XA[L]!;
    this.rem = 1 - vt;
  }
}
