// The database stops in the middle of a run and comes back. The app talks to it through a TCP
// proxy this test controls (embedded PGlite or real PostgreSQL behind it alike): cutting the
// proxy drops every connection and refuses new ones, as a stopped server does. Meanwhile the API
// answers 503 problems and jobs fail cleanly; afterwards the next tick succeeds without a
// restart, and every failure (including the run that was cut mid-way) is on the jobs page.
import { type Database, connectDatabase } from '@sentinel/db';
import { createEmptyDatabase } from '@sentinel/db/testing';
import { type RunningExchange, startExchange } from '@sentinel/exchange';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateSettings } from '../../src/settings/settings.queries.ts';
import { type FullStack, type TcpProxy, createFullStack, exchangeControl, sleep, startTcpProxy } from './support.ts';

let exchange: RunningExchange;
let empty: Awaited<ReturnType<typeof createEmptyDatabase>>;
let proxy: TcpProxy;
let db: Database;
let stack: FullStack;

const get = (path: string, auth = true) => stack.app.fetch(new Request(`http://sentinel.test${path}`, { headers: auth ? stack.auth : {} }));

beforeAll(async () => {
  exchange = await startExchange({ markets: 80, historyDays: 1, seed: 41, speed: 0 });
  empty = await createEmptyDatabase();
  proxy = await startTcpProxy(empty.url);
  const connected = await connectDatabase({ url: proxy.url, dataDir: '', attempts: 3, poolSize: empty.kind === 'embedded' ? 1 : 5 });
  // The kind decides the job lock (advisory on a real server, in-process on the embedded one).
  db = { ...connected, kind: empty.kind };
  stack = createFullStack(db, { ADMIN_TOKEN: 'outage-admin-token-0123456789', KALSHI_API_BASE: exchange.url, KALSHI_RATE_TIER: 'prestige', MONITOR_BACKFILL_HOURS: '1', LOG_LEVEL: 'warn' });
  await updateSettings(db.prisma, { excludedCategories: [], minVolume: 0, minOpenInterest: 0 });
}, 120_000);

afterAll(async () => {
  await stack?.scheduler.stop();
  await db?.close().catch(() => {});
  await proxy?.close();
  await empty?.drop();
  await exchange?.close();
});

describe('the database stops mid-run and returns', () => {
  let cutRunId = '';

  it('works before the outage', async () => {
    expect((await stack.scheduler.runNow('monitor-cycle')).status).toBe('SUCCEEDED');
    expect((await get('/api/health', false)).status).toBe(200);
  });

  it('while it is down: a running job fails cleanly, the API answers 503 problems, ticks fail without crashing', async () => {
    // Slow Kalshi so the cycle is mid-way when the database goes.
    await exchangeControl(exchange.baseUrl, '/faults', { latencyMs: 150 }, 'PUT');
    await exchangeControl(exchange.baseUrl, '/clock', { advance_s: 300 });
    const running = stack.scheduler.runTick('monitor-cycle', new Date());
    await sleep(400);
    const inFlight = await db.prisma.jobRun.findFirst({ where: { job: 'monitor-cycle', finishedAt: null } });
    expect(inFlight, 'the cycle should be running when the database goes').not.toBeNull();
    cutRunId = inFlight!.id;
    await proxy.cut();
    const outcome = await running;
    expect(outcome.status).toBe('FAILED');
    await exchangeControl(exchange.baseUrl, '/faults', { latencyMs: 0 }, 'PUT');

    for (const [path, auth] of [['/api/health', false], ['/api/markets?minLabel=MEDIUM', false], ['/api/alerts', false], ['/api/jobs', true], ['/api/settings', true], ['/api/trading/summary', true]] as const) {
      const response = await get(path, auth);
      expect(response.status, path).toBe(503);
      expect(response.headers.get('content-type'), path).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 503, type: expect.stringContaining('unavailable') });
    }
    // Scheduled ticks of other jobs during the outage fail, and are reported, not thrown.
    for (const name of ['deliver-outbox', 'retention', 'baselines']) {
      const tick = await stack.scheduler.runTick(name, new Date());
      expect(tick.status, name).toBe('FAILED');
    }
    const manual = await stack.app.fetch(new Request('http://sentinel.test/api/jobs/deliver-outbox/run', { method: 'POST', headers: stack.auth }));
    expect(manual.status).toBeLessThan(600);
    expect([200, 503]).toContain(manual.status);
  }, 60_000);

  it('after it returns: the next tick succeeds without a restart and the outage is on the jobs page', async () => {
    await proxy.restore();
    // The pool redials on demand; the first request may still meet a dead connection.
    let health = 0;
    for (let i = 0; i < 20 && health !== 200; i++) {
      health = (await get('/api/health', false)).status;
      if (health !== 200) await sleep(250);
    }
    expect(health).toBe(200);
    await exchangeControl(exchange.baseUrl, '/clock', { advance_s: 300 });
    const next = await stack.scheduler.runTick('monitor-cycle', new Date(Date.now() + 300_000));
    expect(next.status).toBe('SUCCEEDED');
    expect((await get('/api/markets?minLabel=MEDIUM', false)).status).toBe(200);

    // The run that was cut is finished as FAILED, not left "running"; the failed ticks are recorded.
    const cut = await db.prisma.jobRun.findUniqueOrThrow({ where: { id: cutRunId } });
    expect(cut.status).toBe('FAILED');
    expect(cut.finishedAt).not.toBeNull();
    expect(await db.prisma.jobRun.count({ where: { finishedAt: null } })).toBe(0);
    const response = await get('/api/jobs');
    const { jobs } = (await response.json()) as { jobs: { name: string; recentFailures: number; lastRun: { status: string } | null }[] };
    const byName = new Map(jobs.map((j) => [j.name, j]));
    expect(byName.get('monitor-cycle')!.recentFailures).toBeGreaterThanOrEqual(1);
    expect(byName.get('monitor-cycle')!.lastRun!.status).toBe('SUCCEEDED');
    for (const name of ['deliver-outbox', 'retention', 'baselines']) {
      expect(byName.get(name)!.recentFailures, name).toBeGreaterThanOrEqual(1);
    }
    const failures = await db.prisma.jobRun.findMany({ where: { status: 'FAILED' } });
    for (const f of failures) expect(f.error).toBeTruthy();
  }, 60_000);
});
