// The latest backtest as the Strategy evidence card and the live switch show it. The verdict
// sentence comes from the API (GET /api/trading/backtest words it once for the web app and the
// emails); this turns the report's numbers into table rows. Backtest amounts are JSON numbers
// (measurements, not ledger money), formatted through the same helpers as the trading pages.
import type { Schemas } from '@sentinel/client';
import { type Tone, formatMoney, formatPnl, formatPrice, formatShare, formatSignedPercent, NO_VALUE, pnlTone } from './money.ts';

// SvelteKit's page-data types widen the interval's [low, high] tuple to number[]: accept either.
type Strategy = Omit<Schemas['BacktestStrategy'], 'ci95'> & { ci95: readonly number[] | null };
export type BacktestReport = Omit<Schemas['BacktestReport'], 'strategies'> & { strategies: Strategy[] };
export type LatestBacktest = Omit<Schemas['LatestBacktest'], 'report'> & { report: BacktestReport | null };
export type Edge = LatestBacktest['edge'];

export const EDGE_BADGES: Record<Edge, { label: string; tone: 'success' | 'warning' | 'danger' }> = {
	demonstrated: { label: 'Edge demonstrated', tone: 'success' },
	'not demonstrated': { label: 'Edge not demonstrated', tone: 'warning' },
	negative: { label: 'Negative edge', tone: 'danger' }
};

/** Where the backtest's markets came from, in a few words. */
export function sourceLabel(source: BacktestReport['source']): string {
	return source.kind === 'history' ? 'Collected Kalshi history' : 'Local exchange (synthetic markets, not Kalshi data)';
}

const dollarText = (amount: number) => (Number.isFinite(amount) ? amount.toFixed(6) : null);

/** A 0.043 return per dollar as "+4.3%". */
export function formatReturn(share: number | null | undefined): string {
	return share === null || share === undefined ? NO_VALUE : formatSignedPercent(share * 100, 1);
}

/** The 95% interval of the return per dollar: "−18% to +9.6%", or why there is none. */
export function formatInterval(ci95: readonly number[] | null): string {
	const [low, high] = ci95 ?? [];
	return low === undefined || high === undefined ? 'none (fewer than 2 events)' : `${formatReturn(low)} to ${formatReturn(high)}`;
}

/** Whether an interval includes zero (or there is none): then no edge is shown, either way. */
export function includesZero(ci95: readonly number[] | null): boolean {
	const [low, high] = ci95 ?? [];
	return low === undefined || high === undefined || (low <= 0 && high >= 0);
}

export interface StrategyRow {
	name: string;
	trades: number;
	winRate: string;
	pnl: string;
	pnlTone: Tone;
	roi: string;
	interval: string;
	includesZero: boolean;
	maxDrawdown: string;
	fees: string;
	stopped: number;
}

export function strategyRows(report: BacktestReport): StrategyRow[] {
	return report.strategies.map((s) => {
		const pnl = dollarText(s.pnl);
		return {
			name: s.name,
			trades: s.trades,
			winRate: formatShare(s.winRate),
			pnl: formatPnl(pnl),
			pnlTone: pnlTone(pnl),
			roi: formatReturn(s.roi),
			interval: formatInterval(s.ci95),
			includesZero: includesZero(s.ci95),
			maxDrawdown: formatMoney(dollarText(s.maxDrawdown)),
			fees: formatMoney(dollarText(s.fees)),
			stopped: s.stopped
		};
	});
}

export interface CalibrationRow {
	band: string;
	trades: number;
	avgPrice: string;
	avgAsk: string;
	winRate: string;
	/** Realised win rate minus the ask a buyer paid, in percentage points (before fees): below zero, buying the band lost. */
	gap: string;
	gapTone: Tone;
}

export function calibrationRows(report: BacktestReport): CalibrationRow[] {
	return report.calibration.map((b) => {
		const points = (b.winRate - b.avgAsk) * 100;
		const text = Math.abs(points).toFixed(1);
		return {
			band: b.band,
			trades: b.trades,
			avgPrice: formatPrice(b.avgPrice.toFixed(4)),
			avgAsk: formatPrice(b.avgAsk.toFixed(4)),
			winRate: formatShare(b.winRate),
			gap: text === '0.0' ? '0.0 pts' : `${points < 0 ? '−' : '+'}${text} pts`,
			gapTone: text === '0.0' ? 'flat' : points < 0 ? 'loss' : 'gain'
		};
	});
}
