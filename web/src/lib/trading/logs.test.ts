import { describe, expect, it } from 'vitest';
import { firstLine, hasContext, sourceFromSearch, sourceOptions, sourceSearch } from './logs.ts';
import { LIVE_CONFIRMATION, phraseMatches, refusalKind } from './mode.ts';
import { countsText } from './jobs.ts';

describe('error log filter', () => {
	it('offers known prefixes, each source seen and its family', () => {
		const options = sourceOptions(['job:daily-scan', 'route:/api/x'], 'custom');
		expect(options).toContain('job:daily-scan');
		expect(options).toContain('route:');
		expect(options).toContain('trader:ai');
		expect(options).toContain('custom');
		expect(options).toEqual([...options].sort((a, b) => a.localeCompare(b)));
	});
	it('round-trips the address bar', () => {
		expect(sourceFromSearch(new URLSearchParams('source=%20trader%3A%20'))).toBe('trader:');
		expect(sourceFromSearch(new URLSearchParams(''))).toBe('');
		expect(sourceSearch('trader:')).toBe('?source=trader%3A');
		expect(sourceSearch('  ')).toBe('');
	});
	it('summarises messages and context', () => {
		expect(firstLine('first\nsecond')).toBe('first');
		expect(firstLine('x'.repeat(10), 5)).toBe('xxxx…');
		expect(hasContext({})).toBe(false);
		expect(hasContext({ a: 1 })).toBe(true);
		expect(hasContext(null)).toBe(false);
	});
});

describe('live mode', () => {
	it('matches the phrase exactly', () => {
		expect(phraseMatches(` ${LIVE_CONFIRMATION} `)).toBe(true);
		expect(phraseMatches(LIVE_CONFIRMATION.toLowerCase())).toBe(false);
	});
	it('tells the refusals apart', () => {
		expect(refusalKind({ type: 'x', title: 'Bad request', status: 400, detail: 'Switching to live trading needs confirm: "…".' })).toBe('phrase');
		expect(refusalKind({ type: 'x', title: 'Conflict', status: 409, detail: 'Live trading needs Kalshi API keys (KALSHI_API_KEY_ID and a private key).' })).toBe('no-keys');
		expect(refusalKind({ type: 'x', title: 'Conflict', status: 409, detail: 'Live trading is disabled while DRY_RUN is not false.' })).toBe('dry-run');
		expect(refusalKind({ type: 'x', title: 'Oops', status: 500 })).toBe('other');
	});
	it('words job counts', () => {
		expect(countsText({ ordersPlaced: 2, positionsOpened: 2 })).toBe('ordersPlaced 2 · positionsOpened 2');
		expect(countsText(undefined)).toBe('');
	});
});

import { formatCalendarDate, formatMonth, formatShortDate } from './dates.ts';

describe('calendar dates', () => {
	it('formats the digits, not an instant (no shift west of UTC)', () => {
		expect(formatCalendarDate('2026-03-08')).toBe('Mar 8, 2026');
		expect(formatShortDate('2026-11-01')).toBe('Nov 1');
		expect(formatMonth('2026-01')).toBe('January 2026');
		expect(formatCalendarDate('garbage')).toBe('garbage');
		expect(formatMonth('2026-13')).toBe('2026-13');
	});
});
