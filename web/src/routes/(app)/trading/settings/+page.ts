import { createApi } from '#lib/api.ts';
import { requireSession } from '#lib/auth.ts';
import { attempt } from '#lib/load.ts';
import { TRADING_SETTINGS_DEPENDENCY } from '#lib/trading/dependencies.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, depends }) => {
	depends(TRADING_SETTINGS_DEPENDENCY);
	await requireSession(fetch, url);
	const api = createApi(fetch);
	const [settings, summary, backtest, migrations] = await Promise.all([
		attempt(() => api.GET('/api/settings')),
		attempt(() => api.GET('/api/trading/summary')),
		attempt(() => api.GET('/api/trading/backtest')),
		attempt(() => api.GET('/api/system/migrations'))
	]);
	return { settings, summary, backtest, migrations };
};
