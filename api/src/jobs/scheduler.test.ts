import type { Database } from '@sentinel/db';
import { createTestDatabase } from '@sentinel/db/testing';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAdvisoryLock, createLocalLock } from './locks.ts';
import { createScheduler, scheduledTick } from './scheduler.ts';
import type { JobDefinition } from './types.ts';

const logger = pino({ level: 'silent' });
let db: Database;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.close());
beforeEach(async () => {
  await db.prisma.jobRun.deleteMany();
  await db.prisma.errorLog.deleteMany();
});

function job(name: string, run: JobDefinition['run']): JobDefinition {
  return { name, description: name, schedule: '*/5 * * * *', timezone: 'America/New_York', run };
}

function lockFor() {
  // Advisory locks need a connection of their own; the embedded database is one session.
  return db.kind === 'postgresql' ? createAdvisoryLock(db.pool) : createLocalLock();
}

describe('scheduler', () => {
  it('records a successful run with its counts', async () => {
    const scheduler = createScheduler({ prisma: db.prisma, lock: lockFor(), logger, jobs: [job('ok', async () => ({ written: 7 }))] });
    const outcome = await scheduler.runNow('ok');
    expect(outcome).toMatchObject({ status: 'SUCCEEDED', counts: { written: 7 } });
    const runs = await db.prisma.jobRun.findMany();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ job: 'ok', status: 'SUCCEEDED', trigger: 'manual', counts: { written: 7 } });
    expect(runs[0]!.finishedAt).not.toBeNull();
  });

  it('records a failure and an error log row, with secrets redacted, and keeps going', async () => {
    const secret = 'sk-ant-very-secret-key-123';
    const scheduler = createScheduler({
      prisma: db.prisma,
      lock: lockFor(),
      logger,
      secrets: [secret],
      jobs: [
        job('bad', async () => {
          throw new Error(`upstream said no to ${secret}`);
        }),
        job('good', async () => ({ n: 1 })),
      ],
    });
    const outcome = await scheduler.runNow('bad');
    expect(outcome.status).toBe('FAILED');
    expect((await scheduler.runNow('good')).status).toBe('SUCCEEDED');
    const failed = await db.prisma.jobRun.findFirstOrThrow({ where: { job: 'bad' } });
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toBe('upstream said no to [redacted]');
    const logged = await db.prisma.errorLog.findFirstOrThrow();
    expect(logged.source).toBe('job:bad');
    expect(JSON.stringify(logged)).not.toContain(secret);
  });

  it('never overlaps a job with itself', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const scheduler = createScheduler({
      prisma: db.prisma,
      lock: lockFor(),
      logger,
      jobs: [job('slow', async () => (await gate, { done: 1 }))],
    });
    const first = scheduler.runNow('slow');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(scheduler.list()[0]!.running).toBe(true);
    expect(await scheduler.runNow('slow')).toEqual({ status: 'SKIPPED', reason: 'running-here' });
    release();
    expect((await first).status).toBe('SUCCEEDED');
  });

  it('runs a tick once even when three instances fire it', async () => {
    let runs = 0;
    const definition = job('tick', async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 30));
      return { runs };
    });
    const instances = [1, 2, 3].map((i) =>
      createScheduler({ prisma: db.prisma, lock: lockFor(), logger, jobs: [definition], instanceId: `instance-${i}` }),
    );
    const tickTime = new Date('2026-11-21T15:05:00Z');
    const firedAt = [0, 400, 2_000].map((lateMs) => new Date(tickTime.getTime() + lateMs));
    const outcomes = await Promise.all(instances.map((s, i) => s.runTick('tick', firedAt[i]!)));
    expect(outcomes.filter((o) => o.status === 'SUCCEEDED')).toHaveLength(1);
    // A late instance arriving after the first finished still sees the tick as done.
    expect((await instances[1]!.runTick('tick', new Date(tickTime.getTime() + 10_000))).status).toBe('SKIPPED');
    expect(runs).toBe(1);
    expect(await db.prisma.jobRun.count({ where: { job: 'tick' } })).toBe(1);
    // The next tick runs again.
    const next = await instances[2]!.runTick('tick', new Date(tickTime.getTime() + 5 * 60_000));
    expect(next.status).toBe('SUCCEEDED');
  });

  it('computes the scheduled tick in the job time zone, tolerant of late firing', () => {
    const recap = { schedule: '0 20 * * *', timezone: 'America/New_York' };
    // 8 pm EST is 01:00 UTC the next day in winter; 8 pm EDT is 00:00 UTC in summer.
    expect(scheduledTick(recap, new Date('2026-12-02T01:00:05Z')).toISOString()).toBe('2026-12-02T01:00:00.000Z');
    expect(scheduledTick(recap, new Date('2026-07-02T00:00:20Z')).toISOString()).toBe('2026-07-02T00:00:00.000Z');
  });

  it('stop() waits for running jobs and refuses new ones', async () => {
    let finished = false;
    const scheduler = createScheduler({
      prisma: db.prisma,
      lock: lockFor(),
      logger,
      jobs: [
        job('long', async ({ signal }) => {
          await new Promise((resolve) => setTimeout(resolve, 100));
          finished = true;
          return { aborted: signal.aborted ? 1 : 0 };
        }),
      ],
    });
    scheduler.start();
    const pending = scheduler.runNow('long');
    await scheduler.stop();
    expect(finished).toBe(true);
    expect((await pending).status).toBe('SUCCEEDED');
    expect(await scheduler.runNow('long')).toEqual({ status: 'SKIPPED', reason: 'stopping' });
  });
});
