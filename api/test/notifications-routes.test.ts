// The outbox and test-email routes, and the daily recap job, through the typed client.
import { createSentinelClient } from '@sentinel/client';
import type { PrismaClient } from '@sentinel/db';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJobs } from '../src/jobs/registry.ts';
import type { JobContext } from '../src/jobs/types.ts';
import { EventBus } from '../src/lib/event-bus.ts';
import { enqueueAlertNotifications } from '../src/notifications/alert-notifications.ts';
import { createNotificationJobs, easternDate } from '../src/notifications/notifications.jobs.ts';
import { enqueue } from '../src/notifications/outbox.ts';
import { createResendSender, createWebhookSender } from '../src/notifications/senders.ts';
import { sampleAlert } from '../src/notifications/templates/fixtures.ts';
import type { Notifier, Services } from '../src/services.ts';
import { updateSettings } from '../src/settings/settings.queries.ts';
import { type TestApp, TEST_ADMIN_TOKEN, createTestApp } from './support/app.ts';
import { type FakeResend, startFakeResend } from './support/fakes/resend.ts';

const PUBLIC_URL = 'https://sentinel.example.com';
let resend: FakeResend;
let t: TestApp; // email configured
let noKey: TestApp; // same database, RESEND_API_KEY unset
let clock: Date;

function notifier(withEmail: boolean): Notifier {
  return {
    email: withEmail ? createResendSender({ apiKey: resend.apiKey, baseUrl: resend.url, from: 'Sentinel <alerts@example.com>', timeoutMs: 2_000 }) : null,
    webhook: createWebhookSender({}),
    publicUrl: PUBLIC_URL,
  };
}

const services = (n: Notifier) => ({ notifier: n, secrets: [resend.apiKey] }) as unknown as Services;

beforeAll(async () => {
  resend = await startFakeResend();
  t = await createTestApp({ services: services(notifier(true)), now: () => clock });
  noKey = await createTestApp({ db: t.db, services: services(notifier(false)), now: () => clock });
});
afterAll(async () => {
  await resend?.close();
  await t?.close();
});
beforeEach(async () => {
  await t.db.prisma.outbox.deleteMany();
  await t.db.prisma.alert.deleteMany();
  await updateSettings(t.db.prisma, { alertEmails: [], dailyRecapEnabled: true, webhookUrl: '' });
  resend.emails.length = 0;
  resend.failNext(0);
  clock = new Date('2026-12-10T01:00:00Z'); // 8:00 PM EST, Dec 9
});

const client = (app: TestApp = t) =>
  createSentinelClient({ baseUrl: 'http://sentinel.test', token: TEST_ADMIN_TOKEN, fetch: async (r: Request) => app.app.fetch(r) });

async function seedMarket(prisma: PrismaClient, ticker: string, title: string) {
  await prisma.series.upsert({ where: { ticker: 'KXS' }, create: { ticker: 'KXS', title: 'Series', category: 'Economics' }, update: {} });
  await prisma.event.upsert({
    where: { eventTicker: 'KXS-26' },
    create: { eventTicker: 'KXS-26', seriesTicker: 'KXS', title: 'Event', category: 'Economics' },
    update: {},
  });
  await prisma.market.upsert({
    where: { ticker },
    create: { ticker, eventTicker: 'KXS-26', seriesTicker: 'KXS', title, category: 'Economics', status: 'active', closeTime: new Date('2027-01-01T00:00:00Z') },
    update: { title },
  });
}

async function seedAlert(prisma: PrismaClient, ticker: string, title: string, composite: number, createdAt: Date, isEscalation = false) {
  await seedMarket(prisma, ticker, title);
  return prisma.alert.create({
    data: {
      ticker,
      composite,
      label: composite >= 75 ? 'CRITICAL' : 'HIGH',
      explanation: `Unusual activity in ${ticker}.`,
      isEscalation,
      dedupKey: `${ticker}:${createdAt.toISOString()}`,
      createdAt,
      signals: {},
      baseline: {},
      triggerTrades: [],
    },
  });
}

describe('GET /api/outbox', () => {
  it('lists messages newest first with delivery state and no bodies; filters and pages', async () => {
    await updateSettings(t.db.prisma, { alertEmails: ['ops@example.com'], webhookUrl: 'https://hooks.example.com/x' });
    await enqueueAlertNotifications(t.db.prisma, sampleAlert(), { alertEmails: ['ops@example.com'], webhookUrl: 'https://hooks.example.com/x' }, { publicUrl: PUBLIC_URL }, new Date());
    const { data, response } = await client().GET('/api/outbox');
    expect(response.status).toBe(200);
    expect(data!.messages).toHaveLength(2);
    const emailRow = data!.messages.find((m) => m.channel === 'EMAIL')!;
    expect(emailRow).toMatchObject({
      kind: 'alert',
      status: 'PENDING',
      attempts: 0,
      lastError: null,
      sentAt: null,
      recipients: ['ops@example.com'],
      subject: expect.stringMatching(/^\[HIGH 72\] /),
    });
    expect(emailRow).not.toHaveProperty('html');
    expect(emailRow.nextAttemptAt).toMatch(/^\d{4}-/);
    expect(data!.nextBefore).toBeNull();

    const page = await client().GET('/api/outbox', { params: { query: { limit: 1 } } });
    expect(page.data!.messages).toHaveLength(1);
    expect(page.data!.nextBefore).toBe(page.data!.messages[0]!.createdAt);
    const sentOnly = await client().GET('/api/outbox', { params: { query: { status: 'SENT' } } });
    expect(sentOnly.data!.messages).toEqual([]);
  });

  it('shows emails waiting when RESEND_API_KEY is not set, after the delivery job ran', async () => {
    await enqueueAlertNotifications(t.db.prisma, sampleAlert(), { alertEmails: ['ops@example.com'], webhookUrl: '' }, { publicUrl: PUBLIC_URL }, new Date());
    const job = createNotificationJobs({ notifier: notifier(false) }).find((j) => j.name === 'deliver-outbox')!;
    expect(await job.run(context(t.db.prisma))).toEqual({ sent: 0, failed: 0, waitingForEmailKey: 1 });
    const { data } = await client(noKey).GET('/api/outbox', { params: { query: { status: 'PENDING' } } });
    expect(data!.messages).toEqual([expect.objectContaining({ kind: 'alert', status: 'PENDING', attempts: 0 })]);
  });

  it('rejects bad queries with a 400 problem', async () => {
    const response = await t.app.request('/api/outbox?status=LOST&limit=0', { headers: t.auth });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const body = (await response.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['query.status', 'query.limit']));
  });
});

describe('GET /api/outbox/{id} and retry', () => {
  it('returns the HTML and text for a preview; 404 for an unknown id, 400 for a malformed one', async () => {
    await enqueueAlertNotifications(t.db.prisma, sampleAlert(), { alertEmails: ['ops@example.com'], webhookUrl: '' }, { publicUrl: PUBLIC_URL }, new Date());
    const row = await t.db.prisma.outbox.findFirstOrThrow();
    const { data } = await client().GET('/api/outbox/{id}', { params: { path: { id: row.id } } });
    expect(data!.html).toContain('<!DOCTYPE html>');
    expect(data!.html).toContain(`${PUBLIC_URL}/markets/KXFEDDECISION-26DEC-H25`);
    expect(data!.text).toContain('Open the market:');
    expect(data!.payload).toBeNull();

    const missing = await t.app.request('/api/outbox/00000000-0000-4000-8000-000000000000', { headers: t.auth });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { type: string }).type).toMatch(/not-found$/);
    expect((await t.app.request('/api/outbox/not-a-uuid', { headers: t.auth })).status).toBe(400);
  });

  it('retries a failed message now with a fresh count; 409 once sent, 404 when unknown', async () => {
    await enqueue(t.db.prisma, { channel: 'EMAIL', kind: 'test', dedupKey: 'r1', recipients: ['a@example.com'], subject: 's', html: 'h', text: 't' }, new Date());
    const row = await t.db.prisma.outbox.update({
      where: { dedupKey: 'r1' },
      data: { status: 'FAILED', attempts: 12, lastError: 'boom', nextAttemptAt: new Date('2030-01-01T00:00:00Z') },
    });
    const { data, response } = await client().POST('/api/outbox/{id}/retry', { params: { path: { id: row.id } } });
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ id: row.id, status: 'PENDING', attempts: 0, nextAttemptAt: clock.toISOString() });

    await t.db.prisma.outbox.update({ where: { id: row.id }, data: { status: 'SENT', sentAt: clock } });
    const sent = await t.app.request(`/api/outbox/${row.id}/retry`, { method: 'POST', headers: t.auth });
    expect(sent.status).toBe(409);
    const unknown = await t.app.request('/api/outbox/00000000-0000-4000-8000-000000000000/retry', { method: 'POST', headers: t.auth });
    expect(unknown.status).toBe(404);
  });
});

describe('POST /api/settings/test-email', () => {
  it('sends to the alert recipients right away and answers "sent"', async () => {
    await updateSettings(t.db.prisma, { alertEmails: ['a@example.com', 'b@example.com'] });
    const { data, response } = await client().POST('/api/settings/test-email', { body: {} });
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ status: 'SENT', result: 'sent', recipients: ['a@example.com', 'b@example.com'] });
    expect(resend.emails).toHaveLength(1);
    expect(resend.emails[0]).toMatchObject({ to: ['a@example.com', 'b@example.com'], subject: 'Kalshi Sentinel test email', idempotencyKey: data!.id });
    expect(resend.emails[0]!.text).toContain('Dec 9, 2026, 8:00 PM EST');
  });

  it('sends to an address in the body instead, also without a body at all', async () => {
    const { data } = await client().POST('/api/settings/test-email', { body: { to: 'me@example.com' } });
    expect(data).toMatchObject({ status: 'SENT', recipients: ['me@example.com'] });
    await updateSettings(t.db.prisma, { alertEmails: ['a@example.com'] });
    const bare = await t.app.request('/api/settings/test-email', { method: 'POST', headers: t.auth });
    expect(bare.status).toBe(200);
    expect(await bare.json()).toMatchObject({ status: 'SENT', recipients: ['a@example.com'] });
  });

  it('reports a queued email when RESEND_API_KEY is not set, or when Resend fails', async () => {
    const { data } = await client(noKey).POST('/api/settings/test-email', { body: { to: 'me@example.com' } });
    expect(data).toMatchObject({ status: 'PENDING', result: 'queued: RESEND_API_KEY is not set' });
    resend.failNext(1);
    const failed = await client().POST('/api/settings/test-email', { body: { to: 'me@example.com' } });
    expect(failed.data!.status).toBe('PENDING');
    expect(failed.data!.result).toMatch(/^queued: Resend refused the email: internal_server_error.*; retrying at /);
  });

  it('answers 400 without a recipient or with a bad address', async () => {
    const none = await t.app.request('/api/settings/test-email', { method: 'POST', headers: { ...t.auth, 'Content-Type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(400);
    expect(((await none.json()) as { detail: string }).detail).toMatch(/No recipient/);
    const bad = await t.app.request('/api/settings/test-email', {
      method: 'POST',
      headers: { ...t.auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ to: 'nope' }),
    });
    expect(bad.status).toBe(400);
    expect(await t.db.prisma.outbox.count()).toBe(0);
  });
});

describe('authentication', () => {
  it('every notification route needs credentials (addresses are private)', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [method, path] of [
      ['GET', '/api/outbox'],
      ['GET', `/api/outbox/${id}`],
      ['POST', `/api/outbox/${id}/retry`],
      ['POST', '/api/settings/test-email'],
    ] as const) {
      const response = await t.app.request(path, { method });
      expect(response.status, `${method} ${path}`).toBe(401);
    }
  });
});

function context(prisma: PrismaClient): JobContext {
  return { prisma, logger: pino({ level: 'silent' }), now: () => clock, runId: 'test', signal: new AbortController().signal };
}

describe('daily recap job', () => {
  const recap = () => createNotificationJobs({ notifier: notifier(true) }).find((j) => j.name === 'daily-recap')!;

  it('is scheduled at 8 pm US Eastern and registered with the delivery job', () => {
    const jobs = createJobs({ db: t.db, services: services(notifier(true)), events: new EventBus() } as never);
    expect(jobs.find((j) => j.name === 'daily-recap')).toMatchObject({ schedule: '0 20 * * *', timezone: 'America/New_York' });
    expect(jobs.find((j) => j.name === 'deliver-outbox')).toMatchObject({ schedule: '* * * * *' });
  });

  it('emails the top alerts of the past 24 hours by score, once per Eastern day', async () => {
    await updateSettings(t.db.prisma, { alertEmails: ['ops@example.com'] });
    const hour = 3600_000;
    await seedAlert(t.db.prisma, 'KXLOW', 'Lower <b>score</b>', 71, new Date(clock.getTime() - 2 * hour));
    await seedAlert(t.db.prisma, 'KXTOP', 'Top market', 93.5, new Date(clock.getTime() - 20 * hour), true);
    await seedAlert(t.db.prisma, 'KXOLD', 'Too old', 99, new Date(clock.getTime() - 25 * hour));

    expect(await recap().run(context(t.db.prisma))).toMatchObject({ enqueued: 1, alerts: 2, sent: 1 });
    expect(resend.emails).toHaveLength(1);
    const mail = resend.emails[0]!;
    expect(mail.to).toEqual(['ops@example.com']);
    expect(mail.subject).toBe('Kalshi Sentinel daily recap, Dec 9, 2026: 2 alerts, top CRITICAL 93');
    expect(mail.text.indexOf('KXTOP')).toBeLessThan(mail.text.indexOf('KXLOW'));
    expect(mail.text).not.toContain('KXOLD');
    expect(mail.text).toContain('(escalation)');
    expect(mail.html).toContain(`href="${PUBLIC_URL}/markets/KXTOP"`);
    expect(mail.html).toContain('Lower &lt;b&gt;score&lt;/b&gt;');

    // a second run the same Eastern day (a retry, a second instance) sends nothing new
    clock = new Date(clock.getTime() + 3 * 3600_000); // 11 pm EST, still Dec 9
    expect(await recap().run(context(t.db.prisma))).toMatchObject({ enqueued: 0 });
    expect(resend.emails).toHaveLength(1);
    expect(await t.db.prisma.outbox.count({ where: { kind: 'daily-recap' } })).toBe(1);
    const row = await t.db.prisma.outbox.findFirstOrThrow({ where: { kind: 'daily-recap' } });
    expect(row.dedupKey).toBe('daily-recap:2026-12-09');

    // the next evening is a new recap
    clock = new Date('2026-12-11T01:00:00Z');
    expect(easternDate(clock)).toBe('2026-12-10');
    expect(await recap().run(context(t.db.prisma))).toMatchObject({ enqueued: 1, alerts: 0, sent: 1 });
    expect(resend.emails[1]!.subject).toBe('Kalshi Sentinel daily recap, Dec 10, 2026: no alerts');
  });

  it('sends the "no alerts" version, and nothing when disabled or without recipients', async () => {
    expect(await recap().run(context(t.db.prisma))).toEqual({ skipped: 1 });
    await updateSettings(t.db.prisma, { alertEmails: ['ops@example.com'], dailyRecapEnabled: false });
    expect(await recap().run(context(t.db.prisma))).toEqual({ skipped: 1 });
    expect(resend.emails).toHaveLength(0);
    await updateSettings(t.db.prisma, { dailyRecapEnabled: true });
    expect(await recap().run(context(t.db.prisma))).toMatchObject({ enqueued: 1, alerts: 0, sent: 1 });
    expect(resend.emails[0]!.text).toContain('No market reached your alert threshold');
  });

  it('stays queued without an API key and goes out with the next delivery once a key exists', async () => {
    await updateSettings(t.db.prisma, { alertEmails: ['ops@example.com'] });
    const noKeyRecap = createNotificationJobs({ notifier: notifier(false) }).find((j) => j.name === 'daily-recap')!;
    expect(await noKeyRecap.run(context(t.db.prisma))).toMatchObject({ enqueued: 1, sent: 0, waitingForEmailKey: 1 });
    const deliver = createNotificationJobs({ notifier: notifier(true) }).find((j) => j.name === 'deliver-outbox')!;
    expect(await deliver.run(context(t.db.prisma))).toMatchObject({ sent: 1 });
    expect(resend.emails).toHaveLength(1);
  });
});
