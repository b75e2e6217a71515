// How pages talk to the API: the generated, typed client over whichever fetch the caller
// has (a load function's `fetch`, or the browser's). Same origin: the API serves this app,
// and `vite dev` proxies /api to it.
import { createSentinelClient, isProblem, type Problem, type SentinelClient } from '@sentinel/client';

export type { Problem };
export type Fetch = typeof globalThis.fetch;

export function createApi(fetch: Fetch = globalThis.fetch): SentinelClient {
	return createSentinelClient({ fetch });
}

/**
 * Turns whatever a failed call produced into a problem to show: the API's own problem
 * document when there is one, otherwise a description of what went wrong on the way.
 */
export function toProblem(error: unknown, response?: Response): Problem {
	if (isProblem(error)) return error;
	if (response) {
		return {
			type: 'about:blank',
			title: response.statusText || 'Request failed',
			status: response.status,
			detail: `The API answered ${response.status} without a problem document.`
		};
	}
	return {
		type: 'about:blank',
		title: 'API unreachable',
		status: 0,
		detail: error instanceof Error ? error.message : 'The request did not reach the API.'
	};
}

/** The one line to show a person for a problem. */
export function problemMessage(problem: Problem): string {
	return problem.detail ?? problem.title;
}
