import { describe, expect, it } from 'vitest';
import { changedValues, fieldErrors, genericFields, parseGenericValue, splitList } from './settings-form.ts';

describe('splitList', () => {
	it('splits on commas and lines, trimming blanks', () => {
		expect(splitList(' a@x.com, b@y.com,,\nc@z.com ')).toEqual(['a@x.com', 'b@y.com', 'c@z.com']);
		expect(splitList('  ')).toEqual([]);
	});
});

describe('fieldErrors', () => {
	it('puts each error next to its setting and names the offending item', () => {
		const problem = {
			type: 'validation',
			title: 'Request validation failed',
			status: 400,
			errors: [
				{ path: 'json.alertEmails.1', message: 'must be an email address' },
				{ path: 'json.alertThreshold', message: 'Too big: expected number to be <=100' },
				{ path: 'query.x', message: 'odd' }
			]
		};
		const { fields, other } = fieldErrors(problem, { alertEmails: ['ok@x.com', 'nope'] });
		expect(fields).toEqual({
			alertEmails: ['“nope” must be an email address'],
			alertThreshold: ['Too big: expected number to be <=100']
		});
		expect(other).toEqual(['query.x: odd']);
		expect(fieldErrors(null)).toEqual({ fields: {}, other: [] });
	});
});

describe('generic settings', () => {
	it('lists the settings outside the monitor form by their value types', () => {
		expect(genericFields({ alertThreshold: 70, tradingEnabled: false, dailyBudget: 50, tags: ['a'], nested: { a: 1 }, mode: 'paper' })).toEqual([
			{ key: 'tradingEnabled', label: 'Trading enabled', kind: 'boolean' },
			{ key: 'dailyBudget', label: 'Daily budget', kind: 'number' },
			{ key: 'tags', label: 'Tags', kind: 'list' },
			{ key: 'mode', label: 'Mode', kind: 'string' }
		]);
	});
	it('parses text boxes and keeps only changes', () => {
		expect(parseGenericValue('number', '12.5')).toBe(12.5);
		expect(parseGenericValue('number', '')).toBeNull();
		expect(parseGenericValue('list', 'a, b')).toEqual(['a', 'b']);
		expect(parseGenericValue('boolean', true)).toBe(true);
		expect(changedValues({ a: 1, b: ['x'], c: true }, { a: 1, b: ['x', 'y'], c: false })).toEqual({ b: ['x', 'y'], c: false });
	});
});
