import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boundsText, changedBody, crossFieldErrors, LOOSER_THAN_SPEC_CONFIRMATION, looserFields, toForm, TRADER_FIELDS, TRADER_SETTING_KEYS } from './settings.ts';

// The committed OpenAPI document is the API's contract: the form's bounds must be its bounds.
const openapi = JSON.parse(readFileSync(join(import.meta.dirname, '../../../../openapi/openapi.json'), 'utf8')) as {
	components: { schemas: Record<string, { properties: Record<string, { type?: string; minimum?: number; maximum?: number }> }> };
};
const schema = openapi.components.schemas.Settings!.properties;

describe('trader settings fields', () => {
	it('cover every trader setting once, in the form', () => {
		expect(TRADER_FIELDS.map((f) => f.key).sort()).toEqual([...TRADER_SETTING_KEYS].sort());
		expect(new Set(TRADER_FIELDS.map((f) => f.key)).size).toBe(TRADER_FIELDS.length);
	});
	it.each(TRADER_FIELDS.map((f) => [f.key, f] as const))('%s matches the API schema', (key, field) => {
		const property = schema[key];
		expect(property, `${key} in openapi.json`).toBeDefined();
		if (field.kind === 'boolean') expect(property!.type).toBe('boolean');
		else {
			expect(property!.type).toBe(field.kind === 'integer' ? 'integer' : 'number');
			expect(field.min).toBe(property!.minimum);
			expect(field.max).toBe(property!.maximum);
		}
	});
});

describe('looser than the spec', () => {
	it('reads the fields a 409 names, and nothing else', () => {
		expect(looserFields({ status: 409, errors: [{ path: 'json.minDepthDollars', message: "below the spec's limit 2000" }] })).toEqual([{ key: 'minDepthDollars', message: "below the spec's limit 2000" }]);
		expect(looserFields({ status: 400, errors: [{ path: 'json.minDepthDollars', message: 'x' }] })).toBeNull();
		expect(looserFields(null)).toBeNull();
	});
	it('uses the API phrase', () => {
		const constants = readFileSync(join(import.meta.dirname, '../../../../api/src/trader/constants.ts'), 'utf8');
		expect(constants).toContain(`LOOSER_THAN_SPEC_CONFIRMATION = '${LOOSER_THAN_SPEC_CONFIRMATION}'`);
	});
});

describe('the form', () => {
	const settings = { tradingEnabled: true, dailyBudget: 100, minYesPrice: 0.85, maxYesPrice: 0.98, minPositionDollars: 20, maxPositionDollars: 50, stopLossPrice: 0.8, alertThreshold: 55 };
	it('sends only what changed; blanks as null for the API to refuse', () => {
		const before = toForm(settings);
		expect(before.dailyBudget).toBe('100');
		expect(before.tradingEnabled).toBe(true);
		expect(before.aiTimeoutSeconds).toBe('');
		const after = { ...before, dailyBudget: ' 250 ', tradingEnabled: false, maxYesPrice: '', minYesPrice: 'abc' };
		expect(changedBody(before, after)).toEqual({ dailyBudget: 250, tradingEnabled: false, maxYesPrice: null, minYesPrice: null });
		expect(changedBody(before, before)).toEqual({});
	});
	it('checks across fields', () => {
		const form = toForm({ ...settings, minYesPrice: 0.95, maxYesPrice: 0.9, minPositionDollars: 45, maxPositionDollars: 30 });
		expect(crossFieldErrors(form)).toEqual({ maxYesPrice: ['Must be at least the minimum YES price.'], maxPositionDollars: ['Must be at least the minimum position.'] });
		expect(crossFieldErrors({ ...toForm(settings), stopLossPrice: '0.9' }).stopLossPrice).toHaveLength(1);
		expect(crossFieldErrors(toForm(settings))).toEqual({});
	});
	it('words the bounds', () => {
		const find = (key: string) => TRADER_FIELDS.find((f) => f.key === key)!;
		expect(boundsText(find('minPositionDollars'))).toBe('$20 – $50');
		expect(boundsText(find('minDepthDollars'))).toBe('at least $50');
		expect(boundsText(find('stopLossPrice'))).toBe('0.3 – 1');
		expect(boundsText(find('tradingEnabled'))).toBe('');
	});
});

import { settingText } from './settings.ts';

describe('settingText', () => {
	it('labels and formats a criterion by its field', () => {
		expect(settingText('minDepthDollars', 2000)).toEqual({ label: 'Minimum order-book depth', value: '$2,000' });
		expect(settingText('maxDaysToClose', 2)).toEqual({ label: 'Maximum days to close', value: '2 days' });
		expect(settingText('minYesPrice', 0.85)).toEqual({ label: 'Minimum YES price', value: '0.85' });
		expect(settingText('excludeFlaggedMarkets', true).value).toBe('Yes');
		expect(settingText('somethingElse', 3)).toEqual({ label: 'somethingElse', value: '3' });
	});
});
