import { describe, expect, it } from 'vitest';
import { type GroupRow, metricBars } from './reports.ts';

// Typed by the API (MonthlyGroupRow), validated when the analysis is stored.
const rows: GroupRow[] = [
	{ key: 'Politics', trades: 4, invested: '120.00', pnl: '12.50', winRate: 0.75, roi: 10.4 },
	{ key: 'Weather', trades: 2, invested: '60.00', pnl: '-37.50', winRate: 0.5, roi: -62.5 }
];

describe('monthly analysis rows', () => {
	it('bars per metric', () => {
		const trades = metricBars(rows, 'trades');
		expect(trades.zero).toBe(0);
		expect(trades.bars.map((b) => [b.text, b.width])).toEqual([
			['4', 100],
			['2', 50]
		]);
		const pnl = metricBars(rows, 'pnl');
		expect(pnl.zero).toBe(75);
		expect(pnl.bars[0]).toMatchObject({ text: '+$12.50', left: 75, width: 25, negative: false });
		expect(pnl.bars[1]).toMatchObject({ text: '−$37.50', left: 0, width: 75, negative: true });
		const win = metricBars(rows, 'winRate');
		expect(win.bars.map((b) => [b.text, b.width])).toEqual([
			['75%', 75],
			['50%', 50]
		]);
		expect(metricBars(rows, 'roi').bars[1]!.text).toBe('−62.5%');
	});
});
