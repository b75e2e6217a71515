import { describe, expect, it } from 'vitest';
import { centsNumber, compareDecimals, formatCents, formatCount, formatDollars, NO_VALUE } from './decimal.ts';

describe('formatCents', () => {
	it('moves the point two places without floating point', () => {
		expect(formatCents('0.6200')).toBe('62¢');
		expect(formatCents('0.62')).toBe('62¢');
		expect(formatCents('0.0750')).toBe('7.5¢');
		expect(formatCents('0.07')).toBe('7¢');
		expect(formatCents('1')).toBe('100¢');
		expect(formatCents('1.0000')).toBe('100¢');
		expect(formatCents('0')).toBe('0¢');
		expect(formatCents('.5')).toBe('50¢');
	});
	it('rounds half away from zero at the requested decimals, carrying', () => {
		expect(formatCents('0.12345')).toBe('12.35¢');
		expect(formatCents('0.12344')).toBe('12.34¢');
		expect(formatCents('0.99999')).toBe('100¢');
		expect(formatCents('0.0150', 0)).toBe('2¢');
		expect(formatCents('0.1' + '0'.repeat(30) + '1')).toBe('10¢');
	});
	it('keeps the sign, and drops it on zero', () => {
		expect(formatCents('-0.03')).toBe('−3¢');
		expect(formatCents('-0.0000')).toBe('0¢');
		expect(formatCents('-0.00001')).toBe('0¢');
	});
	it('answers a dash for missing or malformed input', () => {
		expect(formatCents(null)).toBe(NO_VALUE);
		expect(formatCents(undefined)).toBe(NO_VALUE);
		expect(formatCents('')).toBe(NO_VALUE);
		expect(formatCents('abc')).toBe(NO_VALUE);
		expect(formatCents('1e3')).toBe(NO_VALUE);
		expect(formatCents('.')).toBe(NO_VALUE);
	});
});

describe('formatDollars and formatCount', () => {
	it('groups thousands and pads cents', () => {
		expect(formatDollars('1234.5')).toBe('$1,234.50');
		expect(formatDollars('458.7086')).toBe('$458.71');
		expect(formatDollars('0')).toBe('$0.00');
		expect(formatDollars('-3')).toBe('−$3.00');
		expect(formatDollars('-0.001')).toBe('$0.00');
		expect(formatDollars('12345678901234567890.125')).toBe('$12,345,678,901,234,567,890.13');
	});
	it('shows counts as whole contracts when they are', () => {
		expect(formatCount('1234.00')).toBe('1,234');
		expect(formatCount('1586708.5')).toBe('1,586,708.5');
		expect(formatCount('12.505')).toBe('12.51');
		expect(formatCount('0007')).toBe('7');
		expect(formatCount(null)).toBe(NO_VALUE);
	});
});

describe('centsNumber and compareDecimals', () => {
	it('gives cents as a number for geometry', () => {
		expect(centsNumber('0.6200')).toBe(62);
		expect(centsNumber('0.075')).toBe(7.5);
		expect(centsNumber('-0.01')).toBe(-1);
		expect(centsNumber('x')).toBeNull();
	});
	it('compares exactly', () => {
		expect(compareDecimals('0.1', '0.10')).toBe(0);
		expect(compareDecimals('0.30000000000000000001', '0.3')).toBe(1);
		expect(compareDecimals('-1', '0.5')).toBe(-1);
		expect(compareDecimals('10', '9.999')).toBe(1);
	});
});
