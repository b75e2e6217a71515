import { createApi } from '#lib/api.ts';
import { requireSession } from '#lib/auth.ts';
import { attempt } from '#lib/load.ts';
import { TRADING_DEPENDENCY } from '#lib/trading/dependencies.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, depends }) => {
	depends(TRADING_DEPENDENCY);
	await requireSession(fetch, url);
	const qualifying = await attempt(() => createApi(fetch).GET('/api/trading/qualifying'));
	return { qualifying };
};
