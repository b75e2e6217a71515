import { redirect } from '@sveltejs/kit';
import type { PageLoad } from './$types';

// The spec's address for the scoring model's documentation.
export const load: PageLoad = () => redirect(308, '/how-it-works');
