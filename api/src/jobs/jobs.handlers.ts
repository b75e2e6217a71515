import type { RouteHandler } from '@hono/zod-openapi';
import type { JobRun } from '@sentinel/db';
import { ProblemError } from '../lib/problem.ts';
import type { AppEnv } from '../lib/types.ts';
import { latestRunsByJob, listJobRuns } from './job-runs.ts';
import type { listJobRunsRoute, listJobs, runJob } from './jobs.routes.ts';

export function toJobRunDto(run: JobRun) {
  return {
    id: run.id,
    job: run.job,
    trigger: run.trigger,
    status: run.status,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    durationMs: run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
    counts: (run.counts ?? {}) as Record<string, number>,
    error: run.error,
  };
}

export const listJobsHandler: RouteHandler<typeof listJobs, AppEnv> = async (c) => {
  const { scheduler, db } = c.get('deps');
  const jobs = scheduler?.list() ?? [];
  const latest = await latestRunsByJob(db.prisma, jobs.map((j) => j.name));
  return c.json(
    {
      jobs: jobs.map((job) => {
        const runs = latest.get(job.name);
        return {
          ...job,
          nextRunAt: job.nextRunAt?.toISOString() ?? null,
          lastRun: runs?.last ? toJobRunDto(runs.last) : null,
          recentRuns: runs?.recentRuns ?? 0,
          recentFailures: runs?.recentFailures ?? 0,
        };
      }),
    },
    200,
  );
};

export const listJobRunsHandler: RouteHandler<typeof listJobRunsRoute, AppEnv> = async (c) => {
  const { job, limit, before } = c.req.valid('query');
  const runs = await listJobRuns(c.get('deps').db.prisma, { job, limit, before: before ? new Date(before) : undefined });
  return c.json({ runs: runs.map(toJobRunDto) }, 200);
};

export const runJobHandler: RouteHandler<typeof runJob, AppEnv> = async (c) => {
  const { name } = c.req.valid('param');
  const scheduler = c.get('deps').scheduler;
  if (!scheduler?.has(name)) throw new ProblemError('not-found', 404, `No job named "${name}".`);
  c.get('logger').info({ job: name }, 'job run requested');
  const outcome = await scheduler.runNow(name);
  return c.json(outcome, 200);
};
