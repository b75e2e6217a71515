import { createApi } from '#lib/api.ts';
import { attempt, MARKET_DEPENDENCY, required } from '#lib/load.ts';
import type { LabelBound } from '#lib/monitor-model.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, depends }) => {
	depends(MARKET_DEPENDENCY);
	const api = createApi(fetch);
	const [detail, model] = await Promise.all([
		required(() => api.GET('/api/markets/{ticker}', { params: { path: { ticker: params.ticker }, query: { historyHours: 48 } } })),
		attempt(() => api.GET('/api/monitor/model'))
	]);
	// The chart's label bands come from the model; without it the chart simply has none.
	const labels: LabelBound[] = model.ok ? model.data.scoring.labels : [];
	return { detail, labels, loadedAt: new Date().toISOString() };
};
