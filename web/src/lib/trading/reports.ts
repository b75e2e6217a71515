// The monthly analysis: its per-category and per-series rows (typed by the API, validated when
// stored), turned into bars for one metric at a time.
import type { Schemas } from '@sentinel/client';
import { centsNumber } from '../decimal.ts';
import { signedBars } from './charts.ts';
import { formatPnl, formatShare, formatSignedPercent } from './money.ts';

export type GroupRow = Schemas['MonthlyGroupRow'];

export type Metric = 'trades' | 'pnl' | 'winRate' | 'roi';

export const METRICS: { key: Metric; label: string }[] = [
	{ key: 'trades', label: 'Trades' },
	{ key: 'pnl', label: 'P&L' },
	{ key: 'winRate', label: 'Win rate' },
	{ key: 'roi', label: 'ROI' }
];

export interface MetricBar {
	key: string;
	text: string;
	left: number;
	width: number;
	negative: boolean;
}

/** One bar per row for `metric`: counts and rates from zero, P&L and ROI either side of zero. */
export function metricBars(rows: readonly GroupRow[], metric: Metric): { zero: number; bars: MetricBar[] } {
	const values = rows.map((r) =>
		metric === 'trades' ? r.trades : metric === 'pnl' ? centsNumber(r.pnl) : metric === 'winRate' ? (r.winRate === null ? null : r.winRate * 100) : r.roi
	);
	// Win rates are drawn against 100%, not against the best row.
	const scaled = metric === 'winRate' ? [...values, 100] : values;
	const { zero, bars } = signedBars(scaled);
	return {
		zero,
		bars: rows.map((r, i) => {
			const bar = bars[i] ?? null;
			const text = metric === 'trades' ? String(r.trades) : metric === 'pnl' ? formatPnl(r.pnl) : metric === 'winRate' ? formatShare(r.winRate) : formatSignedPercent(r.roi);
			return { key: r.key, text, left: bar?.left ?? zero, width: bar?.width ?? 0, negative: bar?.negative ?? false };
		})
	};
}
