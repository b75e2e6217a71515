import { z } from '@hono/zod-openapi';
import { notFoundResponse } from '../lib/problem.ts';
import { protectedRoute } from '../lib/router.ts';

export const JobRunSchema = z
  .object({
    id: z.string(),
    job: z.string(),
    trigger: z.string().openapi({ description: '"schedule" or "manual"' }),
    status: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED']),
    startedAt: z.string().datetime(),
    finishedAt: z.string().datetime().nullable(),
    durationMs: z.number().int().nullable(),
    counts: z.record(z.string(), z.number()),
    error: z.string().nullable(),
  })
  .openapi('JobRun');

export const JobSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    schedule: z.string().openapi({ description: 'Cron pattern' }),
    timezone: z.string(),
    running: z.boolean(),
    nextRunAt: z.string().datetime().nullable(),
    lastRun: z.union([JobRunSchema, z.null()]),
    recentRuns: z.number().int(),
    recentFailures: z.number().int().openapi({ description: 'Failures among the recent runs: a degraded job shows here' }),
  })
  .openapi('Job');

export const RunOutcomeSchema = z
  .object({
    status: z.enum(['SUCCEEDED', 'FAILED', 'SKIPPED']),
    runId: z.string().optional(),
    counts: z.record(z.string(), z.number()).optional(),
    error: z.string().optional(),
    reason: z.string().optional(),
  })
  .openapi('RunOutcome');

const JobNameParam = z.object({
  name: z.string().min(1).max(64).regex(/^[a-z0-9-]+$/, 'must be a job name such as "retention"').openapi({ param: { name: 'name', in: 'path' }, example: 'retention' }),
});

export const listJobs = protectedRoute({
  method: 'get',
  path: '/api/jobs',
  operationId: 'listJobs',
  tags: ['Jobs'],
  summary: 'Every scheduled job with its schedule, next run and last run',
  responses: {
    200: { description: 'Jobs', content: { 'application/json': { schema: z.object({ jobs: z.array(JobSchema) }) } } },
  },
});

export const listJobRunsRoute = protectedRoute({
  method: 'get',
  path: '/api/jobs/runs',
  operationId: 'listJobRuns',
  tags: ['Jobs'],
  summary: 'Recorded runs, newest first',
  request: {
    query: z.object({
      job: z.string().max(64).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(50),
      before: z.string().datetime().optional().openapi({ description: 'Page: runs started before this time' }),
    }),
  },
  responses: {
    200: { description: 'Runs', content: { 'application/json': { schema: z.object({ runs: z.array(JobRunSchema) }) } } },
  },
});

export const runJob = protectedRoute({
  method: 'post',
  path: '/api/jobs/{name}/run',
  operationId: 'runJob',
  tags: ['Jobs'],
  summary: 'Run a job now and wait for its outcome',
  request: { params: JobNameParam },
  responses: {
    200: { description: 'The run finished (or was skipped because it is already running)', content: { 'application/json': { schema: RunOutcomeSchema } } },
    ...notFoundResponse,
  },
});
