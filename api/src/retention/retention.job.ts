// Keeps the database the size of its window: the monitor's raw data (trades and book
// snapshots) for 14 days, bookkeeping (job runs, error logs, sent emails) for 90.
import type { JobDefinition } from '../jobs/types.ts';

export const RETENTION = {
  marketDataDays: 14,
  bookkeepingDays: 90,
} as const;

const DAY_MS = 24 * 3600 * 1000;

export const retentionJob: JobDefinition = {
  name: 'retention',
  description: `Delete trades and order-book snapshots older than ${RETENTION.marketDataDays} days, and job runs, error logs and sent emails older than ${RETENTION.bookkeepingDays} days`,
  schedule: '15 3 * * *',
  timezone: 'America/New_York',
  async run({ prisma, now }) {
    const marketCutoff = new Date(now().getTime() - RETENTION.marketDataDays * DAY_MS);
    const bookkeepingCutoff = new Date(now().getTime() - RETENTION.bookkeepingDays * DAY_MS);
    const trades = await prisma.marketTrade.deleteMany({ where: { createdTime: { lt: marketCutoff } } });
    const snapshots = await prisma.orderbookSnapshot.deleteMany({ where: { capturedAt: { lt: marketCutoff } } });
    const jobRuns = await prisma.jobRun.deleteMany({ where: { startedAt: { lt: bookkeepingCutoff }, status: { not: 'RUNNING' } } });
    const errors = await prisma.errorLog.deleteMany({ where: { occurredAt: { lt: bookkeepingCutoff } } });
    const emails = await prisma.outbox.deleteMany({ where: { status: 'SENT', sentAt: { lt: bookkeepingCutoff } } });
    return {
      tradesDeleted: trades.count,
      snapshotsDeleted: snapshots.count,
      jobRunsDeleted: jobRuns.count,
      errorLogsDeleted: errors.count,
      emailsDeleted: emails.count,
    };
  },
};
