// For the load functions of pages that need a signed-in admin.
import { error, redirect } from '@sveltejs/kit';
import type { Fetch } from './api.ts';
import { loginHref } from './redirect.ts';
import { session } from './session.svelte.ts';

/** Redirects to /login (remembering `url`) unless GET /api/auth/session says signed in. */
export async function requireSession(fetch: Fetch, url: URL): Promise<void> {
	const authenticated = await session.refresh(fetch);
	if (authenticated === null) error(503, 'The API is not reachable, so the session cannot be checked.');
	// A load function may not read url.hash (the server never sees it), so leave it out.
	if (!authenticated) redirect(307, loginHref(`${url.pathname}${url.search}`));
}
