import { createApi } from '#lib/api.ts';
import { HEALTH_DEPENDENCY, loadHealth } from '#lib/health.ts';
import { attempt } from '#lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, depends }) => {
	depends(HEALTH_DEPENDENCY);
	const [health, summary] = await Promise.all([loadHealth(fetch), attempt(() => createApi(fetch).GET('/api/monitor/summary'))]);
	return { health, summary };
};
