import { createSentinelClient } from '@sentinel/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalLock } from '../src/jobs/locks.ts';
import { createScheduler } from '../src/jobs/scheduler.ts';
import { type TestApp, TEST_ADMIN_TOKEN, createTestApp } from './support/app.ts';
import { createTestDatabase } from '@sentinel/db/testing';

let t: TestApp;
let failNext = false;

beforeAll(async () => {
  const db = await createTestDatabase();
  const scheduler = createScheduler({
    prisma: db.prisma,
    lock: createLocalLock(),
    logger: pino({ level: 'silent' }),
    jobs: [
      {
        name: 'probe',
        description: 'A job for tests',
        schedule: '*/5 * * * *',
        timezone: 'America/New_York',
        run: async () => {
          if (failNext) throw new Error('exchange unreachable');
          return { items: 3 };
        },
      },
    ],
  });
  t = await createTestApp({ db, scheduler });
});
afterAll(async () => t?.db.close());

const api = () =>
  createSentinelClient({ baseUrl: 'http://sentinel.test', token: TEST_ADMIN_TOKEN, fetch: async (r: Request) => t.app.fetch(r) });

describe('jobs API', () => {
  it('runs a job on request and lists it with its last run', async () => {
    const { data: outcome } = await api().POST('/api/jobs/{name}/run', { params: { path: { name: 'probe' } } });
    expect(outcome).toMatchObject({ status: 'SUCCEEDED', counts: { items: 3 } });
    const { data } = await api().GET('/api/jobs');
    expect(data!.jobs).toEqual([
      expect.objectContaining({ name: 'probe', schedule: '*/5 * * * *', lastRun: expect.objectContaining({ status: 'SUCCEEDED' }), recentFailures: 0 }),
    ]);
    expect(data!.jobs[0]!.nextRunAt).toMatch(/^\d{4}-/);
  });

  it('shows failures as degradation and lists runs newest first', async () => {
    failNext = true;
    const { data: outcome } = await api().POST('/api/jobs/{name}/run', { params: { path: { name: 'probe' } } });
    failNext = false;
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'exchange unreachable' });
    const { data } = await api().GET('/api/jobs');
    expect(data!.jobs[0]).toMatchObject({ recentFailures: 1, lastRun: { status: 'FAILED', error: 'exchange unreachable' } });
    const { data: runs } = await api().GET('/api/jobs/runs', { params: { query: { job: 'probe', limit: 10 } } });
    expect(runs!.runs.map((r) => r.status)).toEqual(['FAILED', 'SUCCEEDED']);
  });

  it('answers 404 for an unknown job, 400 for a malformed name, 401 without credentials', async () => {
    expect((await t.app.request('/api/jobs/nope/run', { method: 'POST', headers: t.auth })).status).toBe(404);
    const bad = await t.app.request('/api/jobs/DROP%20TABLE/run', { method: 'POST', headers: t.auth });
    expect(bad.status).toBe(400);
    expect((await t.app.request('/api/jobs/probe/run', { method: 'POST' })).status).toBe(401);
    expect((await t.app.request('/api/jobs')).status).toBe(401);
  });
});
