import { describe, expect, it } from 'vitest';
import { allocations, approvedTickers, checkCounts, checkLabel, groupChecks, prettyJson, selectorLabel, statedTotal } from './decisions.ts';

describe('selector and allocations', () => {
	it('labels the rules selector clearly', () => {
		expect(selectorLabel('rules')).toBe('Rule-based selector');
		expect(selectorLabel('claude')).toBe('Claude (AI)');
	});
	it('reads the selections and the stated total from the stored tool input', () => {
		const parsed = {
			selected_contracts: [
				{ ticker: 'A', side: 'YES', allocation: 30, probability: 0.97, confidence: 0.9, reasoning: 'favourite', risk_factors: ['late news'] },
				{},
				{ ticker: 'B' }
			],
			total_allocated: 70,
			strategy_notes: ''
		};
		const list = allocations(parsed);
		expect(list).toHaveLength(3);
		expect(list[0]).toEqual({ ticker: 'A', side: 'YES', allocation: 30, probability: 0.97, confidence: 0.9, reasoning: 'favourite', riskFactors: ['late news'] });
		expect(list[1]!.ticker).toBe('(no ticker)');
		expect(list[2]!.allocation).toBeNull();
		expect(statedTotal(parsed)).toBe(70);
		expect(allocations(null)).toEqual([]);
		expect(statedTotal(null)).toBeNull();
	});
});

describe('checks', () => {
	const checks = [
		{ check: 'trading-enabled', passed: true, reason: 'trading is enabled' },
		{ check: 'budget', passed: true, reason: 'spendable today $100' },
		{ check: 'qualified-ticker', passed: true, reason: 'ok', ticker: 'A' },
		{ check: 'expected-value', passed: true, reason: 'EV $1', ticker: 'A' },
		{ check: 'qualified-ticker', passed: false, reason: 'not qualified', ticker: 'FAKE' }
	];
	it('groups run-wide checks first, then per ticker', () => {
		const groups = groupChecks(checks);
		expect(groups.map((g) => [g.ticker, g.checks.length, g.passed])).toEqual([
			[null, 2, true],
			['A', 2, true],
			['FAKE', 1, false]
		]);
		expect(groupChecks([{ check: 'x', passed: true, reason: '', ticker: 'T' }]).map((g) => g.ticker)).toEqual(['T']);
		expect(checkCounts(checks)).toEqual({ passed: 4, failed: 1 });
		expect(approvedTickers(checks)).toEqual(['A']);
		expect(approvedTickers([{ check: 'circuit-breaker', passed: false, reason: 'paused' }, ...checks.slice(2)])).toEqual([]);
	});
	it('words check names', () => {
		expect(checkLabel('expected-value')).toBe('Expected value');
		expect(checkLabel('ai-response')).toBe('AI response');
	});
	it('pretty-prints JSON, and leaves other text alone', () => {
		expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
		expect(prettyJson('not json')).toBe('not json');
		expect(prettyJson({ b: [1] })).toBe('{\n  "b": [\n    1\n  ]\n}');
		expect(prettyJson(undefined)).toBe('');
	});
});
