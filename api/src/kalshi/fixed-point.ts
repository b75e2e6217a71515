/**
 * Exact fixed-point conversions for Kalshi's string amounts. Money never touches a float.
 *
 * - Prices / dollar amounts (`*_dollars`, `fee_cost`, `price`, …) are `FixedPointDollars` strings:
 *   responses carry up to 6 decimals, requests accept 2–4. We store them as **bigint micro-dollars**
 *   (1 dollar = 1_000_000n), which holds every response value exactly.
 * - Contract counts (`*_fp`, `count`, …) are `FixedPointCount` strings with 2 decimals (0–2 accepted in
 *   requests). We store them as **bigint centi-contracts** (1 contract = 100n).
 *
 * Both parsers accept an optional leading `-` (positions, P&L and order-book deltas are signed) and reject
 * everything else: empty strings, `NaN`, exponents, `+`, whitespace, too many decimals.
 */

export const MICROS_PER_DOLLAR = 1_000_000n;
export const CENTI_PER_CONTRACT = 100n;
export const DOLLAR_DECIMALS = 6;
export const COUNT_DECIMALS = 2;

export class FixedPointError extends Error {
  override readonly name = 'FixedPointError';
}

const DECIMAL_RE = /^(-?)(\d+)(?:\.(\d+))?$/;

function parseFixed(input: string, decimals: number, what: string): bigint {
  if (typeof input !== 'string') throw new FixedPointError(`${what}: expected a string`);
  const m = DECIMAL_RE.exec(input);
  if (!m) throw new FixedPointError(`${what}: not a fixed-point decimal: ${JSON.stringify(input.slice(0, 40))}`);
  const [, sign, intPart = '0', frac = ''] = m;
  if (frac.length > decimals) {
    // Tolerate trailing zeros beyond our precision ("0.42000000"), never silently round real digits.
    if (!/^0*$/.test(frac.slice(decimals))) {
      throw new FixedPointError(`${what}: more than ${decimals} decimals: ${JSON.stringify(input.slice(0, 40))}`);
    }
  }
  const fracPart = frac.slice(0, decimals).padEnd(decimals, '0');
  // Below 2^53 the integer arithmetic is exact in a double, and much cheaper than BigInt(string).
  if (intPart.length + decimals <= 15) {
    const n = Number(intPart) * 10 ** decimals + Number(fracPart);
    return BigInt(sign === '-' ? -n : n);
  }
  const scaled = BigInt(intPart + fracPart);
  return sign === '-' ? -scaled : scaled;
}

function formatFixed(value: bigint, decimals: number, minDecimals: number): string {
  if (typeof value !== 'bigint') throw new FixedPointError('expected a bigint');
  const neg = value < 0n;
  const abs = neg ? -value : value;
  const scale = 10n ** BigInt(decimals);
  const intPart = abs / scale;
  let frac = (abs % scale).toString().padStart(decimals, '0');
  while (frac.length > minDecimals && frac.endsWith('0')) frac = frac.slice(0, -1);
  const body = frac.length > 0 ? `${intPart}.${frac}` : intPart.toString();
  return neg && abs !== 0n ? `-${body}` : body;
}

/** `"0.4235"` → `423500n` micro-dollars. Throws {@link FixedPointError} on anything that is not an exact decimal. */
export function parseDollars(input: string): bigint {
  return parseFixed(input, DOLLAR_DECIMALS, 'dollars');
}

/**
 * Micro-dollars → dollar string with at least 4 decimals (`423500n` → `"0.4235"`, `423510n` → `"0.42351"`).
 * The result is exact and `parseDollars(formatDollars(x)) === x` for every bigint.
 */
export function formatDollars(micros: bigint): string {
  return formatFixed(micros, DOLLAR_DECIMALS, 4);
}

/**
 * Formats a price for a request body. Kalshi requests accept 2–4 decimals, so a value with sub-1/100¢
 * precision cannot be sent: it throws instead of rounding.
 */
export function formatDollarsForRequest(micros: bigint): string {
  if (micros % 100n !== 0n) {
    throw new FixedPointError(`price ${formatDollars(micros)} has more than 4 decimals; Kalshi requests accept 2–4`);
  }
  return formatFixed(micros, DOLLAR_DECIMALS, 4);
}

/** `"13.25"` → `1325n` centi-contracts. */
export function parseCount(input: string): bigint {
  return parseFixed(input, COUNT_DECIMALS, 'count');
}

/** Centi-contracts → count string with exactly 2 decimals (`1325n` → `"13.25"`), the response format. */
export function formatCount(centi: bigint): string {
  return formatFixed(centi, COUNT_DECIMALS, 2);
}

/** Non-throwing variants: `null` when the input is not a valid fixed-point string. */
export function tryParseDollars(input: unknown): bigint | null {
  if (typeof input !== 'string') return null;
  try {
    return parseDollars(input);
  } catch {
    return null;
  }
}

export function tryParseCount(input: unknown): bigint | null {
  if (typeof input !== 'string') return null;
  try {
    return parseCount(input);
  } catch {
    return null;
  }
}

/** Whole cents (the integer `balance`, `revenue`, `value` fields) → micro-dollars. */
export function centsToMicros(cents: number): bigint {
  if (!Number.isSafeInteger(cents)) throw new FixedPointError(`cents: not a safe integer: ${cents}`);
  return BigInt(cents) * 10_000n;
}
