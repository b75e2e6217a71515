// The outbox end to end: enqueue, deliver through the real Resend SDK against a loopback
// fake, retries with backoff, timeouts, leases, crashes and webhooks.
import { type Database, type PrismaClient, createPrismaClient } from '@sentinel/db';
import { createTestDatabase } from '@sentinel/db/testing';
import pg from 'pg';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueueAlertNotifications } from '../src/notifications/alert-notifications.ts';
import { DELIVERY, type DeliveryDeps, backoffMs, deliverOutbox } from '../src/notifications/delivery.ts';
import { enqueue } from '../src/notifications/outbox.ts';
import {
  type EmailSender,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
  createResendSender,
  createWebhookSender,
  signWebhook,
} from '../src/notifications/senders.ts';
import { sampleAlert } from '../src/notifications/templates/fixtures.ts';
import { type FakeResend, startFakeResend } from './support/fakes/resend.ts';
import { type FakeWebhook, startFakeWebhook } from './support/fakes/webhook.ts';

const logger = pino({ level: 'silent' });
const SECRET = 'whsec-test-0123456789abcdef';
const MINUTE = 60_000;

let db: Database;
let resend: FakeResend;
let hook: FakeWebhook;
let clock: Date;

beforeAll(async () => {
  db = await createTestDatabase();
  resend = await startFakeResend();
  hook = await startFakeWebhook();
});
afterAll(async () => {
  await resend?.close();
  await hook?.close();
  await db?.close();
});
beforeEach(async () => {
  await db.prisma.outbox.deleteMany();
  resend.emails.length = 0;
  resend.failNext(0);
  resend.hang(false);
  hook.received.length = 0;
  clock = new Date('2026-12-09T19:05:00Z');
});

function email(options: { timeoutMs?: number } = {}): EmailSender {
  return createResendSender({ apiKey: resend.apiKey, baseUrl: resend.url, from: 'Sentinel <alerts@example.com>', ...options });
}

function deps(overrides: Partial<DeliveryDeps> = {}): DeliveryDeps {
  return {
    prisma: db.prisma,
    logger,
    now: () => clock,
    email: email(),
    webhook: createWebhookSender({ secret: SECRET, allowHosts: ['127.0.0.1'] }),
    secrets: [resend.apiKey],
    ...overrides,
  };
}

function advance(ms: number) {
  clock = new Date(clock.getTime() + ms);
}

async function enqueueEmail(key: string, prisma: Pick<PrismaClient, 'outbox'> = db.prisma) {
  await enqueue(prisma, { channel: 'EMAIL', kind: 'test', dedupKey: key, recipients: ['a@example.com'], subject: `Subject ${key}`, html: '<p>hi</p>', text: 'hi' }, clock);
  return (await db.prisma.outbox.findUniqueOrThrow({ where: { dedupKey: key } })).id;
}

const row = (id: string) => db.prisma.outbox.findUniqueOrThrow({ where: { id } });

describe('enqueueAlertNotifications', () => {
  const settings = { alertEmails: ['a@example.com', 'b@example.com'], webhookUrl: 'https://hooks.slack.com/services/T0/B0/x' };

  it('enqueues the email and the webhook once per alert, however often it is called', async () => {
    const alert = sampleAlert();
    expect(await enqueueAlertNotifications(db.prisma, alert, settings, { publicUrl: 'https://s.example' }, clock)).toEqual({ email: true, webhook: true });
    expect(await enqueueAlertNotifications(db.prisma, alert, settings, { publicUrl: 'https://s.example' }, clock)).toEqual({ email: false, webhook: false });
    const rows = await db.prisma.outbox.findMany({ orderBy: { channel: 'asc' } });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      channel: 'EMAIL',
      kind: 'alert',
      recipients: ['a@example.com', 'b@example.com'],
      subject: '[HIGH 72] Will the Fed cut rates by 25bps in December? (KXFEDDECISION-26DEC-H25)',
      dedupKey: `alert:${alert.id}:email`,
      status: 'PENDING',
    });
    expect(rows[0]!.html).toContain('https://s.example/markets/KXFEDDECISION-26DEC-H25');
    expect(rows[1]).toMatchObject({ channel: 'WEBHOOK', kind: 'alert-webhook', recipients: [settings.webhookUrl], dedupKey: `alert:${alert.id}:webhook` });
    expect(rows[1]!.payload).toMatchObject({ username: 'Kalshi Sentinel', alert: { id: alert.id, ticker: alert.ticker } });
  });

  it("redacts the app's configured secrets from what it queues (a hostile market title echoing one)", async () => {
    const key = 'sk-live-secret-value-0123456789';
    const alert = { ...sampleAlert(), id: 'alert-with-secret', market: { ...sampleAlert().market, title: `Will ${key} leak?` } };
    await enqueueAlertNotifications(db.prisma, alert, settings, { publicUrl: 'https://s.example' }, clock, [key]);
    const rows = await db.prisma.outbox.findMany({ where: { dedupKey: { startsWith: 'alert:alert-with-secret:' } } });
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(rows.find((r) => r.channel === 'EMAIL')!.subject).toContain('[redacted]');
  });

  it('skips the email without recipients and the webhook without a URL; works inside a transaction', async () => {
    expect(await enqueueAlertNotifications(db.prisma, sampleAlert(), { alertEmails: [], webhookUrl: '' }, { publicUrl: 'https://s.example' }, clock)).toEqual({
      email: false,
      webhook: false,
    });
    const other = sampleAlert({ id: '00000000-0000-4000-8000-000000000001' });
    await db.prisma.$transaction(async (tx) => {
      await enqueueAlertNotifications(tx, other, { alertEmails: ['a@example.com'], webhookUrl: '' }, { publicUrl: 'https://s.example' }, clock);
    });
    expect(await db.prisma.outbox.count()).toBe(1);
  });
});

describe('deliverOutbox through the Resend fake', () => {
  it('sends an email with the real SDK, with the outbox id as idempotency key', async () => {
    const id = await enqueueEmail('ok');
    expect(await deliverOutbox(deps())).toEqual({ sent: 1, failed: 0, waitingForEmailKey: 0 });
    expect(resend.emails).toHaveLength(1);
    expect(resend.emails[0]).toMatchObject({ from: 'Sentinel <alerts@example.com>', to: ['a@example.com'], subject: 'Subject ok', html: '<p>hi</p>', text: 'hi', idempotencyKey: id });
    expect(await row(id)).toMatchObject({ status: 'SENT', attempts: 1, sentAt: clock, providerId: resend.emails[0]!.id, lastError: null });
    expect(await deliverOutbox(deps())).toEqual({ sent: 0, failed: 0, waitingForEmailKey: 0 });
    expect(resend.emails).toHaveLength(1);
  });

  it('sends at once when the app clock is behind the database clock (queued and claimed on one clock)', async () => {
    // A message stamped with the database's now() would wait out the difference.
    clock = new Date(Date.now() - 30 * 24 * 60 * MINUTE);
    const id = await enqueueEmail('behind');
    expect(await row(id)).toMatchObject({ createdAt: clock, nextAttemptAt: clock });
    expect(await deliverOutbox(deps())).toEqual({ sent: 1, failed: 0, waitingForEmailKey: 0 });
  });

  it('retries after failures with growing backoff until sent', async () => {
    const id = await enqueueEmail('flaky');
    resend.failNext(2);
    expect(await deliverOutbox(deps())).toMatchObject({ sent: 0, failed: 1 });
    let r = await row(id);
    expect(r).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(r.lastError).toMatch(/Resend refused the email: internal_server_error/);
    const firstWait = r.nextAttemptAt.getTime() - clock.getTime();
    expect(firstWait).toBeGreaterThanOrEqual(0.8 * DELIVERY.baseBackoffMs);
    expect(firstWait).toBeLessThanOrEqual(1.2 * DELIVERY.baseBackoffMs);

    // not due yet: nothing is sent
    expect(await deliverOutbox(deps())).toMatchObject({ sent: 0, failed: 0 });
    advance(firstWait);
    expect(await deliverOutbox(deps())).toMatchObject({ sent: 0, failed: 1 });
    r = await row(id);
    expect(r.attempts).toBe(2);
    const secondWait = r.nextAttemptAt.getTime() - clock.getTime();
    expect(secondWait).toBeGreaterThanOrEqual(0.8 * 2 * DELIVERY.baseBackoffMs);

    advance(secondWait);
    expect(await deliverOutbox(deps())).toMatchObject({ sent: 1, failed: 0 });
    expect(await row(id)).toMatchObject({ status: 'SENT', attempts: 3, lastError: null });
    expect(resend.emails).toHaveLength(1);
    expect(resend.requests).toBeGreaterThanOrEqual(3);
  });

  it('gives up as FAILED after maxAttempts; a retry from the app starts over', async () => {
    const id = await enqueueEmail('doomed');
    await db.prisma.outbox.update({ where: { id }, data: { attempts: DELIVERY.maxAttempts - 1 } });
    resend.failNext(1);
    await deliverOutbox(deps());
    expect(await row(id)).toMatchObject({ status: 'FAILED', attempts: DELIVERY.maxAttempts });
    advance(DELIVERY.maxBackoffMs * 2);
    expect(await deliverOutbox(deps())).toMatchObject({ sent: 0, failed: 0 });
  });

  it('counts a hanging Resend as a failed attempt (timeout) and retries it', async () => {
    const id = await enqueueEmail('hang');
    resend.hang(true);
    const started = performance.now();
    expect(await deliverOutbox(deps({ email: email({ timeoutMs: 300 }) }))).toMatchObject({ sent: 0, failed: 1 });
    expect(performance.now() - started).toBeLessThan(5_000);
    const r = await row(id);
    expect(r).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(r.lastError).toMatch(/did not answer within 300 ms/);

    resend.hang(false);
    advance(DELIVERY.maxBackoffMs);
    expect(await deliverOutbox(deps({ email: email({ timeoutMs: 300 }) }))).toMatchObject({ sent: 1 });
    expect(resend.emails.map((e) => e.idempotencyKey)).toEqual([id]);
  });

  it('keeps emails PENDING without an API key, still sends webhooks, and never leaks the key', async () => {
    const id = await enqueueEmail('nokey');
    const requestsBefore = resend.requests;
    expect(await deliverOutbox(deps({ email: null }))).toEqual({ sent: 0, failed: 0, waitingForEmailKey: 1 });
    expect(await row(id)).toMatchObject({ status: 'PENDING', attempts: 0, lastError: null });
    expect(resend.requests).toBe(requestsBefore);

    // a wrong key: Resend answers 401 and the error recorded is about the key, not the key itself
    const wrong = createResendSender({ apiKey: 're_wrong_key_0123456789', baseUrl: resend.url, from: 'x@example.com' });
    await deliverOutbox(deps({ email: wrong, secrets: ['re_wrong_key_0123456789'] }));
    const r = await row(id);
    expect(r.lastError).toMatch(/missing_api_key/);
    expect(r.lastError).not.toContain('re_wrong_key');
  });

  it('lets only one of two concurrent deliverers send each row (lease with SKIP LOCKED)', async () => {
    const ids: string[] = [];
    const requestsBefore = resend.requests;
    for (let i = 0; i < 25; i++) ids.push(await enqueueEmail(`race-${i}`));
    // A second "instance": its own pool on a real server; PGlite has one session, so it shares.
    const pool = db.kind === 'postgresql' ? new pg.Pool({ connectionString: db.url, max: 3 }) : null;
    const other = pool ? createPrismaClient(pool) : db.prisma;
    try {
      const [a, b] = await Promise.all([deliverOutbox(deps()), deliverOutbox(deps({ prisma: other }))]);
      expect(a.sent + b.sent).toBe(25);
      expect(a.failed + b.failed).toBe(0);
    } finally {
      if (pool) {
        await other.$disconnect();
        await pool.end();
      }
    }
    expect(resend.requests - requestsBefore).toBe(25);
    const keys = resend.emails.map((e) => e.idempotencyKey).sort();
    expect(keys).toEqual([...ids].sort());
    const rows = await db.prisma.outbox.findMany();
    expect(rows.every((r) => r.status === 'SENT' && r.attempts === 1)).toBe(true);
  });

  it('retries a send that crashed mid-way once the lease ends, and the provider delivers once', async () => {
    const id = await enqueueEmail('crash');
    const real = email();
    let delivered!: () => void;
    const reachedProvider = new Promise<void>((resolve) => (delivered = resolve));
    // The process "dies" right after Resend accepted the email: the row is claimed, never marked.
    const dying: EmailSender = {
      async send(message) {
        await real.send(message);
        delivered();
        return new Promise(() => {});
      },
    };
    void deliverOutbox(deps({ email: dying }));
    await reachedProvider;
    expect(resend.emails).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: 'PENDING', attempts: 1 });

    // Within the lease nobody touches it.
    advance(DELIVERY.leaseMs - MINUTE);
    expect(await deliverOutbox(deps())).toMatchObject({ sent: 0 });

    advance(2 * MINUTE);
    expect(await deliverOutbox(deps())).toMatchObject({ sent: 1 });
    expect(await row(id)).toMatchObject({ status: 'SENT', attempts: 2, providerId: resend.emails[0]!.id });
    expect(resend.emails).toHaveLength(1);
  });

  it('scopes a delivery to given ids', async () => {
    const a = await enqueueEmail('scope-a');
    const b = await enqueueEmail('scope-b');
    expect(await deliverOutbox(deps(), { ids: [b] })).toMatchObject({ sent: 1 });
    expect((await row(a)).status).toBe('PENDING');
    expect((await row(b)).status).toBe('SENT');
  });
});

describe('webhooks', () => {
  it('are signed, carry a Slack- and Discord-compatible body, and retry on failure', async () => {
    const alert = sampleAlert();
    await enqueueAlertNotifications(db.prisma, alert, { alertEmails: [], webhookUrl: hook.url }, { publicUrl: 'https://s.example' }, clock);
    hook.failNext(1);
    expect(await deliverOutbox(deps({ email: null }))).toMatchObject({ sent: 0, failed: 1 });
    const pending = await db.prisma.outbox.findFirstOrThrow({ where: { channel: 'WEBHOOK' } });
    expect(pending.lastError).toBe('webhook answered HTTP 500');
    advance(DELIVERY.maxBackoffMs);
    expect(await deliverOutbox(deps({ email: null }))).toMatchObject({ sent: 1 });

    expect(hook.received).toHaveLength(1);
    const { headers, body, path } = hook.received[0]!;
    expect(path).toBe('/hooks/alerts');
    expect(headers['content-type']).toBe('application/json');
    expect(headers['idempotency-key']).toBe(pending.id);
    const timestamp = headers[WEBHOOK_TIMESTAMP_HEADER.toLowerCase()] as string;
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()]).toBe(signWebhook(SECRET, timestamp, body));
    expect(signWebhook('another-secret-0123456789', timestamp, body)).not.toBe(headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()]);

    const json = JSON.parse(body) as Record<string, unknown>;
    expect(typeof json.text).toBe('string'); // Slack
    expect(typeof json.content).toBe('string'); // Discord
    expect((json.content as string).length).toBeLessThanOrEqual(2000);
    expect(json.username).toBe('Kalshi Sentinel');
    expect(json.alert).toMatchObject({ id: alert.id, ticker: alert.ticker, label: 'HIGH', url: 'https://s.example/markets/KXFEDDECISION-26DEC-H25' });
  });

  it('time out instead of hanging', async () => {
    const sender = createWebhookSender({ timeoutMs: 200, allowHosts: ['127.0.0.1'] });
    // a port that accepts and never answers: the Resend fake in hang mode
    resend.hang(true);
    await expect(sender.send(`${resend.url}/emails`, { text: 'x' }, 'k')).rejects.toThrow();
  });
});

describe('backoff', () => {
  it('doubles from one minute to at most an hour, with ±20% jitter', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 12].map((n) => backoffMs(n, mid) / MINUTE)).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
    expect(backoffMs(1, () => 0)).toBe(0.8 * MINUTE);
    expect(backoffMs(1, () => 1)).toBe(1.2 * MINUTE);
  });
});

afterEach(() => {
  resend.hang(false);
});
