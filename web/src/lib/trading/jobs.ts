// The trader's jobs the pages can run by hand (POST /api/jobs/{name}/run), in schedule order.

export interface TraderJob {
	name: string;
	label: string;
	description: string;
}

export const TRADER_JOBS: readonly TraderJob[] = [
	{ name: 'daily-scan', label: 'Run scan now', description: 'Scan, let the selector pick, apply the hard limits and place the orders (8:00 AM daily).' },
	{ name: 'stop-loss', label: 'Check stop-losses', description: "Sell open positions whose held side fell below the stop-loss price (every 2 hours)." },
	{ name: 'check-resolutions', label: 'Check resolutions', description: 'Close settled positions as won or lost, P&L net of fees (every 6 hours).' },
	{ name: 'trader-reconcile', label: 'Reconcile', description: 'Match live orders, fills and positions with the exchange (every 15 minutes).' },
	{ name: 'performance-snapshot', label: 'Snapshot performance', description: "Store today's performance snapshot, a point on the P&L curve (11:55 PM daily)." },
	{ name: 'morning-report', label: 'Morning report', description: 'Write and email the morning report (7:00 AM daily).' },
	{ name: 'monthly-analysis', label: 'Monthly analysis', description: "Analyse the previous month by category and series (1st of the month)." }
];

/** "SUCCEEDED" with counts → "ordersPlaced 2 · positionsOpened 2". */
export function countsText(counts: Readonly<Record<string, number>> | undefined): string {
	if (!counts) return '';
	return Object.entries(counts)
		.map(([k, v]) => `${k} ${v}`)
		.join(' · ');
}
