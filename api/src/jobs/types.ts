import type { PrismaClient } from '@sentinel/db';
import type { Logger } from '../lib/logger.ts';

/** What a job receives; jobs are plain functions of their dependencies. */
export interface JobContext {
  prisma: PrismaClient;
  logger: Logger;
  now: () => Date;
  runId: string;
  /** Aborted when the app shuts down: long jobs stop at the next safe point. */
  signal: AbortSignal;
}

/** Numbers a run reports (rows written, requests made, records skipped …). */
export type JobCounts = Record<string, number>;

export interface JobDefinition {
  name: string;
  description: string;
  /** A cron pattern (croner syntax, seconds optional). */
  schedule: string;
  /** Wall-clock schedules (recap at 8 pm, scan at 8 am) run in US Eastern time. */
  timezone: string;
  run(context: JobContext): Promise<JobCounts>;
}
