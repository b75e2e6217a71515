// A crash between sending an entry order and opening its position must not free the budget it
// used: until trader-reconcile settles such an order, the day's spend counts it (a PENDING order
// at its limit cost, an EXECUTED one at what filled). Otherwise a rerun of the daily scan after a
// restart could buy past the daily budget.
import type { Database } from '@sentinel/db';
import { createTestDatabase } from '@sentinel/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spentToday } from '../../src/trader/state.ts';

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.close());

const order = (over: Record<string, unknown>) => ({
  clientOrderId: crypto.randomUUID(),
  mode: 'LIVE' as const,
  ticker: 'KXTEST-1',
  side: 'YES' as const,
  action: 'BUY' as const,
  purpose: 'ENTRY' as const,
  limitPrice: '0.90',
  count: '50',
  ...over,
});

describe('the daily spend after a crash', () => {
  it('counts entries whose position was never opened', async () => {
    const now = new Date();
    expect(await spentToday(db.prisma, 'LIVE', now)).toBe(0n);
    // Sent, outcome unknown (the process died before the answer was stored): $45 at the limit.
    await db.prisma.traderOrder.create({ data: order({ status: 'PENDING' }) });
    expect(await spentToday(db.prisma, 'LIVE', now)).toBe(45_000_000n);
    // Filled, fills stored, the process died before the position: 20 × $0.88 + $0.50 fee.
    await db.prisma.traderOrder.create({ data: order({ status: 'EXECUTED', filledCount: '20', averageFillPrice: '0.88', feesPaid: '0.50' }) });
    expect(await spentToday(db.prisma, 'LIVE', now)).toBe(45_000_000n + 17_600_000n + 500_000n);
    // Nothing spent: an IOC that filled nothing, a refused order, a stop-loss sell, paper mode.
    await db.prisma.traderOrder.create({ data: order({ status: 'CANCELED' }) });
    await db.prisma.traderOrder.create({ data: order({ status: 'REJECTED' }) });
    await db.prisma.traderOrder.create({ data: order({ status: 'PENDING', purpose: 'STOP_LOSS', action: 'SELL' }) });
    expect(await spentToday(db.prisma, 'LIVE', now)).toBe(63_100_000n);
    expect(await spentToday(db.prisma, 'PAPER', now)).toBe(0n);
  });

  it('counts an order once its position exists (through the position only)', async () => {
    const now = new Date();
    const before = await spentToday(db.prisma, 'LIVE', now);
    const o = await db.prisma.traderOrder.create({ data: order({ status: 'EXECUTED', filledCount: '10', averageFillPrice: '0.90', feesPaid: '0.20' }) });
    expect(await spentToday(db.prisma, 'LIVE', now)).toBe(before + 9_200_000n);
    await db.prisma.position.create({
      data: { mode: 'LIVE', ticker: 'KXTEST-1', seriesTicker: 'KXTEST', category: 'Test', title: 't', side: 'YES', contracts: '10', entryPrice: '0.90', cost: '9', entryFees: '0.20', aiReasoning: 'x', openedAt: now, orders: { connect: { id: o.id } } },
    });
    expect(await spentToday(db.prisma, 'LIVE', now)).toBe(before + 9_200_000n);
  });
});
