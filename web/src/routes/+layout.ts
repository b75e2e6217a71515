import { session } from '#lib/session.svelte.ts';
import type { LayoutLoad } from './$types';

// A single-page app: the API serves build/200.html for every page and the browser renders.
export const ssr = false;

export const load: LayoutLoad = async ({ fetch }) => {
	await session.refresh(fetch);
};
