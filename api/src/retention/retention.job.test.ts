import type { Database } from '@sentinel/db';
import { createTestDatabase } from '@sentinel/db/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retentionJob } from './retention.job.ts';

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.close());

describe('retention job', () => {
  it('deletes market data older than 14 days and keeps the rest', async () => {
    const now = new Date('2026-11-21T12:00:00Z');
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    await db.prisma.series.create({ data: { ticker: 'S', title: 'S', category: 'Politics' } });
    await db.prisma.event.create({ data: { eventTicker: 'E', seriesTicker: 'S', title: 'E', category: 'Politics' } });
    await db.prisma.market.create({
      data: { ticker: 'M', eventTicker: 'E', seriesTicker: 'S', title: 'M', category: 'Politics', status: 'active', closeTime: daysAgo(-5) },
    });
    const trade = (id: string, at: Date) => ({ tradeId: id, ticker: 'M', createdTime: at, yesPrice: '0.5', noPrice: '0.5', count: '1.00', takerOutcomeSide: 'yes' });
    await db.prisma.marketTrade.createMany({ data: [trade('old', daysAgo(15)), trade('new', daysAgo(13))] });
    const snapshot = (at: Date) => ({ ticker: 'M', capturedAt: at, yesDepth: '1', noDepth: '1', yesDepthDollars: '1', noDepthDollars: '1', levels: {} });
    await db.prisma.orderbookSnapshot.createMany({ data: [snapshot(daysAgo(20)), snapshot(daysAgo(1))] });
    await db.prisma.errorLog.createMany({ data: [{ source: 'x', message: 'old', occurredAt: daysAgo(100) }, { source: 'x', message: 'new', occurredAt: daysAgo(2) }] });

    const counts = await retentionJob.run({ prisma: db.prisma, logger: pino({ level: 'silent' }), now: () => now, runId: 'r', signal: new AbortController().signal });
    expect(counts).toMatchObject({ tradesDeleted: 1, snapshotsDeleted: 1, errorLogsDeleted: 1 });
    expect((await db.prisma.marketTrade.findMany()).map((t) => t.tradeId)).toEqual(['new']);
    expect(await db.prisma.orderbookSnapshot.count()).toBe(1);
    expect((await db.prisma.errorLog.findMany()).map((e) => e.message)).toEqual(['new']);
  });
});
