import type { Schemas } from '@sentinel/client';
import { describe, expect, it } from 'vitest';
import { EDGE_BADGES, calibrationRows, formatInterval, formatReturn, sourceLabel, strategyRows } from './backtest.ts';

const report: Schemas['BacktestReport'] = {
	createdAt: '2026-12-07T14:00:00Z',
	source: { kind: 'history', description: 'KXFED, collected', settledMarkets: 412, from: '2026-11-01T15:00:00Z', to: '2026-11-30T21:00:00Z' },
	settings: {},
	strategies: [
		{ name: 'rules selector', trades: 11, events: 9, winRate: 0.4545, staked: 480.5, pnl: -20.64, roi: -0.043, maxDrawdown: 35.1, fees: 6.2, stopped: 2, ci95: [-0.18, 0.096] },
		{ name: 'buy every candidate', trades: 28, events: 20, winRate: 0.9, staked: 900, pnl: 12.005, roi: 0.0133, maxDrawdown: 0, fees: 14, stopped: 0, ci95: [0.002, 0.03] },
		{ name: 'held to settlement', trades: 0, events: 0, winRate: null, staked: 0, pnl: 0, roi: null, maxDrawdown: 0, fees: 0, stopped: 0, ci95: null }
	],
	verdict: 'Edge not demonstrated.',
	edge: 'not demonstrated',
	calibration: [
		{ band: '85–90¢', trades: 120, avgPrice: 0.8731, avgAsk: 0.8802, winRate: 0.85 },
		{ band: '95–98¢', trades: 40, avgPrice: 0.9612, avgAsk: 0.965, winRate: 0.975 }
	]
};

describe('the backtest on the trading pages', () => {
	it('rows per strategy: trades, win rate, P&L, ROI with its interval, drawdown and fees', () => {
		const [rules, every, none] = strategyRows(report);
		expect(rules).toEqual({
			name: 'rules selector',
			trades: 11,
			winRate: '45.5%',
			pnl: '−$20.64',
			pnlTone: 'loss',
			roi: '−4.3%',
			interval: '−18% to +9.6%',
			includesZero: true,
			maxDrawdown: '$35.10',
			fees: '$6.20',
			stopped: 2
		});
		expect(every).toMatchObject({ pnl: '+$12.01', pnlTone: 'gain', roi: '+1.3%', interval: '+0.2% to +3%', includesZero: false });
		expect(none).toMatchObject({ winRate: '—', roi: '—', interval: 'none (fewer than 2 events)', includesZero: true, pnl: '$0.00' });
	});

	it('the calibration table: the price, the ask paid and how often it won', () => {
		expect(calibrationRows(report)).toEqual([
			{ band: '85–90¢', trades: 120, avgPrice: '87.31¢', avgAsk: '88.02¢', winRate: '85%', gap: '−3.0 pts', gapTone: 'loss' },
			{ band: '95–98¢', trades: 40, avgPrice: '96.12¢', avgAsk: '96.5¢', winRate: '97.5%', gap: '+1.0 pts', gapTone: 'gain' }
		]);
	});

	it('names the data and the edge plainly', () => {
		expect(sourceLabel(report.source)).toBe('Collected Kalshi history');
		expect(sourceLabel({ ...report.source, kind: 'exchange' })).toMatch(/^Local exchange .*not Kalshi data/);
		expect(EDGE_BADGES['not demonstrated']).toEqual({ label: 'Edge not demonstrated', tone: 'warning' });
		expect(EDGE_BADGES.negative.tone).toBe('danger');
		expect(EDGE_BADGES.demonstrated.tone).toBe('success');
		expect(formatReturn(0)).toBe('0%');
		expect(formatInterval([-0.005, 0.005])).toBe('−0.5% to +0.5%');
	});
});
