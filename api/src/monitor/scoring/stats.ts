/** Small robust-statistics helpers shared by the baseline and the signals. Pure; no allocation on hot paths. */
import { ROBUST, TIME_ZONE, type ScoreRamp } from './constants.ts';

/** Median of an ascending-sorted array (mean of the two middle values for even lengths); NaN if empty. */
export function medianSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = n >> 1;
  return n % 2 === 1 ? sorted[h]! : (sorted[h - 1]! + sorted[h]!) / 2;
}

/** Median of any array (copied and sorted; the input is not modified). NaN if empty. */
export function median(values: ArrayLike<number>): number {
  return medianSorted(Float64Array.from(values).sort());
}

/** Median absolute deviation from `center` (unscaled). NaN if empty. */
export function mad(values: ArrayLike<number>, center: number): number {
  const n = values.length;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = Math.abs(values[i]! - center);
  return medianSorted(d.sort());
}

/** Median and MAD in one go. Both NaN if empty. */
export function medianMad(values: ArrayLike<number>): { median: number; mad: number } {
  const m = median(values);
  return { median: m, mad: values.length === 0 ? Number.NaN : mad(values, m) };
}

/** Quantile of an ascending-sorted array with linear interpolation (type 7). NaN if empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = Math.min(1, Math.max(0, q)) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Scaled MAD (1.4826 × MAD) with a floor; a NaN or zero MAD yields the floor. */
export function robustScale(madValue: number, floor: number): number {
  const s = ROBUST.madScale * madValue;
  return Number.isFinite(s) && s > floor ? s : floor;
}

/** Robust z-score (x − median) / scale; 0 if any input is not finite. */
export function robustZ(x: number, med: number, scale: number): number {
  const z = (x - med) / scale;
  return Number.isFinite(z) ? z : 0;
}

/** Linear saturating ramp to 0..100: 0 up to zLow, 100 from zHigh. NaN → 0. */
export function ramp(z: number, r: ScoreRamp): number {
  if (!(z > r.zLow)) return 0;
  if (z >= r.zHigh) return 100;
  return (100 * (z - r.zLow)) / (r.zHigh - r.zLow);
}

/** Clamp to [0, 100]; NaN → 0. */
export function clampScore(x: number): number {
  if (!(x > 0)) return 0;
  return x >= 100 ? 100 : x;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * log10 P(X ≥ k) for X ~ Poisson(λ), accurate in the far tail (no underflow). Returns 0 (P = 1) when k ≤ 0
 * or k ≤ λ (the conservative answer: no surprise), and −Infinity never: λ is floored at 1e-9.
 * Works for non-integer k (quasi-Poisson) by using the Gamma function for k!.
 */
export function poissonTailLog10(k: number, lambda: number): number {
  if (!(k > 0)) return 0;
  const lam = lambda > 1e-9 ? lambda : 1e-9;
  if (k <= lam) return 0;
  // log of the first term, then the sum of the ratios term_{j}/term_k = Π λ/(k+i)
  const logFirst = -lam + k * Math.log(lam) - lnGamma(k + 1);
  let sum = 1;
  let term = 1;
  for (let i = 1; i < 2000; i++) {
    term *= lam / (k + i);
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  const lg = (logFirst + Math.log(sum)) / Math.LN10;
  return lg > 0 ? 0 : lg;
}

// ---------------------------------------------------------------- hour of day, US Eastern

const HOUR_MS = 3_600_000;
const etFormat = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, hour: 'numeric', hourCycle: 'h23' });
const hourCache = new Map<number, number>();

/**
 * Hour of day (0..23) in US Eastern time, DST-aware (Intl with America/New_York). US Eastern offsets are whole hours,
 * so the answer is a function of the UTC hour; results are memoised per UTC hour in a bounded cache.
 */
export function easternHour(ts: number): number {
  const key = Math.floor(ts / HOUR_MS);
  const hit = hourCache.get(key);
  if (hit !== undefined) return hit;
  if (!Number.isFinite(key)) return 0;
  let h = 0;
  try {
    h = Number(etFormat.format(new Date(key * HOUR_MS + 1)));
  } catch {
    h = 0; // outside the Date range
  }
  if (!Number.isFinite(h)) h = 0;
  h = ((h % 24) + 24) % 24;
  if (hourCache.size >= 20_000) hourCache.clear();
  hourCache.set(key, h);
  return h;
}

// ---------------------------------------------------------------- tail probabilities

/**
 * log10 P(Z ≥ z) for a standard normal Z, accurate far into the tail (no underflow): the
 * complementary error function of Numerical Recipes (fractional error < 1.2e-7), taken in logs.
 * Returns 0 (P = 1) for non-finite input; values for z < 0 are exact too (P > 0.5).
 */
export function normalTailLog10(z: number): number {
  if (!Number.isFinite(z)) return z === Infinity ? -Infinity : 0;
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const lnErfc =
    Math.log(t) -
    x * x -
    1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  // P(Z ≥ z) = erfc(z/√2) / 2 for z ≥ 0, and 1 − that for z < 0
  const upper = lnErfc - Math.LN2;
  if (z >= 0) return upper / Math.LN10;
  return Math.log10(1 - Math.exp(upper));
}

/** Surprise of a tail probability: −log10 p, floored at 0 (p ≥ 1 is no surprise). */
export function surpriseOf(log10p: number): number {
  return Number.isFinite(log10p) ? (log10p < 0 ? -log10p : 0) : log10p === -Infinity ? 300 : 0;
}

/** Weighted median of `values` with non-negative `weights` (parallel arrays); NaN when the weights sum to 0. */
export function weightedMedian(values: ArrayLike<number>, weights: ArrayLike<number>): number {
  const n = values.length;
  const idx = Array.from({ length: n }, (_, i) => i).filter((i) => weights[i]! > 0 && Number.isFinite(values[i]!));
  idx.sort((a, b) => values[a]! - values[b]! || a - b);
  let total = 0;
  for (const i of idx) total += weights[i]!;
  if (!(total > 0)) return Number.NaN;
  let acc = 0;
  for (const i of idx) {
    acc += weights[i]!;
    if (acc >= total / 2) return values[i]!;
  }
  return values[idx[idx.length - 1]!]!;
}

/** Weighted median absolute deviation around `center`. */
export function weightedMad(values: ArrayLike<number>, weights: ArrayLike<number>, center: number): number {
  const dev = Float64Array.from(values as ArrayLike<number>, (v) => Math.abs(v - center));
  return weightedMedian(dev, weights);
}
