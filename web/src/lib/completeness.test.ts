import { describe, expect, it } from 'vitest';
import { completenessOf } from './completeness.ts';

const cycle = (counts: Record<string, number>) => ({
	status: 'SUCCEEDED',
	startedAt: '2026-11-18T20:00:00.000Z',
	finishedAt: '2026-11-18T20:00:09.000Z',
	counts
});

describe('completenessOf', () => {
	it('reads the last cycle’s reconciliation counts', () => {
		const c = completenessOf(
			cycle({ marketsReconciled: 1212, gapsFound: 3, gapsFilled: 2, tradesBackfilled: 17, backfillRequests: 3, tradesStored: 907, tradesSeen: 3376 })
		)!;
		expect(c.state).toBe('pending');
		expect(c.at).toBe('2026-11-18T20:00:09.000Z');
		const byField = Object.fromEntries(c.items.map((i) => [i.field, i]));
		expect(byField['gaps-found']!.value).toBe('3');
		expect(byField['gaps-found']!.hint).toContain('1,212 eligible markets');
		expect(byField['gaps-filled']!.hint).toBe('1 left for the next cycle');
		expect(byField['trades-backfilled']!.value).toBe('17');
		expect(byField['trades-stored']!.value).toBe('907');
	});

	it('says complete, filled, not measured or nothing yet', () => {
		expect(completenessOf(cycle({ gapsFound: 0, gapsFilled: 0 }))!.state).toBe('complete');
		expect(completenessOf(cycle({ gapsFound: 2, gapsFilled: 2 }))!.state).toBe('filled');
		expect(completenessOf(cycle({ tradesStored: 5 }))!.state).toBe('unknown');
		expect(completenessOf(null)).toBeNull();
	});
});
