// Kalshi fee schedule (per NOTES.md): taker fee = ceil-to-cent(0.07 × multiplier × C × P × (1−P))
// per order; maker fee coefficient 0.0175 for quadratic_with_maker_fees, 0.035 for combos.
// `flat` is modelled as the quadratic fee at P = 0.5 (price independent). All integer math:
// counts in centi-contracts, prices in pips, result in cents.

export type FeeRole = 'taker' | 'maker';

/** coefficient as a rational num/den */
export function feeCoefficient(feeType: string, role: FeeRole): [bigint, bigint] {
  if (role === 'taker') return [7n, 100n];
  if (feeType === 'quadratic_with_maker_fees') return [175n, 10000n];
  if (feeType === 'quadratic_with_combo_maker_fees') return [35n, 1000n];
  return [0n, 1n];
}

/**
 * Unrounded fee numerator for one fill; fee in cents = numerator / denominator.
 * cents = coef × (mult1000/1000) × (cc/100) × (p/1e4) × ((1e4−p)/1e4) × 100
 */
export function feeNumerator(feeType: string, role: FeeRole, mult1000: number, cc: number, pricePips: number): { num: bigint; den: bigint } {
  const [cn, cd] = feeCoefficient(feeType, role);
  const p = feeType === 'flat' ? 5000 : pricePips;
  const num = cn * BigInt(mult1000) * BigInt(cc) * BigInt(p) * BigInt(10000 - p);
  const den = cd * 100_000_000_000n;
  return { num, den };
}

export function ceilDiv(a: bigint, b: bigint): bigint {
  if (a <= 0n) return 0n;
  return (a + b - 1n) / b;
}

/** One-shot fee in cents for C contracts at price P (useful for tests and estimates). */
export function feeCents(feeType: string, role: FeeRole, mult1000: number, cc: number, pricePips: number): number {
  const { num, den } = feeNumerator(feeType, role, mult1000, cc, pricePips);
  return Number(ceilDiv(num, den));
}
