// The trader's scheduled jobs: plain functions of their dependencies, wired to times by the
// scheduler and runnable by hand through POST /api/jobs/{name}/run.
import type { JobContext, JobCounts, JobDefinition } from '../jobs/types.ts';
import { TIMEZONE, TRADER_SCHEDULES } from './constants.ts';
import { runReconcile } from './execution/reconcile.ts';
import { type TraderServices, runTradingCycle } from './pipeline.ts';
import { runResolutions } from './positions/resolution.ts';
import { runStopLoss } from './positions/stop-loss.ts';
import { runMonthlyAnalysis } from './reports/monthly.ts';
import { runMorningReport } from './reports/morning-report.ts';
import { writePerformanceSnapshot } from './reports/performance.ts';

function job(def: { name: string; schedule: string; description: string }, run: (ctx: JobContext) => Promise<JobCounts>): JobDefinition {
  return { ...def, timezone: TIMEZONE, run };
}

export function createTraderJobs(deps: { services: TraderServices }): JobDefinition[] {
  const d = (ctx: JobContext) => ({ prisma: ctx.prisma, services: deps.services, logger: ctx.logger, now: ctx.now });
  return [
    job(TRADER_SCHEDULES.dailyScan, async (ctx) => {
      const r = await runTradingCycle(d(ctx));
      return { candidates: r.candidates, selected: r.selected, approved: r.approved, ordersPlaced: r.ordersPlaced, positionsOpened: r.positionsOpened, paused: r.paused ? 1 : 0, aiFailed: r.error ? 1 : 0 };
    }),
    job(TRADER_SCHEDULES.stopLoss, (ctx) => runStopLoss(d(ctx))),
    job(TRADER_SCHEDULES.resolutions, (ctx) => runResolutions(d(ctx))),
    job(TRADER_SCHEDULES.reconcile, (ctx) => runReconcile(d(ctx))),
    job(TRADER_SCHEDULES.performance, (ctx) => writePerformanceSnapshot(d(ctx))),
    job(TRADER_SCHEDULES.morningReport, (ctx) => runMorningReport(d(ctx))),
    job(TRADER_SCHEDULES.monthly, (ctx) => runMonthlyAnalysis(d(ctx))),
  ];
}
