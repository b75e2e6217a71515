import { createApi } from '#lib/api.ts';
import { requireSession } from '#lib/auth.ts';
import { attempt } from '#lib/load.ts';
import { TRADING_DEPENDENCY } from '#lib/trading/dependencies.ts';
import type { PageLoad } from './$types';

const PAGE_SIZE = 25;

export const load: PageLoad = async ({ fetch, url, depends }) => {
	depends(TRADING_DEPENDENCY);
	await requireSession(fetch, url);
	const raw = url.searchParams.get('before');
	const before = raw && !Number.isNaN(Date.parse(raw)) ? new Date(raw).toISOString() : undefined;
	const decisions = await attempt(() => createApi(fetch).GET('/api/trading/decisions', { params: { query: { limit: PAGE_SIZE, ...(before ? { before } : {}) } } }));
	return { decisions, before: before ?? null, pageSize: PAGE_SIZE };
};
