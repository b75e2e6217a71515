import { createApi } from '#lib/api.ts';
import { requireSession } from '#lib/auth.ts';
import { attempt } from '#lib/load.ts';
import { TRADING_DEPENDENCY } from '#lib/trading/dependencies.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, depends }) => {
	depends(TRADING_DEPENDENCY);
	await requireSession(fetch, url);
	const api = createApi(fetch);
	const [summary, positions, trades, reports, backtest, jobs] = await Promise.all([
		attempt(() => api.GET('/api/trading/summary')),
		attempt(() => api.GET('/api/trading/positions')),
		attempt(() => api.GET('/api/trading/trades', { params: { query: { limit: 20 } } })),
		attempt(() => api.GET('/api/trading/reports', { params: { query: { limit: 90 } } })),
		attempt(() => api.GET('/api/trading/backtest')),
		attempt(() => api.GET('/api/jobs'))
	]);
	return { summary, positions, trades, reports, backtest, jobs: jobs.ok ? jobs.data.jobs : null };
};
