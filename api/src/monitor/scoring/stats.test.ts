import { describe, expect, it } from 'vitest';
import { easternHour, lnGamma, mad, median, medianMad, poissonTailLog10, quantileSorted, ramp, robustScale, robustZ } from './stats.ts';

describe('median / MAD', () => {
  it('is exact on small arrays', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(Number.isNaN(median([]))).toBe(true);
    // |x − 3| of [1,2,3,4,100] = [2,1,0,1,97] → median 1
    expect(medianMad([1, 2, 3, 4, 100])).toEqual({ median: 3, mad: 1 });
    expect(mad([1, 1, 1, 1], 1)).toBe(0);
    expect(mad([1, 2, 3, 4], 2.5)).toBe(1);
  });
  it('does not modify its input', () => {
    const a = [3, 1, 2];
    median(a);
    expect(a).toEqual([3, 1, 2]);
  });
  it('is robust to one outlier', () => {
    const clean = [10, 11, 9, 10, 12, 8, 10];
    const dirty = [...clean.slice(0, 6), 1e9];
    expect(Math.abs(median(dirty) - median(clean))).toBeLessThanOrEqual(1);
    expect(medianMad(dirty).mad).toBeLessThanOrEqual(2);
  });
  it('quantile interpolates linearly', () => {
    expect(quantileSorted([0, 10], 0.5)).toBe(5);
    expect(quantileSorted([1, 2, 3, 4, 5], 0.99)).toBeCloseTo(4.96, 10);
    expect(quantileSorted([1, 2, 3], 1)).toBe(3);
  });
});

describe('robust z and ramp', () => {
  it('floors the scale so a MAD of 0 never divides by zero', () => {
    expect(robustScale(0, 0.5)).toBe(0.5);
    expect(robustScale(Number.NaN, 0.5)).toBe(0.5);
    expect(robustScale(1, 0.5)).toBeCloseTo(1.4826, 10);
    expect(robustZ(10, 0, 0)).toBe(0); // infinite → 0, never NaN/∞
    expect(robustZ(3, 1, 1)).toBe(2);
  });
  it('maps z to 0..100 linearly between zLow and zHigh', () => {
    const r = { zLow: 2, zHigh: 10 };
    expect(ramp(1, r)).toBe(0);
    expect(ramp(2, r)).toBe(0);
    expect(ramp(6, r)).toBe(50);
    expect(ramp(10, r)).toBe(100);
    expect(ramp(1e9, r)).toBe(100);
    expect(ramp(Number.NaN, r)).toBe(0);
  });
});

describe('Poisson tail', () => {
  const direct = (k: number, lam: number) => {
    let p = 0;
    let term = Math.exp(-lam);
    for (let j = 0; j < k; j++) {
      p += term;
      term *= lam / (j + 1);
    }
    return 1 - p;
  };
  it('matches the direct sum where that is accurate', () => {
    for (const [k, lam] of [[5, 1], [10, 3], [20, 10], [3, 0.5]] as const) {
      expect(poissonTailLog10(k, lam)).toBeCloseTo(Math.log10(direct(k, lam)), 6);
    }
  });
  it('stays finite in the far tail and is 0 (P = 1) at or below the mean', () => {
    const v = poissonTailLog10(80, 0.001);
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeLessThan(-200);
    expect(poissonTailLog10(3, 5)).toBe(0);
    expect(poissonTailLog10(0, 5)).toBe(0);
    expect(poissonTailLog10(5, 0)).toBeLessThan(-30);
  });
  it('lnGamma matches factorials', () => {
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(lnGamma(1)).toBeCloseTo(0, 10);
  });
});

describe('easternHour (America/New_York, DST-aware)', () => {
  it('handles the spring-forward gap (2024-03-10)', () => {
    expect(easternHour(Date.UTC(2024, 2, 10, 6, 30))).toBe(1); // 01:30 EST
    expect(easternHour(Date.UTC(2024, 2, 10, 7, 30))).toBe(3); // 03:30 EDT (02:xx does not exist)
  });
  it('handles the fall-back repeat (2024-11-03)', () => {
    expect(easternHour(Date.UTC(2024, 10, 3, 5, 30))).toBe(1); // 01:30 EDT
    expect(easternHour(Date.UTC(2024, 10, 3, 6, 30))).toBe(1); // 01:30 EST again
    expect(easternHour(Date.UTC(2024, 10, 3, 7, 30))).toBe(2);
  });
  it('gives midnight as 0 and survives out-of-range times', () => {
    expect(easternHour(Date.UTC(2024, 0, 15, 5, 0))).toBe(0);
    expect(easternHour(Date.UTC(2024, 6, 15, 4, 0))).toBe(0);
    expect(easternHour(1e20)).toBeGreaterThanOrEqual(0);
  });
});
