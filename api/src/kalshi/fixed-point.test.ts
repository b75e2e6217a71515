import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FixedPointError,
  centsToMicros,
  formatCount,
  formatDollars,
  formatDollarsForRequest,
  parseCount,
  parseDollars,
  tryParseCount,
  tryParseDollars,
} from './fixed-point.ts';

describe('parseDollars / formatDollars', () => {
  it.each([
    ['0.4235', 423500n],
    ['0.42', 420000n],
    ['0.4200', 420000n],
    ['1.0000', 1_000_000n],
    ['0', 0n],
    ['0.000001', 1n],
    ['0.123456', 123456n],
    ['12345.67', 12_345_670_000n],
    ['-0.5000', -500_000n],
    ['-12.000001', -12_000_001n],
    ['0.42000000', 420000n], // zeros beyond 6 decimals are harmless
  ])('parses %s', (s, v) => {
    expect(parseDollars(s)).toBe(v);
  });

  it.each(['', 'NaN', 'abc', '0.1234567', '1e-3', '+0.5', ' 0.5', '0.5 ', '.5', '5.', '0x10', '--1', '1,000.00', 'Infinity', '٣'])('rejects %j', (s) => {
    expect(() => parseDollars(s)).toThrow(FixedPointError);
    expect(tryParseDollars(s)).toBeNull();
  });

  it('rejects non-strings', () => {
    expect(() => parseDollars(0.5 as unknown as string)).toThrow(FixedPointError);
    expect(tryParseDollars(0.5)).toBeNull();
    expect(tryParseDollars(null)).toBeNull();
  });

  it.each([
    [423500n, '0.4235'],
    [420000n, '0.4200'],
    [423510n, '0.42351'],
    [1n, '0.000001'],
    [0n, '0.0000'],
    [1_000_000n, '1.0000'],
    [-500_000n, '-0.5000'],
    [-1n, '-0.000001'],
    [12_345_670_000n, '12345.6700'],
  ])('formats %s as %s', (v, s) => {
    expect(formatDollars(v)).toBe(s);
  });

  it('round-trips every bigint: parse(format(x)) === x', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (x) => {
        expect(parseDollars(formatDollars(x))).toBe(x);
      }),
      { numRuns: 2000 },
    );
  });

  it('format(parse(s)) is a canonical form that parses to the same value', () => {
    const decimalString = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.integer({ min: 0, max: 6 }), fc.bigInt({ min: 0n, max: 999_999n }))
      .map(([neg, i, d, f]) => {
        const frac = d === 0 ? '' : `.${(f % 10n ** BigInt(d)).toString().padStart(d, '0')}`;
        return `${neg ? '-' : ''}${i}${frac}`;
      });
    fc.assert(
      fc.property(decimalString, (s) => {
        const v = parseDollars(s);
        const canon = formatDollars(v);
        expect(parseDollars(canon)).toBe(v);
        expect(canon).toMatch(/^-?\d+\.\d{4,6}$/);
        expect(formatDollars(parseDollars(canon))).toBe(canon);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with exact decimal arithmetic (no float drift)', () => {
    // 0.1 + 0.2 in micros is exactly 0.3
    expect(parseDollars('0.1') + parseDollars('0.2')).toBe(parseDollars('0.3'));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (a, b) => {
        expect(parseDollars(formatDollars(BigInt(a))) + parseDollars(formatDollars(BigInt(b)))).toBe(BigInt(a + b));
      }),
    );
  });
});

describe('formatDollarsForRequest', () => {
  it('formats with 4 decimals', () => {
    expect(formatDollarsForRequest(560_000n)).toBe('0.5600');
    expect(formatDollarsForRequest(100n)).toBe('0.0001');
    expect(formatDollarsForRequest(999_900n)).toBe('0.9999');
  });
  it('refuses sub-1/100-cent precision instead of rounding', () => {
    expect(() => formatDollarsForRequest(560_001n)).toThrow(FixedPointError);
    expect(() => formatDollarsForRequest(10n)).toThrow(FixedPointError);
  });
  it('round-trips for any 4-decimal value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 10n }), (x) => {
        const v = x * 100n;
        const s = formatDollarsForRequest(v);
        expect(s).toMatch(/^\d+\.\d{4}$/);
        expect(parseDollars(s)).toBe(v);
      }),
    );
  });
});

describe('parseCount / formatCount', () => {
  it.each([
    ['13.25', 1325n],
    ['13', 1300n],
    ['13.0', 1300n],
    ['0.01', 1n],
    ['72612.49', 7_261_249n],
    ['-5.50', -550n],
    ['0.00', 0n],
  ])('parses %s', (s, v) => {
    expect(parseCount(s)).toBe(v);
  });
  it.each(['13.255', 'NaN', '', '1e2', 'ten', '-', '1.2.3'])('rejects %j', (s) => {
    expect(() => parseCount(s)).toThrow(FixedPointError);
    expect(tryParseCount(s)).toBeNull();
  });
  it.each([
    [1325n, '13.25'],
    [1300n, '13.00'],
    [1n, '0.01'],
    [0n, '0.00'],
    [-550n, '-5.50'],
  ])('formats %s as %s', (v, s) => {
    expect(formatCount(v)).toBe(s);
  });
  it('round-trips: parse(format(x)) === x and format(parse(s)) === s for canonical s', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }), (x) => {
        const s = formatCount(x);
        expect(s).toMatch(/^-?\d+\.\d{2}$/);
        expect(parseCount(s)).toBe(x);
        expect(formatCount(parseCount(s))).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('centsToMicros', () => {
  it('converts integer cents', () => {
    expect(centsToMicros(12345)).toBe(123_450_000n);
    expect(centsToMicros(-1)).toBe(-10_000n);
    expect(() => centsToMicros(1.5)).toThrow(FixedPointError);
  });
});

describe('schema regexes agree with the parsers', () => {
  it('DOLLARS_RE / COUNT_RE accept exactly what parseDollars / parseCount accept', async () => {
    const { DOLLARS_RE, COUNT_RE } = await import('./schemas.ts');
    const chars = fc.constantFrom('0', '1', '9', '.', '-', '0', '5', 'e', ' ', '+');
    const candidates = fc.oneof(fc.string({ unit: chars, maxLength: 12 }), fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(candidates, (s) => {
        expect(DOLLARS_RE.test(s)).toBe(tryParseDollars(s) !== null);
        expect(COUNT_RE.test(s)).toBe(tryParseCount(s) !== null);
      }),
      { numRuns: 5000 },
    );
    for (const s of ['0.1234560', '0.12345600000', '0.1234567', '1.000', '1.001', '-0.01']) {
      expect(DOLLARS_RE.test(s)).toBe(tryParseDollars(s) !== null);
      expect(COUNT_RE.test(s)).toBe(tryParseCount(s) !== null);
    }
  });
});
