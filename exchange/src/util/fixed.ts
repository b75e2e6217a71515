// Exact fixed-point helpers. Internal units:
//   price: integer 1e-4 dollars ("pips"), 10000 = $1
//   count: integer centi-contracts, 100 = 1 contract
//   money: integer micro-dollars; price(pips) * count(centi) = micro-dollars exactly.

export const ONE = 10000;

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/** 4200 -> "0.4200" */
export function pipsToDollars(p: number): string {
  const neg = p < 0;
  const a = Math.abs(Math.round(p));
  return `${neg ? '-' : ''}${Math.floor(a / ONE)}.${pad(a % ONE, 4)}`;
}

/** 1300 -> "13.00"; negative allowed (positions). */
export function ccToFp(cc: number): string {
  const neg = cc < 0;
  const a = Math.abs(Math.round(cc));
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${pad(a % 100, 2)}`;
}

/** micro-dollars -> dollar string with 4 decimals, or 6 when sub-pip precision is needed. */
export function microToDollars(m: number | bigint): string {
  let v = BigInt(m);
  const neg = v < 0n;
  if (neg) v = -v;
  const whole = v / 1000000n;
  const frac = v % 1000000n;
  const fracStr = frac.toString().padStart(6, '0');
  const s = frac % 100n === 0n ? fracStr.slice(0, 4) : fracStr;
  return `${neg ? '-' : ''}${whole}.${s}`;
}

/** Parse a FixedPointCount ("10", "10.5", "10.00") into centi-contracts; null if invalid. */
export function parseCount(s: unknown): number | null {
  if (typeof s === 'number' && Number.isFinite(s)) s = String(s);
  if (typeof s !== 'string') return null;
  const m = /^(\d{1,12})(?:\.(\d{0,2}))?$/.exec(s.trim());
  if (!m) return null;
  const whole = Number(m[1]);
  const frac = Number((m[2] ?? '').padEnd(2, '0') || '0');
  return whole * 100 + frac;
}

/** Parse a FixedPointDollars price ("0.56", "0.5600") into pips; null if invalid or more precise than a pip. */
export function parsePrice(s: unknown): number | null {
  if (typeof s !== 'string') return null;
  const m = /^(\d)(?:\.(\d{0,6}))?$/.exec(s.trim());
  if (!m) return null;
  const frac = (m[2] ?? '').padEnd(6, '0');
  if (frac.slice(4) !== '00') return null;
  return Number(m[1]) * ONE + Number(frac.slice(0, 4));
}

/** Parse dollars (any magnitude) into micro-dollars. */
export function parseDollarsMicro(s: unknown): number | null {
  if (typeof s === 'number' && Number.isFinite(s)) s = s.toFixed(6);
  if (typeof s !== 'string') return null;
  const m = /^(-?)(\d{1,12})(?:\.(\d{0,6}))?$/.exec(s.trim());
  if (!m) return null;
  const v = Number(m[2]) * 1e6 + Number((m[3] ?? '').padEnd(6, '0') || '0');
  return m[1] ? -v : v;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
