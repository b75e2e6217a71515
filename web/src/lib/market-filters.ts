// The dashboard's and watchlist's filters live in the page address (so a filtered view can be
// bookmarked, shared and reloaded): these turn the address into the GET /api/markets query
// and back, leaving defaults out of the address.
import type { Schemas } from '@sentinel/client';
import { isLabel, labelRank, type ScoreLabel } from './labels.ts';
import type { ScoreEvent } from './live.ts';

export type MarketSummary = Schemas['MarketSummary'];
export type MarketSort = 'score' | 'volume24h' | 'closeTime' | 'ticker';
export type SortOrder = 'asc' | 'desc';

export const MARKET_SORTS: { value: MarketSort; label: string }[] = [
	{ value: 'score', label: 'Score' },
	{ value: 'volume24h', label: '24h volume' },
	{ value: 'closeTime', label: 'Close time' },
	{ value: 'ticker', label: 'Ticker' }
];

export const PAGE_SIZE = 25;

export interface MarketFilters {
	/** Exactly this label; null for every label from the view's floor up. */
	label: ScoreLabel | null;
	category: string;
	search: string;
	watched: boolean;
	sort: MarketSort;
	order: SortOrder;
	/** 1-based. */
	page: number;
}

export const DEFAULT_FILTERS: MarketFilters = {
	label: null,
	category: '',
	search: '',
	watched: false,
	sort: 'score',
	order: 'desc',
	page: 1
};

function isSort(value: string | null): value is MarketSort {
	return value === 'score' || value === 'volume24h' || value === 'closeTime' || value === 'ticker';
}

export function filtersFromSearch(params: URLSearchParams): MarketFilters {
	const label = params.get('label');
	const sort = params.get('sort');
	const order = params.get('order');
	const page = Number.parseInt(params.get('page') ?? '', 10);
	return {
		label: isLabel(label) ? label : null,
		category: (params.get('category') ?? '').slice(0, 64),
		search: (params.get('q') ?? '').slice(0, 100),
		watched: params.get('watched') === '1',
		sort: isSort(sort) ? sort : DEFAULT_FILTERS.sort,
		order: order === 'asc' || order === 'desc' ? order : DEFAULT_FILTERS.order,
		page: Number.isFinite(page) && page >= 1 ? Math.min(page, 40_000) : 1
	};
}

/** "?label=HIGH&q=fed" (or "" with every filter at its default). */
export function filtersToSearch(filters: MarketFilters): string {
	const params = new URLSearchParams();
	if (filters.label) params.set('label', filters.label);
	if (filters.category) params.set('category', filters.category);
	if (filters.search.trim()) params.set('q', filters.search.trim());
	if (filters.watched) params.set('watched', '1');
	if (filters.sort !== DEFAULT_FILTERS.sort) params.set('sort', filters.sort);
	if (filters.order !== DEFAULT_FILTERS.order) params.set('order', filters.order);
	if (filters.page > 1) params.set('page', String(filters.page));
	const text = params.toString();
	return text ? `?${text}` : '';
}

export interface ListQuery {
	label?: ScoreLabel;
	minLabel?: ScoreLabel;
	category?: string;
	watched?: 'true';
	includeDismissed?: 'true' | 'false';
	eligibleOnly?: 'true' | 'false';
	search?: string;
	sort: MarketSort;
	order: SortOrder;
	limit: number;
	offset: number;
}

export interface ViewOptions {
	/** The lowest label the view shows (the dashboard: Medium); null for every market. */
	floor: ScoreLabel | null;
	/** Only the signed-in user's watchlist (the Watched page), whatever the filter says. */
	watchlist?: boolean;
	pageSize?: number;
}

/** The GET /api/markets query for these filters. */
export function toListQuery(filters: MarketFilters, view: ViewOptions): ListQuery {
	const pageSize = view.pageSize ?? PAGE_SIZE;
	const query: ListQuery = { sort: filters.sort, order: filters.order, limit: pageSize, offset: (filters.page - 1) * pageSize };
	// An exact label below the view's floor would show what the view hides, so it is raised to the floor.
	if (filters.label && (!view.floor || labelRank(filters.label) >= labelRank(view.floor))) query.label = filters.label;
	else if (view.floor && view.floor !== 'LOW') query.minLabel = view.floor;
	if (filters.category) query.category = filters.category;
	if (filters.search.trim()) query.search = filters.search.trim();
	if (view.watchlist || filters.watched) query.watched = 'true';
	if (view.watchlist) {
		// A watched market stays on the watchlist even when it is dismissed or no longer eligible.
		query.includeDismissed = 'true';
		query.eligibleOnly = 'false';
	}
	return query;
}

export function pageCount(total: number, pageSize = PAGE_SIZE): number {
	return Math.max(1, Math.ceil(total / pageSize));
}

/** The list with one market's score replaced by a live score event (same array when absent). */
export function patchMarketScore(markets: MarketSummary[], event: ScoreEvent): MarketSummary[] {
	const index = markets.findIndex((m) => m.ticker === event.ticker);
	if (index === -1 || !isLabel(event.label)) return markets;
	const next = markets.slice();
	const market = markets[index]!;
	next[index] = { ...market, score: { composite: event.composite, label: event.label, scoredAt: event.scoredAt } };
	return next;
}

/** "Will X happen? — Above 50": what the market asks, from its event title and YES subtitle. */
export function marketQuestion(market: Pick<MarketSummary, 'eventTitle' | 'yesSubTitle' | 'title'>): { event: string; outcome: string } {
	const event = market.eventTitle || market.title;
	const outcome = market.yesSubTitle || (market.title !== event ? market.title : '');
	return { event, outcome };
}
