// Three app instances on one PostgreSQL database (each with its own connection pool, scheduler
// and instance id, as three processes would have): every scheduled job runs exactly once per
// tick, whichever instance gets there first. Real PostgreSQL only: the embedded database
// belongs to one process by design.
import { type Database, connectDatabase } from '@sentinel/db';
import { createEmptyDatabase, testServerUrl } from '@sentinel/db/testing';
import { type RunningExchange, startExchange } from '@sentinel/exchange';
import { Cron } from 'croner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateSettings } from '../../src/settings/settings.queries.ts';
import { type FullStack, createFullStack } from './support.ts';

const INSTANCES = 3;
const TICKS_PER_JOB = 3;

describe.skipIf(!testServerUrl())('three instances on one database', () => {
  let exchange: RunningExchange;
  let empty: Awaited<ReturnType<typeof createEmptyDatabase>>;
  const dbs: Database[] = [];
  const stacks: FullStack[] = [];

  beforeAll(async () => {
    exchange = await startExchange({ markets: 60, historyDays: 1, seed: 61, speed: 0 });
    empty = await createEmptyDatabase();
    for (let i = 0; i < INSTANCES; i++) {
      const db = await connectDatabase({ url: empty.url, dataDir: '', attempts: 3, poolSize: 5 });
      dbs.push(db);
      stacks.push(createFullStack(db, { ADMIN_TOKEN: 'multi-admin-token-0123456789', KALSHI_API_BASE: exchange.url, KALSHI_RATE_TIER: 'prestige', MONITOR_BACKFILL_HOURS: '1', LOG_LEVEL: 'warn' }, { instanceId: `instance-${i + 1}` }));
    }
    await updateSettings(dbs[0]!.prisma, { excludedCategories: [], minVolume: 0, minOpenInterest: 0 });
  }, 120_000);

  afterAll(async () => {
    for (const s of stacks) await s.scheduler.stop();
    for (const db of dbs) await db.close();
    await empty?.drop();
    await exchange?.close();
  });

  it('every job, several ticks, fired by all three at once (and late by up to 20 s): one run per tick', async () => {
    const jobs = stacks[0]!.scheduler.list();
    const outcomes: { status: string; reason?: string }[] = [];
    const slots = new Map(jobs.map((job) => [job.name, new Cron(job.schedule, { timezone: job.timezone, paused: true }).nextRun(new Date())!]));
    for (let tick = 0; tick < TICKS_PER_JOB; tick++) {
      const fired: Promise<{ status: string; reason?: string }>[] = [];
      for (const job of jobs) {
        const slot = slots.get(job.name)!;
        // Each instance's timer fires a little late, differently (busy event loop, clock skew).
        stacks.forEach((stack, i) => fired.push(stack.scheduler.runTick(job.name, new Date(slot.getTime() + i * 7_000))));
        slots.set(job.name, new Cron(job.schedule, { timezone: job.timezone, paused: true }).nextRun(slot)!);
      }
      outcomes.push(...(await Promise.all(fired)));
    }
    const ran = outcomes.filter((o) => o.status === 'SUCCEEDED' || o.status === 'FAILED').length;
    expect(ran).toBe(jobs.length * TICKS_PER_JOB);
    const { rows } = await dbs[0]!.pool.query<{ job: string; tick_key: string; n: string; instances: string }>(
      `SELECT job, tick_key, count(*) AS n, string_agg(instance_id, ',') AS instances FROM job_runs GROUP BY job, tick_key`,
    );
    expect(rows).toHaveLength(jobs.length * TICKS_PER_JOB);
    for (const row of rows) expect(Number(row.n), `${row.tick_key}`).toBe(1);
    // The work really was shared: more than one instance won some tick.
    expect(new Set(rows.map((r) => r.instances)).size).toBeGreaterThan(1);
    console.log(`multi-instance: ${outcomes.length} firings, ${ran} runs, by instance ${JSON.stringify(countBy(rows.map((r) => r.instances)))}`);
  }, 300_000);
});

function countBy(items: string[]) {
  const out: Record<string, number> = {};
  for (const i of items) out[i] = (out[i] ?? 0) + 1;
  return out;
}
