import { describe, expect, it } from 'vitest';
import { exportHref } from './exports.ts';

describe('export links', () => {
	it('point at the streamed export with the page filters, leaving empty ones out', () => {
		expect(exportHref('alerts', 'csv')).toBe('/api/exports/alerts?format=csv');
		expect(exportHref('alerts', 'json', { label: 'HIGH' })).toBe('/api/exports/alerts?format=json&label=HIGH');
		expect(exportHref('positions', 'csv', { status: 'OPEN', mode: undefined })).toBe('/api/exports/positions?format=csv&status=OPEN');
		expect(exportHref('decisions', 'csv', { from: '2026-11-01', to: '2026-11-30' })).toBe('/api/exports/decisions?format=csv&from=2026-11-01&to=2026-11-30');
	});
});
