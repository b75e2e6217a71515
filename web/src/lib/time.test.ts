import { describe, expect, it } from 'vitest';
import {
	NO_TIME,
	formatDate,
	formatDateTime,
	formatDuration,
	formatRelative,
	formatTime,
	isoString
} from './time.ts';

describe('formatDateTime (US Eastern, 12-hour)', () => {
	it('switches from EST to EDT at the March 2026 spring-forward', () => {
		expect(formatDateTime('2026-03-08T06:59:00Z')).toBe('Mar 8, 2026, 1:59 AM EST');
		expect(formatDateTime('2026-03-08T07:00:00Z')).toBe('Mar 8, 2026, 3:00 AM EDT');
	});

	it('switches from EDT to EST at the November 2026 fall-back (1 AM happens twice)', () => {
		expect(formatDateTime('2026-11-01T05:59:00Z')).toBe('Nov 1, 2026, 1:59 AM EDT');
		expect(formatDateTime('2026-11-01T06:00:00Z')).toBe('Nov 1, 2026, 1:00 AM EST');
	});

	it('shows noon and midnight as 12 PM and 12 AM', () => {
		expect(formatDateTime('2026-07-04T16:00:00Z')).toBe('Jul 4, 2026, 12:00 PM EDT');
		expect(formatDateTime('2026-01-01T05:00:00Z')).toBe('Jan 1, 2026, 12:00 AM EST');
	});

	it('uses the Eastern calendar date, not UTC', () => {
		// 02:30 UTC on Jan 2 is still the evening of Jan 1 in New York.
		expect(formatDateTime('2026-01-02T02:30:00Z')).toBe('Jan 1, 2026, 9:30 PM EST');
		expect(formatDate('2026-01-02T02:30:00Z')).toBe('Jan 1, 2026');
	});

	it('accepts Date objects and epoch milliseconds', () => {
		const instant = Date.UTC(2026, 2, 8, 7, 0, 0);
		expect(formatDateTime(new Date(instant))).toBe('Mar 8, 2026, 3:00 AM EDT');
		expect(formatDateTime(instant)).toBe('Mar 8, 2026, 3:00 AM EDT');
	});

	it('uses plain spaces only', () => {
		expect(formatDateTime('2026-03-08T07:00:00Z')).not.toMatch(/[\u00a0\u202f]/);
	});

	it('returns a dash for missing or invalid input', () => {
		expect(formatDateTime(null)).toBe(NO_TIME);
		expect(formatDateTime(undefined)).toBe(NO_TIME);
		expect(formatDateTime('not a date')).toBe(NO_TIME);
		expect(isoString('not a date')).toBe('');
	});
});

describe('formatTime', () => {
	it('shows the time with its zone', () => {
		expect(formatTime('2026-03-08T06:59:00Z')).toBe('1:59 AM EST');
		expect(formatTime('2026-11-01T05:59:00Z')).toBe('1:59 AM EDT');
		expect(formatTime('2026-06-15T18:05:00Z')).toBe('2:05 PM EDT');
	});
});

describe('formatRelative', () => {
	const now = new Date('2026-05-01T12:00:00Z');
	it('describes nearby instants', () => {
		expect(formatRelative('2026-05-01T11:59:30Z', now)).toBe('just now');
		expect(formatRelative('2026-05-01T11:55:00Z', now)).toBe('5 minutes ago');
		expect(formatRelative('2026-05-01T15:00:00Z', now)).toBe('in 3 hours');
		expect(formatRelative('2026-04-30T12:00:00Z', now)).toBe('yesterday');
		expect(formatRelative('2026-04-17T12:00:00Z', now)).toBe('2 weeks ago');
		expect(formatRelative('2025-05-01T12:00:00Z', now)).toBe('last year');
	});
	it('returns a dash for invalid input', () => {
		expect(formatRelative('nope', now)).toBe(NO_TIME);
	});
});

describe('formatDuration', () => {
	it('shows the two largest units', () => {
		expect(formatDuration(0)).toBe('0s');
		expect(formatDuration(42)).toBe('42s');
		expect(formatDuration(185)).toBe('3m 05s');
		expect(formatDuration(2 * 3600 + 5 * 60 + 9)).toBe('2h 05m');
		expect(formatDuration(3 * 86_400 + 4 * 3600)).toBe('3d 4h');
	});
	it('rejects negative and non-finite values', () => {
		expect(formatDuration(-1)).toBe(NO_TIME);
		expect(formatDuration(Number.NaN)).toBe(NO_TIME);
	});
});
