// Wires jobs to times. Each run is isolated (a failure is recorded, never thrown into the
// scheduler), never overlaps itself, and runs once per tick across instances.
import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { PrismaClient } from '@sentinel/db';
import { recordError } from '../errors/error-log.ts';
import type { Logger } from '../lib/logger.ts';
import { redactJson, redactSecrets } from '../lib/redact.ts';
import type { JobLock } from './locks.ts';
import type { JobCounts, JobDefinition } from './types.ts';

export type RunOutcome =
  | { status: 'SUCCEEDED'; runId: string; counts: JobCounts }
  | { status: 'FAILED'; runId: string; error: string }
  | { status: 'SKIPPED'; reason: 'running-here' | 'running-elsewhere' | 'tick-already-ran' | 'stopping' };

export interface JobInfo {
  name: string;
  description: string;
  schedule: string;
  timezone: string;
  running: boolean;
  nextRunAt: Date | null;
}

export interface Scheduler {
  start(): void;
  stop(): Promise<void>;
  runNow(name: string): Promise<RunOutcome>;
  /** What a cron tick does: run `name` for the tick scheduled at or just before `firedAt`. */
  runTick(name: string, firedAt: Date): Promise<RunOutcome>;
  list(): JobInfo[];
  has(name: string): boolean;
  /**
   * Closes runs left RUNNING by a process that died mid-run (FAILED, "abandoned"), for every
   * job whose lock is free, i.e. that no live instance is running. Returns how many it closed.
   */
  closeAbandoned(): Promise<number>;
}

export const ABANDONED_MESSAGE = 'abandoned: the process stopped while this run was in progress';

export interface SchedulerOptions {
  prisma: PrismaClient;
  lock: JobLock;
  logger: Logger;
  jobs: JobDefinition[];
  instanceId?: string;
  now?: () => Date;
  /** Values that must never reach a log line or an error row. */
  secrets?: readonly string[];
  /** Told of every run's outcome and wall time (GET /metrics). */
  onRunFinished?: (job: string, outcome: RunOutcome, seconds: number) => void;
}

/** Ticks fire late by up to this much (clock skew, a busy event loop) and still dedupe. */
const TICK_TOLERANCE_MS = 30_000;

export function scheduledTick(job: Pick<JobDefinition, 'schedule' | 'timezone'>, firedAt: Date): Date {
  const pattern = new Cron(job.schedule, { timezone: job.timezone, paused: true });
  return pattern.nextRun(new Date(firedAt.getTime() - TICK_TOLERANCE_MS)) ?? firedAt;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { prisma, lock, logger, jobs } = options;
  const instanceId = options.instanceId ?? randomUUID();
  const now = options.now ?? (() => new Date());
  const secrets = options.secrets ?? [];
  const byName = new Map(jobs.map((job) => [job.name, job]));
  const running = new Map<string, Promise<RunOutcome>>();
  const crons: Cron[] = [];
  const abort = new AbortController();
  /**
   * Failures the database could not take when they happened (it was down): a run whose final
   * update failed would otherwise stay "running" forever, and a tick that could not start would
   * leave no trace on the jobs page. They are written at the next run that reaches the database.
   */
  const unrecorded: { runId: string | null; job: string; trigger: 'schedule' | 'manual'; tickKey: string | null; startedAt: Date; finishedAt: Date; error: string }[] = [];
  const MAX_UNRECORDED = 200;

  function remember(failure: (typeof unrecorded)[number]) {
    if (unrecorded.length >= MAX_UNRECORDED) unrecorded.shift();
    unrecorded.push(failure);
  }

  async function recordUnrecorded() {
    while (unrecorded.length > 0) {
      const f = unrecorded[0]!;
      if (f.runId) {
        await prisma.jobRun.update({ where: { id: f.runId }, data: { status: 'FAILED', finishedAt: f.finishedAt, error: f.error } });
      } else {
        await prisma.jobRun
          .create({ data: { job: f.job, trigger: f.trigger, instanceId, tickKey: f.tickKey, startedAt: f.startedAt, finishedAt: f.finishedAt, status: 'FAILED', error: f.error } })
          .catch((error) => {
            // Another instance ran (or recorded) that tick: nothing to add.
            if ((error as { code?: string }).code !== 'P2002') throw error;
          });
      }
      unrecorded.shift();
    }
  }

  function jobNamed(name: string): JobDefinition {
    const job = byName.get(name);
    if (!job) throw new Error(`unknown job ${name}`);
    return job;
  }

  /** Called with the job's lock held: any RUNNING row of it belongs to a process that is gone. */
  async function closeAbandonedRuns(name: string): Promise<number> {
    const { count } = await prisma.jobRun.updateMany({
      where: { job: name, status: 'RUNNING' },
      data: { status: 'FAILED', finishedAt: now(), error: ABANDONED_MESSAGE },
    });
    if (count > 0) logger.warn({ job: name, count }, 'closed job runs abandoned by a stopped process');
    return count;
  }

  async function execute(job: JobDefinition, trigger: 'schedule' | 'manual', tickKey: string | null): Promise<RunOutcome> {
    const held = await lock.withLock(job.name, async (): Promise<RunOutcome> => {
      await recordUnrecorded().catch((e) => logger.warn({ err: { message: (e as Error).message } }, 'could not record earlier failures yet'));
      await closeAbandonedRuns(job.name).catch(() => {});
      let runId: string;
      try {
        runId = (
          await prisma.jobRun.create({ data: { job: job.name, trigger, instanceId, tickKey, startedAt: now() }, select: { id: true } })
        ).id;
      } catch (error) {
        if ((error as { code?: string }).code === 'P2002') return { status: 'SKIPPED', reason: 'tick-already-ran' };
        throw error;
      }
      const log = logger.child({ job: job.name, runId });
      const started = performance.now();
      try {
        // A job's counts may carry text from outside (an AI error, say): stored and served redacted.
        const counts = redactJson(await job.run({ prisma, logger: log, now, runId, signal: abort.signal }), secrets);
        await prisma.jobRun.update({ where: { id: runId }, data: { status: 'SUCCEEDED', finishedAt: now(), counts: counts as never } });
        log.info({ counts, ms: Math.round(performance.now() - started) }, 'job succeeded');
        return { status: 'SUCCEEDED', runId, counts };
      } catch (error) {
        const message = redactSecrets((error as Error).message ?? String(error), secrets);
        log.error({ err: { message, stack: redactSecrets((error as Error).stack ?? '', secrets) } }, 'job failed');
        const finishedAt = now();
        await prisma.jobRun
          .update({ where: { id: runId }, data: { status: 'FAILED', finishedAt, error: message.slice(0, 4000) } })
          .catch((e) => {
            log.warn({ err: { message: (e as Error).message } }, 'could not record the failure; will record it later');
            remember({ runId, job: job.name, trigger, tickKey, startedAt: finishedAt, finishedAt, error: message.slice(0, 4000) });
          });
        await recordError(prisma, secrets, { source: `job:${job.name}`, error, context: { runId, trigger } }).catch(() => {});
        return { status: 'FAILED', runId, error: message };
      }
    });
    return held ? held.value : { status: 'SKIPPED', reason: 'running-elsewhere' };
  }

  function run(job: JobDefinition, trigger: 'schedule' | 'manual', tickKey: string | null): Promise<RunOutcome> {
    if (abort.signal.aborted) return Promise.resolve({ status: 'SKIPPED', reason: 'stopping' });
    const current = running.get(job.name);
    if (current) return Promise.resolve({ status: 'SKIPPED', reason: 'running-here' });
    const startedAt = now();
    const started = performance.now();
    const promise = execute(job, trigger, tickKey)
      .catch((error): RunOutcome => {
        // The database itself failed (down, restarting): nothing could be recorded there now.
        const message = redactSecrets((error as Error).message ?? String(error), secrets);
        logger.error({ job: job.name, err: { message } }, 'job could not run');
        remember({ runId: null, job: job.name, trigger, tickKey, startedAt, finishedAt: now(), error: `could not run: ${message}`.slice(0, 4000) });
        return { status: 'FAILED', runId: '', error: message };
      })
      .then((outcome) => {
        try {
          options.onRunFinished?.(job.name, outcome, (performance.now() - started) / 1000);
        } catch {
          // Counting a run must never change its outcome.
        }
        return outcome;
      })
      .finally(() => running.delete(job.name));
    running.set(job.name, promise);
    return promise;
  }

  return {
    async closeAbandoned() {
      let closed = 0;
      // Jobs with no definition here (renamed or removed) have no lock to take: nobody runs them.
      const names = new Set([...byName.keys(), ...(await prisma.jobRun.findMany({ where: { status: 'RUNNING' }, distinct: ['job'], select: { job: true } })).map((r) => r.job)]);
      for (const name of names) {
        const held = await lock.withLock(name, () => closeAbandonedRuns(name));
        closed += held?.value ?? 0;
      }
      return closed;
    },
    start() {
      for (const job of jobs) {
        const cron = new Cron(job.schedule, { timezone: job.timezone, name: job.name }, () => {
          void this.runTick(job.name, now());
        });
        crons.push(cron);
      }
      logger.info({ jobs: jobs.map((j) => j.name), instanceId }, 'scheduler started');
    },
    async stop() {
      for (const cron of crons) cron.stop();
      abort.abort();
      await Promise.allSettled([...running.values()]);
    },
    runNow(name) {
      return run(jobNamed(name), 'manual', null);
    },
    runTick(name, firedAt) {
      const job = jobNamed(name);
      return run(job, 'schedule', `${job.name}@${scheduledTick(job, firedAt).toISOString()}`);
    },
    list() {
      return jobs.map((job) => ({
        name: job.name,
        description: job.description,
        schedule: job.schedule,
        timezone: job.timezone,
        running: running.has(job.name),
        nextRunAt: new Cron(job.schedule, { timezone: job.timezone, paused: true }).nextRun(now()),
      }));
    },
    has(name) {
      return byName.has(name);
    },
  };
}
