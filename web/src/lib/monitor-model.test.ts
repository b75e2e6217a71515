import { describe, expect, it } from 'vitest';
import type { Schemas } from '@sentinel/client';
import { parseMonitorModel, signalTitle } from './monitor-model.ts';

const model = {
	scoring: {
		weights: { tradeSize: 30, priceImpact: 25 } as Schemas['MonitorModel']['scoring']['weights'],
		signals: {
			tradeSize: { title: 'Trade size', detects: 'big trades', method: 'robust z' },
			priceImpact: { title: 'Price impact', detects: 'moves', method: 'z of moves' }
		},
		labels: [
			{ label: 'LOW', from: 0, to: 30, note: 'composite < 30' },
			{ label: 'HIGH', from: 30, to: 100, note: '' }
		],
		gate: { primarySignals: ['tradeSize'], primaryMin: 60, secondaryMin: 40, cap: 54.99, explanation: 'gate' },
		windows: { scoringWindowMs: 900000 },
		minHistory: {},
		priors: {},
		sizeTail: {},
		robust: {},
		scoreRamps: { tradeSizeSingle: { zLow: 3, zHigh: 9 } },
		signalParams: {},
		timeZone: 'America/New_York',
		zScoreMapping: ''
	},
	alerts: { defaultThreshold: 70 } as Schemas['MonitorModel']['alerts'],
	eligibility: { minVolume: 0, minOpenInterest: 0, excludedCategories: [] },
	ingestion: {},
	retention: { marketDataDays: 14 }
} as Schemas['MonitorModel'];

describe('parseMonitorModel', () => {
	it('types the parts the page explains and keeps the rest as records', () => {
		const parsed = parseMonitorModel(model);
		expect(parsed.signals.map((s) => [s.name, s.weight, s.title])).toEqual([
			['tradeSize', 30, 'Trade size'],
			['priceImpact', 25, 'Price impact']
		]);
		expect(parsed.labels[1]).toEqual({ label: 'HIGH', from: 30, to: 100, note: '' });
		expect(parsed.gate.cap).toBe(54.99);
		expect(parsed.scoreRamps).toEqual([{ name: 'tradeSizeSingle', zLow: 3, zHigh: 9 }]);
		expect(parsed.windows).toEqual({ scoringWindowMs: 900000 });
		expect(parsed.eligibility.excludedCategories).toEqual([]);
		expect(signalTitle(parsed, 'tradeSize')).toBe('Trade size');
	});

});
