import type { z } from '@hono/zod-openapi';
import type { AlertWebhookPayloadSchema } from './webhook-payload.ts';
import { randomUUID } from 'node:crypto';
import type { RouteHandler } from '@hono/zod-openapi';
import type { Outbox } from '@sentinel/db';
import { ProblemError } from '../lib/problem.ts';
import type { AppEnv } from '../lib/types.ts';
import { getSettings } from '../settings/settings.queries.ts';
import { OUTBOX_KINDS } from './alert-notifications.ts';
import { deliverOutbox } from './delivery.ts';
import { enqueue, getOutboxMessage, listOutbox, retryMessage } from './outbox.ts';
import type { getOutboxMessageRoute, listOutboxRoute, retryOutboxMessageRoute, sendTestEmailRoute } from './outbox.routes.ts';
import { renderTestEmail } from './templates/recap.ts';

export function toOutboxDto(row: Outbox) {
  return {
    id: row.id,
    channel: row.channel,
    kind: row.kind,
    status: row.status,
    recipients: row.recipients,
    subject: row.subject,
    attempts: row.attempts,
    lastError: row.lastError,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    providerId: row.providerId,
  };
}

export const listOutboxHandler: RouteHandler<typeof listOutboxRoute, AppEnv> = async (c) => {
  const { status, limit, before } = c.req.valid('query');
  const rows = await listOutbox(c.get('deps').db.prisma, { status, limit, before: before ? new Date(before) : undefined });
  const nextBefore = rows.length === limit ? rows[rows.length - 1]!.createdAt.toISOString() : null;
  return c.json({ messages: rows.map(toOutboxDto), nextBefore }, 200);
};

export const getOutboxMessageHandler: RouteHandler<typeof getOutboxMessageRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const row = await getOutboxMessage(c.get('deps').db.prisma, id);
  if (!row) throw new ProblemError('not-found', 404, `No outbox message ${id}.`);
  return c.json({ ...toOutboxDto(row), html: row.html, text: row.text, payload: (row.payload ?? null) as z.output<typeof AlertWebhookPayloadSchema> | null }, 200);
};

export const retryOutboxMessageHandler: RouteHandler<typeof retryOutboxMessageRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const deps = c.get('deps');
  const prisma = deps.db.prisma;
  const existing = await getOutboxMessage(prisma, id);
  if (!existing) throw new ProblemError('not-found', 404, `No outbox message ${id}.`);
  if (existing.status === 'SENT' || !(await retryMessage(prisma, id, (deps.now ?? (() => new Date()))()))) {
    throw new ProblemError('conflict', 409, 'This message was already sent.');
  }
  c.get('logger').info({ outboxId: id, kind: existing.kind }, 'outbox message queued for retry');
  return c.json(toOutboxDto((await getOutboxMessage(prisma, id))!), 200);
};

export const sendTestEmailHandler: RouteHandler<typeof sendTestEmailRoute, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const prisma = deps.db.prisma;
  const now = deps.now ?? (() => new Date());
  const body = (c.req.valid('json') ?? {}) as { to?: string };
  const recipients = body.to ? [body.to] : (await getSettings(prisma)).alertEmails;
  if (recipients.length === 0) {
    throw new ProblemError('validation', 400, 'No recipient: add alert emails in Settings or pass `to`.', [
      { path: 'json.to', message: 'required when Settings has no alert emails' },
    ]);
  }
  const notifier = deps.services?.notifier;
  const rendered = renderTestEmail({ now: now(), recipients }, { publicUrl: notifier?.publicUrl ?? new URL(c.req.url).origin });
  const dedupKey = `test:${randomUUID()}`;
  await enqueue(prisma, { channel: 'EMAIL', kind: OUTBOX_KINDS.test, dedupKey, recipients, ...rendered }, now());
  const row = await prisma.outbox.findUniqueOrThrow({ where: { dedupKey } });
  if (notifier?.email) {
    await deliverOutbox(
      { prisma, logger: c.get('logger'), now, email: notifier.email, webhook: notifier.webhook, secrets: deps.services?.secrets },
      { ids: [row.id] },
    );
  }
  const after = (await getOutboxMessage(prisma, row.id))!;
  const result =
    after.status === 'SENT'
      ? 'sent'
      : after.status === 'FAILED'
        ? `failed: ${after.lastError ?? 'unknown error'}`
        : !notifier?.email
          ? 'queued: RESEND_API_KEY is not set'
          : `queued: ${after.lastError ?? 'not sent yet'}; retrying at ${after.nextAttemptAt.toISOString()}`;
  c.get('logger').info({ outboxId: after.id, status: after.status, recipients: recipients.length }, 'test email requested');
  return c.json({ id: after.id, status: after.status, recipients, result }, 200);
};
