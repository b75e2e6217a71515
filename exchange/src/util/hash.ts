// Stateless integer hashing: every generated value is a pure function of (seed, keys),
// so any time window can be regenerated on demand and always yields the same trades.

/** MurmurHash3's 32-bit finaliser: mixes every input bit into every output bit. */
export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hash(seed: number, a: number, b = 0, c = 0, d = 0): number {
  let h = fmix((seed ^ 0x9e3779b9) >>> 0);
  h = fmix((h ^ Math.imul(a | 0, 0xcc9e2d51)) >>> 0);
  h = fmix((h + Math.imul(b | 0, 0x1b873593) + 0x6b43a9b5) >>> 0);
  h = fmix((h ^ Math.imul(c | 0, 0x27d4eb2f)) >>> 0);
  h = fmix((h + Math.imul(d | 0, 0x165667b1) + 0x7f4a7c15) >>> 0);
  return h;
}

/** Uniform in [0, 1). */
export function u01(seed: number, a: number, b = 0, c = 0, d = 0): number {
  return hash(seed, a, b, c, d) / 4294967296;
}

/** Approximately standard normal from one uniform (Acklam's inverse normal CDF, |err| < 1.2e-9). */
export function invNorm(p: number): number {
  if (p <= 0) p = 1e-12;
  if (p >= 1) p = 1 - 1e-12;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - pl) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Poisson draw by inversion from a single uniform (normal approximation for large means). */
export function poisson(lambda: number, u: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 40) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * invNorm(u)));
  let p = Math.exp(-lambda);
  let f = p;
  let k = 0;
  while (u > f && k < 200) {
    k++;
    p *= lambda / k;
    f += p;
  }
  return k;
}

/** Sequential PRNG for one-off builds (universe construction). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(x: number): string {
  return HEX[(x >>> 24) & 255]! + HEX[(x >>> 16) & 255]! + HEX[(x >>> 8) & 255]! + HEX[x & 255]!;
}

/** Deterministic RFC 4122 v4-shaped UUID from a key. */
export function uuidFrom(seed: number, a: number, b = 0, c = 0): string {
  const w0 = hash(seed, a, b, c, 1);
  const w1 = hash(seed, a, b, c, 2);
  const w2 = hash(seed, a, b, c, 3);
  const w3 = hash(seed, a, b, c, 4);
  const s0 = hex32(w0);
  const s1 = hex32(w1);
  const s2 = hex32(w2);
  const s3 = hex32(w3);
  const v = '4' + s1.slice(5, 8);
  const variant = ((parseInt(s2[0]!, 16) & 3) | 8).toString(16) + s2.slice(1, 4);
  return `${s0}-${s1.slice(0, 4)}-${v}-${variant}-${s2.slice(4, 8)}${s3}`;
}
