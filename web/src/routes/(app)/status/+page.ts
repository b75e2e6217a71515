import { HEALTH_DEPENDENCY, loadHealth } from '#lib/health.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, depends }) => {
	depends(HEALTH_DEPENDENCY);
	return { health: await loadHealth(fetch) };
};
