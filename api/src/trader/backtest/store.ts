// Backtest reports kept for the product: the CLI saves each run, and the dashboard, the morning
// report and the live switch read the latest. A row is parsed with the report's schema on the way
// out, so one written by an older or broken run is skipped rather than shown as evidence.
import type { PrismaClient } from '@sentinel/db';
import { type BacktestReport, BacktestReportSchema } from './report.ts';

export async function saveBacktestReport(prisma: PrismaClient, report: BacktestReport): Promise<void> {
  const ran = new Date(report.createdAt);
  await prisma.backtestRun.create({
    data: {
      ...(Number.isNaN(ran.getTime()) ? {} : { createdAt: ran }),
      sourceKind: report.source.kind,
      report: BacktestReportSchema.parse(report),
    },
  });
}

const PAGE = 20;

/** The newest stored report that parses, or null when there is none. */
export async function latestBacktestReport(prisma: PrismaClient): Promise<BacktestReport | null> {
  for (let skip = 0; ; skip += PAGE) {
    const rows = await prisma.backtestRun.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip, take: PAGE, select: { report: true } });
    for (const row of rows) {
      const parsed = BacktestReportSchema.safeParse(row.report);
      if (parsed.success) return parsed.data;
    }
    if (rows.length < PAGE) return null;
  }
}
