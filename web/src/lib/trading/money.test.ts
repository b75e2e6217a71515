import { describe, expect, it } from 'vitest';
import { formatBrier, formatMoney, formatPnl, formatPrice, formatShare, formatSignedPercent, formatStatedDollars, pnlTone, sumDecimals } from './money.ts';

describe('P&L from exact decimal strings', () => {
	it('signs gains and losses without float drift', () => {
		expect(formatPnl('12.5')).toBe('+$12.50');
		expect(formatPnl('-3')).toBe('−$3.00');
		expect(formatPnl('0.0000')).toBe('$0.00');
		expect(formatPnl('1234567.895')).toBe('+$1,234,567.90');
		// 0.1 + 0.2 would be 0.30000000000000004 in floating point; the strings stay exact.
		expect(formatPnl('0.3000')).toBe('+$0.30');
		expect(formatPnl('-0.0049')).toBe('$0.00');
		expect(formatPnl('0.004')).toBe('$0.00');
		expect(formatPnl(null)).toBe('—');
		expect(formatPnl('abc')).toBe('—');
	});
	it('tones follow the exact sign', () => {
		expect(pnlTone('0.0001')).toBe('gain');
		expect(pnlTone('-0.0001')).toBe('loss');
		expect(pnlTone('-0.0000')).toBe('flat');
		expect(pnlTone(undefined)).toBe('none');
	});
});

describe('money and prices', () => {
	it('keeps the digits small amounts need when asked', () => {
		expect(formatMoney('1000.0000')).toBe('$1,000.00');
		expect(formatMoney('0.0081', { precise: true })).toBe('$0.0081');
		expect(formatMoney('0.5000', { precise: true })).toBe('$0.50');
		expect(formatMoney('-2.125', { precise: true })).toBe('−$2.125');
	});
	it('prices in cents', () => {
		expect(formatPrice('0.9200')).toBe('92¢');
		expect(formatPrice('0.0750')).toBe('7.5¢');
	});
	it('sums exactly, mixed precision and signs', () => {
		expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
		expect(sumDecimals(['12.30', '-0.0081'])).toBe('12.2919');
		expect(sumDecimals(['-1.50', '0.25'])).toBe('-1.25');
		expect(sumDecimals(['-0.05', '0.05'])).toBe('0.00');
		expect(sumDecimals([])).toBe('0');
		expect(sumDecimals(['3', null, 'x', '4'])).toBe('7');
		expect(sumDecimals(Array.from({ length: 10 }, () => '0.1'))).toBe('1.0');
	});
	it('formats an amount the AI stated as a number', () => {
		expect(formatStatedDollars(35)).toBe('$35.00');
		expect(formatStatedDollars(0.1 + 0.2)).toBe('$0.30');
		expect(formatStatedDollars(-20)).toBe('−$20.00');
		expect(formatStatedDollars(null)).toBe('—');
	});
});

describe('rates', () => {
	it('shares as percentages', () => {
		expect(formatShare(0.625)).toBe('62.5%');
		expect(formatShare(1)).toBe('100%');
		expect(formatShare(0.5)).toBe('50%');
		expect(formatShare(null)).toBe('—');
	});
	it('ROI (already a percentage) with its sign', () => {
		expect(formatSignedPercent(4.1234)).toBe('+4.12%');
		expect(formatSignedPercent(-2)).toBe('−2%');
		expect(formatSignedPercent(0)).toBe('0%');
		expect(formatSignedPercent(null)).toBe('—');
	});
	it('Brier score', () => {
		expect(formatBrier(0.0421)).toBe('0.0421');
		expect(formatBrier(null)).toBe('—');
	});
});
