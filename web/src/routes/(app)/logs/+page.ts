import { createApi } from '#lib/api.ts';
import { requireSession } from '#lib/auth.ts';
import { attempt } from '#lib/load.ts';
import { ERROR_LOGS_DEPENDENCY } from '#lib/trading/dependencies.ts';
import { sourceFromSearch } from '#lib/trading/logs.ts';
import type { PageLoad } from './$types';

const PAGE_SIZE = 100;

export const load: PageLoad = async ({ fetch, url, depends }) => {
	depends(ERROR_LOGS_DEPENDENCY);
	await requireSession(fetch, url);
	const source = sourceFromSearch(url.searchParams);
	const raw = url.searchParams.get('before');
	const before = raw && !Number.isNaN(Date.parse(raw)) ? new Date(raw).toISOString() : undefined;
	const api = createApi(fetch);
	const [errors, recent] = await Promise.all([
		attempt(() => api.GET('/api/logs', { params: { query: { limit: PAGE_SIZE, ...(source ? { source } : {}), ...(before ? { before } : {}) } } })),
		// Unfiltered, for the sources to offer in the filter (the API has no list of sources).
		source ? attempt(() => api.GET('/api/logs', { params: { query: { limit: 500 } } })) : Promise.resolve(null)
	]);
	const seen = [...(errors.ok ? errors.data.errors : []), ...(recent?.ok ? recent.data.errors : [])].map((e) => e.source);
	return { errors, source, before: before ?? null, pageSize: PAGE_SIZE, sources: [...new Set(seen)] };
};
