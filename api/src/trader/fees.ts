// Kalshi's trading fee, exactly (NOTES §5): per order, fee = ceil-to-cent(coef × fee_multiplier ×
// C × P × (1−P)) summed over the order's fills and rounded once. Taker coef 0.07; maker 0.0175
// for *_with_maker_fees, 0.035 for combos, else 0; `flat` charges as if P = 0.5. P × (1−P) is
// the same for either leg, so YES and NO prices give the same fee. All integer arithmetic.

export interface FeeSchedule {
  feeType: string;
  /** Series fee_multiplier in ten-thousandths (Decimal(10,4)): 1.0 → 10 000n. */
  multiplier10k: bigint;
}

export type FeeRole = 'taker' | 'maker';

export const DEFAULT_FEE_SCHEDULE: FeeSchedule = { feeType: 'quadratic', multiplier10k: 10_000n };

/** Coefficient as num/den. Unknown fee types are charged as quadratic takers (never under-estimate). */
export function feeCoefficient(feeType: string, role: FeeRole): [bigint, bigint] {
  if (role === 'taker') return [7n, 100n];
  if (feeType === 'quadratic_with_maker_fees') return [175n, 10_000n];
  if (feeType === 'quadratic_with_combo_maker_fees') return [35n, 1_000n];
  return [0n, 1n];
}

export interface FillAmount {
  countCenti: bigint;
  /** Either leg's price in micro-dollars. */
  priceMicros: bigint;
}

/** The fee for one order (all its fills) in micro-dollars, a whole number of cents. */
export function orderFeeMicros(schedule: FeeSchedule, fills: readonly FillAmount[], role: FeeRole = 'taker'): bigint {
  const [cn, cd] = feeCoefficient(schedule.feeType, role);
  if (cn === 0n) return 0n;
  let num = 0n;
  for (const f of fills) {
    if (f.countCenti <= 0n) continue;
    const p = schedule.feeType === 'flat' ? 500_000n : f.priceMicros;
    if (p <= 0n || p >= 1_000_000n) continue;
    num += f.countCenti * p * (1_000_000n - p);
  }
  if (num === 0n) return 0n;
  // cents = cn/cd × m/1e4 × cc/100 × p/1e6 × (1e6−p)/1e6 × 100
  const numerator = cn * schedule.multiplier10k * num;
  const denominator = cd * 10_000n * 1_000_000n * 1_000_000n;
  const cents = (numerator + denominator - 1n) / denominator;
  return cents * 10_000n;
}

/** Fee for `countCenti` contracts all at one price. */
export function feeAt(schedule: FeeSchedule, countCenti: bigint, priceMicros: bigint, role: FeeRole = 'taker'): bigint {
  return orderFeeMicros(schedule, [{ countCenti, priceMicros }], role);
}

/** A Decimal(10,4) multiplier (as an exact string or number) in ten-thousandths. */
export function multiplierFrom(value: { toFixed(d: number): string } | string | number | null | undefined): bigint {
  if (value === null || value === undefined) return 10_000n;
  const s = typeof value === 'object' ? value.toFixed(4) : typeof value === 'number' ? value.toFixed(4) : value;
  const m = /^(\d+)(?:\.(\d{1,4}))?\d*$/.exec(s.trim());
  if (!m) return 10_000n;
  return BigInt(m[1]!) * 10_000n + BigInt((m[2] ?? '').padEnd(4, '0'));
}

/**
 * Expected value in micro-dollars of buying `countCenti` contracts of a side at `priceMicros`
 * each, when that side wins with probability `probabilityPpm` (parts per million): the payout
 * is $1 per contract, the cost is price × count plus the taker fee. Settlement has no fee.
 */
export function expectedValueMicros(schedule: FeeSchedule, countCenti: bigint, priceMicros: bigint, probabilityPpm: bigint): {
  evMicros: bigint;
  costMicros: bigint;
  feeMicros: bigint;
} {
  const costMicros = (countCenti * priceMicros) / 100n;
  const feeMicros = feeAt(schedule, countCenti, priceMicros);
  // payout: count (cc/100) × $1 × q → cc × 1e6 × (ppm/1e6) / 100 = cc × ppm / 100
  const expectedPayout = (countCenti * probabilityPpm) / 100n;
  return { evMicros: expectedPayout - costMicros - feeMicros, costMicros, feeMicros };
}
