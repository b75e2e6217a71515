import { describe, expect, it } from 'vitest';
import { formatMs, formatNumber, formatPercent, formatUnknown, humanizeKey } from './humanize.ts';

describe('humanizeKey', () => {
	it('splits camelCase into a sentence-case phrase', () => {
		expect(humanizeKey('maxOrderSize')).toBe('Max order size');
		expect(humanizeKey('p99TradeSize')).toBe('p99 trade size');
		expect(humanizeKey('hourET')).toBe('Hour ET');
		expect(humanizeKey('webhookUrl')).toBe('Webhook URL');
		expect(humanizeKey('maxYesPriceForNo')).toBe('Max YES price for NO');
		expect(humanizeKey('aiTimeoutSeconds')).toBe('AI timeout seconds');
	});
});

describe('number formatting', () => {
	it('formats numbers, shares and lengths of time', () => {
		expect(formatNumber(1234.5678)).toBe('1,234.57');
		expect(formatPercent(0.0158)).toBe('1.6%');
		expect(formatMs(900_000)).toBe('15 minutes');
		expect(formatMs(604_800_000)).toBe('7 days');
		expect(formatMs(3_600_000)).toBe('1 hour');
		expect(formatMs(90_000)).toBe('90 seconds');
		expect(formatMs(1500)).toBe('1s');
		expect(formatUnknown('scoringWindowMs', 900_000)).toBe('15 minutes');
		expect(formatUnknown('x', ['Sports', 'Crypto'])).toBe('Sports, Crypto');
		expect(formatUnknown('x', [])).toBe('none');
		expect(formatUnknown('x', true)).toBe('Yes');
	});
});
