import { describe, expect, it } from 'vitest';
import { formatFact, formatFacts } from './facts.ts';

describe('formatFact', () => {
	it('gives known facts units', () => {
		expect(formatFact('maxOrderSize', 9020)).toEqual({ key: 'maxOrderSize', label: 'Largest order', value: '9,020' });
		expect(formatFact('priceNow', 0.785).value).toBe('78.5¢');
		expect(formatFact('multipleOfMedian', 237.37).value).toBe('237.4×');
		expect(formatFact('depthDrop', 0.83).value).toBe('83%');
		expect(formatFact('night', 'no').value).toBe('no');
	});
	it('humanizes unknown facts', () => {
		expect(formatFact('someNewThing', 1.23456)).toEqual({ key: 'someNewThing', label: 'Some new thing', value: '1.23' });
	});
	it('orders known facts first', () => {
		expect(formatFacts({ zzz: 1, netFlow: 2, kind: 'single' }).map((f) => f.key)).toEqual(['kind', 'netFlow', 'zzz']);
		expect(formatFacts(null)).toEqual([]);
	});
});
