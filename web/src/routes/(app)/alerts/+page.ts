import { createApi } from '#lib/api.ts';
import { ALERTS_PAGE_SIZE } from '#lib/alerts.ts';
import { attempt } from '#lib/load.ts';
import { isLabel } from '#lib/labels.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url }) => {
	const label = url.searchParams.get('label');
	const page = Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1);
	const filters = { label: isLabel(label) ? label : null, page };
	const alerts = await attempt(() =>
		createApi(fetch).GET('/api/alerts', {
			params: {
				query: {
					...(filters.label ? { label: filters.label } : {}),
					limit: ALERTS_PAGE_SIZE,
					offset: (page - 1) * ALERTS_PAGE_SIZE
				}
			}
		})
	);
	return { filters, alerts };
};
