// Reading an AI decision record: who selected (Claude or the rules), what it allocated, and the
// hard-limit checks grouped per contract. `parsed` is the model's tool input as stored, so it
// is read defensively: nothing in it is trusted to have the documented shape.
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

const obj = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The selections as the selector stated them (before the hard limits), from the stored tool input. */
export function allocations(parsed: unknown): Allocation[] {
	const list = obj(parsed)?.selected_contracts;
	if (!Array.isArray(list)) return [];
	return list.map((entry) => {
		const e = obj(entry) ?? {};
		return {
			ticker: str(e.ticker) || '(no ticker)',
			side: str(e.side),
			allocation: num(e.allocation),
			probability: num(e.probability),
			confidence: num(e.confidence),
			reasoning: str(e.reasoning),
			riskFactors: Array.isArray(e.risk_factors) ? e.risk_factors.filter((r): r is string => typeof r === 'string') : []
		};
	});
}

/** The total the selector claimed to allocate, when it said. */
export function statedTotal(parsed: unknown): number | null {
	return num(obj(parsed)?.total_allocated);
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
