// The trade tape's completeness as the Status page shows it: the last monitor cycle's
// reconciliation counts (GET /api/monitor/summary, lastCycle.counts).
import type { Schemas } from '@sentinel/client';
import type { DetailItem } from './components/detail-list.svelte';

type Cycle = NonNullable<Schemas['MonitorSummary']['lastCycle']>;

export type CompletenessState = 'complete' | 'filled' | 'pending' | 'unknown';

export interface Completeness {
	state: CompletenessState;
	items: DetailItem[];
	at: string;
}

const count = (n: number | undefined) => (n ?? 0).toLocaleString('en-US');

/** What the last cycle found and filled; `null` when no cycle has run (or it predates reconciliation). */
export function completenessOf(cycle: Cycle | null): Completeness | null {
	if (!cycle) return null;
	const c = cycle.counts;
	const at = cycle.finishedAt ?? cycle.startedAt;
	if (c.gapsFound === undefined) return { state: 'unknown', items: [], at };
	const found = c.gapsFound;
	const filled = c.gapsFilled ?? 0;
	const state: CompletenessState = found === 0 ? 'complete' : filled >= found ? 'filled' : 'pending';
	return {
		state,
		at,
		items: [
			{
				label: 'Gaps found',
				value: count(found),
				hint: `of ${count(c.marketsReconciled)} eligible markets checked against Kalshi's volume`,
				field: 'gaps-found'
			},
			{
				label: 'Gaps filled',
				value: count(filled),
				hint: found > filled ? `${count(found - filled)} left for the next cycle` : 'by ticker, this cycle',
				field: 'gaps-filled'
			},
			{
				label: 'Trades backfilled',
				value: count(c.tradesBackfilled),
				hint: `${count(c.backfillRequests)} Kalshi requests`,
				field: 'trades-backfilled'
			},
			{
				label: 'Trades from the tape',
				value: count(c.tradesStored),
				hint: `new, of ${count(c.tradesSeen)} read`,
				field: 'trades-stored'
			}
		]
	};
}

export const COMPLETENESS_BADGES: Record<CompletenessState, { tone: 'success' | 'warning' | 'neutral'; text: string }> = {
	complete: { tone: 'success', text: 'Complete' },
	filled: { tone: 'success', text: 'Gaps filled' },
	pending: { tone: 'warning', text: 'Gaps pending' },
	unknown: { tone: 'neutral', text: 'Not measured' }
};
