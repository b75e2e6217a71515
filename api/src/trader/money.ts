// Money at the edges: bigint micro-dollars and centi-contracts in logic, Prisma Decimal (passed
// as exact strings) in the database, fixed-point dollar strings in the API. Never a float.
import { formatCount, formatDollars, parseCount, parseDollars } from '../kalshi/fixed-point.ts';

export const MICROS = 1_000_000n;
export const CENTI = 100n;

type DecimalLike = { toFixed(digits: number): string } | string | number | null | undefined;

/** A Prisma Decimal (or exact string) as micro-dollars; null/undefined → 0. */
export function decToMicros(value: DecimalLike): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'string') return parseDollars(value);
  if (typeof value === 'number') return numberToMicros(value);
  return parseDollars(value.toFixed(6));
}

export function decToCenti(value: DecimalLike): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'string') return parseCount(value);
  if (typeof value === 'number') return BigInt(Math.round(value * 100));
  return parseCount(value.toFixed(2));
}

/** For settings entered as numbers (0.85, 100): they are validated to be plain decimals. */
export function numberToMicros(value: number): bigint {
  return BigInt(Math.round(value * 1_000_000));
}

/** Exact string for a Decimal column or an API field ("12.340000" → "12.34"). */
export function microsToDec(micros: bigint): string {
  return formatDollars(micros);
}

export function centiToDec(centi: bigint): string {
  return formatCount(centi);
}

/** "12.34" style, for API responses (exact, at least 2 decimals, no trailing zeros past that). */
export function dollars(micros: bigint): string {
  const s = formatDollars(micros);
  return s.replace(/(\.\d\d\d*?)0+$/, '$1');
}

/** "$12.34" for emails and prompts (rounded half away from zero to cents). */
export function usd(micros: bigint): string {
  const neg = micros < 0n;
  const abs = neg ? -micros : micros;
  const cents = (abs + 5_000n) / 10_000n;
  const s = `$${(cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${(cents % 100n).toString().padStart(2, '0')}`;
  return neg && cents !== 0n ? `-${s}` : s;
}

/** A price as a plain number for display and statistics only (never for money arithmetic). */
export function priceNumber(micros: bigint): number {
  return Number(micros) / 1_000_000;
}

export function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

/** Floor to a whole cent (10 000 µ$). */
export function floorCent(micros: bigint): bigint {
  return micros >= 0n ? (micros / 10_000n) * 10_000n : -(((-micros + 9_999n) / 10_000n) * 10_000n);
}

export function ceilCent(micros: bigint): bigint {
  return -floorCent(-micros);
}
