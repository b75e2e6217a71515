import { error } from '@sveltejs/kit';
import { createApi, problemMessage, toProblem } from '#lib/api.ts';
import { requireSession } from '#lib/auth.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url }) => {
	await requireSession(fetch, url);
	const { data, error: problem, response } = await createApi(fetch).GET('/api/auth/me');
	if (!data) {
		const details = toProblem(problem, response);
		error(details.status || 503, problemMessage(details));
	}
	return { role: data.role };
};
