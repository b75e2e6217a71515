// For load functions: one API call's answer or the problem to show instead, so a page can
// render what did load and explain what did not (rather than failing as a whole).
import { error } from '@sveltejs/kit';
import { problemMessage, toProblem, type Problem } from './api.ts';

export type Loaded<T> = { ok: true; data: T } | { ok: false; problem: Problem };

interface Answer<T> {
	data?: T;
	error?: unknown;
	response: Response;
}

export async function attempt<T>(call: () => Promise<Answer<T>>): Promise<Loaded<T>> {
	try {
		const { data, error: problem, response } = await call();
		if (data !== undefined) return { ok: true, data };
		return { ok: false, problem: toProblem(problem, response) };
	} catch (cause) {
		return { ok: false, problem: toProblem(cause) };
	}
}

/** The data, or the page's error screen (404 for a missing market, 503 when unreachable …). */
export async function required<T>(call: () => Promise<Answer<T>>): Promise<T> {
	const result = await attempt(call);
	if (result.ok) return result.data;
	error(result.problem.status || 503, problemMessage(result.problem));
}

/** Load-function dependency keys: `invalidate(KEY)` reloads the pages that use it. */
export const MARKETS_DEPENDENCY = 'sentinel:markets';
export const MARKET_DEPENDENCY = 'sentinel:market';
export const SETTINGS_DEPENDENCY = 'sentinel:settings';
export const JOBS_DEPENDENCY = 'sentinel:jobs';
export const OUTBOX_DEPENDENCY = 'sentinel:outbox';
