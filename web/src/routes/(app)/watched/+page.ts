import { createApi } from '#lib/api.ts';
import { attempt, MARKETS_DEPENDENCY } from '#lib/load.ts';
import { filtersFromSearch, toListQuery } from '#lib/market-filters.ts';
import { session } from '#lib/session.svelte.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, depends }) => {
	depends(MARKETS_DEPENDENCY);
	const filters = filtersFromSearch(url.searchParams);
	// The watchlist is private: signed out, the page asks to sign in instead of loading it.
	if (!session.authenticated) return { filters, markets: null, categories: [], loadedAt: new Date().toISOString() };
	const api = createApi(fetch);
	const [markets, categories] = await Promise.all([
		attempt(() => api.GET('/api/markets', { params: { query: toListQuery(filters, { floor: null, watchlist: true }) } })),
		attempt(() => api.GET('/api/categories'))
	]);
	return {
		filters,
		markets,
		categories: categories.ok ? categories.data.categories.map((c) => c.category) : [],
		loadedAt: new Date().toISOString()
	};
};
