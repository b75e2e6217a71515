import { redirect } from '@sveltejs/kit';
import { REDIRECT_PARAM, safeRedirectTarget } from '#lib/redirect.ts';
import { session } from '#lib/session.svelte.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url }) => {
	const redirectTo = safeRedirectTarget(url.searchParams.get(REDIRECT_PARAM));
	if (await session.refresh(fetch)) redirect(307, redirectTo);
	return { redirectTo };
};
