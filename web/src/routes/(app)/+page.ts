import { createApi } from '#lib/api.ts';
import { attempt, MARKETS_DEPENDENCY } from '#lib/load.ts';
import { filtersFromSearch, toListQuery } from '#lib/market-filters.ts';
import { session } from '#lib/session.svelte.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, depends }) => {
	depends(MARKETS_DEPENDENCY);
	const api = createApi(fetch);
	const filters = filtersFromSearch(url.searchParams);
	// The watched filter needs a session; signed out, it is ignored rather than refused.
	if (!session.authenticated) filters.watched = false;
	const [markets, summary, categories] = await Promise.all([
		attempt(() => api.GET('/api/markets', { params: { query: toListQuery(filters, { floor: 'MEDIUM' }) } })),
		attempt(() => api.GET('/api/monitor/summary')),
		attempt(() => api.GET('/api/categories'))
	]);
	return {
		filters,
		markets,
		summary,
		categories: categories.ok ? categories.data.categories.map((c) => c.category) : [],
		loadedAt: new Date().toISOString()
	};
};
