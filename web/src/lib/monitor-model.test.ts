import { describe, expect, it } from 'vitest';
import { ModelShapeError, parseMonitorModel, signalTitle } from './monitor-model.ts';

const model = {
	scoring: {
		weights: { tradeSize: 30, priceImpact: 25 },
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
		scoreRamps: { tradeSizeSingle: { zLow: 3, zHigh: 9 } }
	},
	alerts: { defaultThreshold: 70 },
	retention: { marketDataDays: 14 }
};

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
		expect(parsed.eligibility).toEqual({});
		expect(signalTitle(parsed, 'tradeSize')).toBe('Trade size');
	});

	it('names the part that is missing or malformed', () => {
		expect(() => parseMonitorModel(null)).toThrow(ModelShapeError);
		expect(() => parseMonitorModel({ scoring: { ...model.scoring, weights: { tradeSize: '30' } } })).toThrow('scoring.weights.tradeSize');
		expect(() => parseMonitorModel({ scoring: { ...model.scoring, labels: [{ label: 'HUGE', from: 0, to: 1 }] } })).toThrow('scoring.labels.0.label');
	});
});
