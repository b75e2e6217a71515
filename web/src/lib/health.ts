// GET /api/health, as pages show it: the answer or the problem, and when it was asked.
import type { Schemas } from '@sentinel/client';
import { createApi, toProblem, type Fetch, type Problem } from './api.ts';

export type Health = Schemas['Health'];

export type HealthResult =
	| { ok: true; health: Health; checkedAt: string }
	| { ok: false; problem: Problem; checkedAt: string };

/** Load-function dependency key: `invalidate(HEALTH_DEPENDENCY)` checks again. */
export const HEALTH_DEPENDENCY = 'sentinel:health';

export async function loadHealth(fetch: Fetch): Promise<HealthResult> {
	const checkedAt = new Date().toISOString();
	try {
		const { data, error, response } = await createApi(fetch).GET('/api/health');
		if (data) return { ok: true, health: data, checkedAt };
		return { ok: false, problem: toProblem(error, response), checkedAt };
	} catch (cause) {
		return { ok: false, problem: toProblem(cause), checkedAt };
	}
}

export const DATABASE_LABELS: Record<Health['database'], string> = {
	postgresql: 'PostgreSQL',
	embedded: 'Embedded (PGlite)'
};
