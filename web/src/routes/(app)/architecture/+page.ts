import { createApi } from '#lib/api.ts';
import { attempt } from '#lib/load.ts';
import { session } from '#lib/session.svelte.ts';
import type { PageLoad } from './$types';

// Signed in, the job list is the scheduler's own (GET /api/jobs); signed out the page describes it.
export const load: PageLoad = async ({ fetch }) => {
	if (!session.authenticated) return { jobs: null };
	const jobs = await attempt(() => createApi(fetch).GET('/api/jobs'));
	return { jobs: jobs.ok ? jobs.data.jobs : null };
};
