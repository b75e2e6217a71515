import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, filtersFromSearch, filtersToSearch, marketQuestion, pageCount, patchMarketScore, toListQuery, type MarketSummary } from './market-filters.ts';

describe('filters in the address', () => {
	it('round-trips and leaves defaults out', () => {
		expect(filtersToSearch(DEFAULT_FILTERS)).toBe('');
		const filters = { ...DEFAULT_FILTERS, label: 'HIGH' as const, search: ' fed ', category: 'Economics', watched: true, sort: 'volume24h' as const, order: 'asc' as const, page: 3 };
		const search = filtersToSearch(filters);
		expect(search).toBe('?label=HIGH&category=Economics&q=fed&watched=1&sort=volume24h&order=asc&page=3');
		expect(filtersFromSearch(new URLSearchParams(search))).toEqual({ ...filters, search: 'fed' });
	});
	it('ignores nonsense', () => {
		expect(filtersFromSearch(new URLSearchParams('label=HUGE&sort=price&order=up&page=-2'))).toEqual(DEFAULT_FILTERS);
	});
});

describe('toListQuery', () => {
	it('shows Medium and above on the dashboard, paged', () => {
		expect(toListQuery({ ...DEFAULT_FILTERS, page: 2 }, { floor: 'MEDIUM' })).toEqual({ sort: 'score', order: 'desc', limit: 25, offset: 25, minLabel: 'MEDIUM' });
	});
	it('uses an exact label at or above the floor, and the floor otherwise', () => {
		expect(toListQuery({ ...DEFAULT_FILTERS, label: 'CRITICAL' }, { floor: 'MEDIUM' }).label).toBe('CRITICAL');
		const low = toListQuery({ ...DEFAULT_FILTERS, label: 'LOW' }, { floor: 'MEDIUM' });
		expect(low.label).toBeUndefined();
		expect(low.minLabel).toBe('MEDIUM');
		expect(toListQuery({ ...DEFAULT_FILTERS, label: 'LOW' }, { floor: null }).label).toBe('LOW');
	});
	it('asks for the whole watchlist on the Watched page', () => {
		expect(toListQuery(DEFAULT_FILTERS, { floor: null, watchlist: true })).toMatchObject({ watched: 'true', includeDismissed: 'true', eligibleOnly: 'false' });
		expect(toListQuery(DEFAULT_FILTERS, { floor: null }).minLabel).toBeUndefined();
	});
	it('counts pages', () => {
		expect(pageCount(0)).toBe(1);
		expect(pageCount(26)).toBe(2);
	});
});

describe('patchMarketScore and marketQuestion', () => {
	const market = { ticker: 'A', eventTitle: 'Fed rate', yesSubTitle: 'Above 4%', title: 'Above 4%', score: null } as unknown as MarketSummary;
	it('replaces one row\'s score', () => {
		const next = patchMarketScore([market], { ticker: 'A', composite: 61, label: 'HIGH', scoredAt: 'now', explanation: '' });
		expect(next[0]!.score).toEqual({ composite: 61, label: 'HIGH', scoredAt: 'now' });
		const same = [market];
		expect(patchMarketScore(same, { ticker: 'B', composite: 1, label: 'LOW', scoredAt: '', explanation: '' })).toBe(same);
	});
	it('asks the question from the event and the outcome', () => {
		expect(marketQuestion(market)).toEqual({ event: 'Fed rate', outcome: 'Above 4%' });
		expect(marketQuestion({ eventTitle: '', yesSubTitle: null, title: 'Rain?' })).toEqual({ event: 'Rain?', outcome: '' });
	});
});
