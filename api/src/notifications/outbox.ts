// Every email and webhook is first written here, in the same breath as the alert or report
// that caused it; a delivery job sends it. A crash between the two loses nothing.
import type { OutboxChannel, PrismaClient } from '@sentinel/db';
import { redactJson, redactSecrets } from '../lib/redact.ts';

export interface OutgoingMessage {
  channel: OutboxChannel;
  kind: string;
  /** One message per dedupKey, ever: a retried job never enqueues twice. */
  dedupKey: string;
  recipients: string[];
  subject: string;
  html: string;
  text: string;
  payload?: unknown;
  /** Configured secrets to remove from the message (credential-shaped text is removed anyway). */
  secrets?: readonly string[];
}

/**
 * Inserts the message unless one with the same dedupKey exists; returns true when inserted.
 * `queuedAt` is the caller's clock, the one the delivery job compares `next_attempt_at` with:
 * the database's clock may differ from the app's (another host, or a test's simulated clock).
 */
export async function enqueue(prisma: Pick<PrismaClient, 'outbox'>, message: OutgoingMessage, queuedAt: Date): Promise<boolean> {
  // Emails and webhooks carry text from outside (market titles, error texts): nothing shaped like
  // a credential is stored or sent (configured secrets are removed where they are known, too).
  const clean = (text: string) => redactSecrets(text, message.secrets ?? []);
  const { secrets: _secrets, ...fields } = message;
  const result = await prisma.outbox.createMany({
    data: [
      {
        ...fields,
        subject: clean(fields.subject),
        html: clean(fields.html),
        text: clean(fields.text),
        payload: (fields.payload === undefined ? undefined : redactJson(fields.payload, message.secrets ?? [])) as never,
        createdAt: queuedAt,
        nextAttemptAt: queuedAt,
      },
    ],
    skipDuplicates: true,
  });
  return result.count === 1;
}

export async function listOutbox(
  prisma: PrismaClient,
  query: { status?: 'PENDING' | 'SENT' | 'FAILED'; limit: number; before?: Date },
) {
  return prisma.outbox.findMany({
    where: { ...(query.status ? { status: query.status } : {}), ...(query.before ? { createdAt: { lt: query.before } } : {}) },
    orderBy: { createdAt: 'desc' },
    take: query.limit,
  });
}

export async function getOutboxMessage(prisma: PrismaClient, id: string) {
  return prisma.outbox.findUnique({ where: { id } });
}

/**
 * Puts a failed (or waiting) message back in the queue now, with a fresh attempt count.
 * Returns false when there is no such unsent message. Emails carry their outbox id as the
 * provider's idempotency key, so retrying one that is mid-send still delivers it once.
 */
export async function retryMessage(prisma: PrismaClient, id: string, now: Date): Promise<boolean> {
  const { count } = await prisma.outbox.updateMany({
    where: { id, status: { in: ['FAILED', 'PENDING'] } },
    data: { status: 'PENDING', nextAttemptAt: now, attempts: 0 },
  });
  return count === 1;
}
