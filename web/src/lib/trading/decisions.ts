// Reading an AI decision record: who selected (Claude or the rules), what it allocated, and the
// hard-limit checks grouped per contract. `parsed` is the model's tool input as stored (each
// pick's fields of the wrong type dropped by the API before storing).
import type { Schemas } from '@sentinel/client';
import { humanizeKey } from '../humanize.ts';

export type Decision = Schemas['AiDecision'];
export type LimitCheck = Schemas['LimitCheck'];

/** "Claude (AI)" or, clearly, "Rule-based selector" (no ANTHROPIC_API_KEY). */
export function selectorLabel(selector: string): string {
	if (selector === 'rules') return 'Rule-based selector';
	if (selector === 'claude') return 'Claude (AI)';
	return selector;
}

export interface Allocation {
	ticker: string;
	side: string;
	allocation: number | null;
	probability: number | null;
	confidence: number | null;
	reasoning: string;
	riskFactors: string[];
}

/** The selections as the selector stated them (before the hard limits), from the stored tool input. */
export function allocations(parsed: Decision['parsed']): Allocation[] {
	// Typed by the API; a field the selector sent with the wrong type was dropped when stored.
	return (parsed?.selected_contracts ?? []).map((e) => ({
		ticker: e.ticker || '(no ticker)',
		side: e.side ?? '',
		allocation: e.allocation ?? null,
		probability: e.probability ?? null,
		confidence: e.confidence ?? null,
		reasoning: e.reasoning ?? '',
		riskFactors: e.risk_factors ?? []
	}));
}

/** The total the selector claimed to allocate, when it said. */
export function statedTotal(parsed: Decision['parsed']): number | null {
	return parsed?.total_allocated ?? null;
}

export interface CheckGroup {
	/** null for the run-wide checks (trading enabled, breaker, count, budget …). */
	ticker: string | null;
	checks: LimitCheck[];
	passed: boolean;
}

/** Run-wide checks first, then one group per ticker in the order the checks were made. */
export function groupChecks(checks: readonly LimitCheck[]): CheckGroup[] {
	const groups = new Map<string | null, LimitCheck[]>();
	groups.set(null, []);
	for (const check of checks) {
		const key = check.ticker ?? null;
		groups.set(key, [...(groups.get(key) ?? []), check]);
	}
	return [...groups.entries()]
		.filter(([ticker, list]) => ticker !== null || list.length > 0)
		.map(([ticker, list]) => ({ ticker, checks: list, passed: list.every((c) => c.passed) }));
}

export function checkCounts(checks: readonly LimitCheck[]): { passed: number; failed: number } {
	const passed = checks.filter((c) => c.passed).length;
	return { passed, failed: checks.length - passed };
}

/** "expected-value" → "Expected value", "min-allocation" → "Min allocation". */
export function checkLabel(check: string): string {
	return humanizeKey(check);
}

/** Tickers that passed every check of their own: the orders the run approved (or would have). */
export function approvedTickers(checks: readonly LimitCheck[]): string[] {
	const groups = groupChecks(checks);
	const runWide = groups.find((g) => g.ticker === null);
	if (runWide && !runWide.passed && runWide.checks.some((c) => !c.passed && c.check !== 'budget')) return [];
	return groups.filter((g) => g.ticker !== null && g.passed && g.checks.some((c) => c.check === 'expected-value')).map((g) => g.ticker!);
}

/** Pretty JSON for a collapsible block; a string that already is JSON is re-indented. */
export function prettyJson(value: unknown): string {
	if (typeof value === 'string') {
		try {
			return JSON.stringify(JSON.parse(value), null, 2);
		} catch {
			return value;
		}
	}
	if (value === undefined) return '';
	return JSON.stringify(value, null, 2) ?? '';
}
