import { createApi } from '#lib/api.ts';
import { requireSession } from '#lib/auth.ts';
import { attempt, JOBS_DEPENDENCY, OUTBOX_DEPENDENCY, required, SETTINGS_DEPENDENCY } from '#lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, depends }) => {
	depends(SETTINGS_DEPENDENCY, JOBS_DEPENDENCY, OUTBOX_DEPENDENCY);
	await requireSession(fetch, url);
	const api = createApi(fetch);
	const [me, settings, jobs, outbox, categories, sessions] = await Promise.all([
		required(() => api.GET('/api/auth/me')),
		required(() => api.GET('/api/settings')),
		attempt(() => api.GET('/api/jobs')),
		attempt(() => api.GET('/api/outbox', { params: { query: { limit: 20 } } })),
		attempt(() => api.GET('/api/categories')),
		attempt(() => api.GET('/api/auth/sessions'))
	]);
	return {
		role: me.role,
		settings,
		jobs,
		outbox,
		sessions,
		categories: categories.ok ? categories.data.categories.map((c) => c.category) : []
	};
};
