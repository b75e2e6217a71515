// Sends what the outbox holds. Rows are leased with FOR UPDATE SKIP LOCKED, so several
// instances never send the same row at once; a row whose sender died becomes due again
// when its lease ends, and the idempotency key keeps the provider from delivering twice.
import type { Outbox, PrismaClient } from '@sentinel/db';
import type { Logger } from '../lib/logger.ts';
import { redactSecrets } from '../lib/redact.ts';
import { backoffDelay } from '../lib/retry.ts';
import type { EmailSender, WebhookSender } from './senders.ts';

export const DELIVERY = {
  /** Rows claimed at once. Kept small so a batch that times out on every send (10 × SEND_TIMEOUT_MS = 150 s) ends well inside the lease. */
  batchSize: 10,
  /** How long a claimed row is hidden from other senders: a sender that died mid-send is retried after this. */
  leaseMs: 5 * 60_000,
  /** Backoff after the nth failure: 1, 2, 4 … minutes, at most an hour. */
  baseBackoffMs: 60_000,
  maxBackoffMs: 60 * 60_000,
  /** After this many failures a message shows as FAILED; it can be retried from the app. */
  maxAttempts: 12,
} as const;

/** The wait after the nth failure: the shared backoff (lib/retry.ts), spread ±20 % so a burst of failures does not retry in step. */
export function backoffMs(attempts: number, random = Math.random): number {
  return backoffDelay(attempts - 1, { baseDelayMs: DELIVERY.baseBackoffMs, maxDelayMs: DELIVERY.maxBackoffMs, jitter: [0.8, 1.2] }, random);
}

export interface DeliveryDeps {
  prisma: PrismaClient;
  logger: Logger;
  now: () => Date;
  /** Null without RESEND_API_KEY: emails wait in the outbox, visible in the app. */
  email: EmailSender | null;
  webhook: WebhookSender;
  secrets?: readonly string[];
  /** Stops claiming new batches once aborted (shutdown). */
  signal?: AbortSignal;
}

export interface DeliveryScope {
  /** Only these rows (e.g. the test email just enqueued); default every due row. */
  ids?: string[];
}

async function claim(prisma: PrismaClient, channels: string[], now: Date, only: string[] | undefined): Promise<Outbox[]> {
  if (channels.length === 0 || only?.length === 0) return [];
  const leaseUntil = new Date(now.getTime() + DELIVERY.leaseMs);
  const claimed = await prisma.$queryRaw<{ id: string }[]>`
    UPDATE outbox SET next_attempt_at = ${leaseUntil}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM outbox
      WHERE status = 'PENDING' AND next_attempt_at <= ${now} AND channel::text = ANY(${channels})
        AND (${only ?? null}::text[] IS NULL OR id::text = ANY(${only ?? null}::text[]))
      ORDER BY created_at
      LIMIT ${DELIVERY.batchSize}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id`;
  if (claimed.length === 0) return [];
  return prisma.outbox.findMany({ where: { id: { in: claimed.map((r) => r.id) } }, orderBy: { createdAt: 'asc' } });
}

export interface DeliveryResult {
  sent: number;
  failed: number;
  /** Emails waiting because RESEND_API_KEY is not set. */
  waitingForEmailKey: number;
}

export async function deliverOutbox(deps: DeliveryDeps, scope: DeliveryScope = {}): Promise<DeliveryResult> {
  const { prisma, logger, now } = deps;
  const channels = deps.email ? ['EMAIL', 'WEBHOOK'] : ['WEBHOOK'];
  let sent = 0;
  let failed = 0;
  const next = () => (deps.signal?.aborted ? Promise.resolve([]) : claim(prisma, channels, now(), scope.ids));
  for (let batch = await next(); batch.length > 0; batch = await next()) {
    for (const message of batch) {
      try {
        let providerId: string | null = null;
        if (message.channel === 'EMAIL') {
          providerId = (
            await deps.email!.send({ to: message.recipients, subject: message.subject, html: message.html, text: message.text, idempotencyKey: message.id })
          ).id;
        } else {
          for (const url of message.recipients) await deps.webhook.send(url, message.payload, message.id);
        }
        await prisma.outbox.update({ where: { id: message.id }, data: { status: 'SENT', sentAt: now(), providerId, lastError: null } });
        sent += 1;
      } catch (error) {
        const reason = redactSecrets((error as Error).message ?? String(error), deps.secrets ?? []).slice(0, 1000);
        const giveUp = message.attempts >= DELIVERY.maxAttempts;
        await prisma.outbox.update({
          where: { id: message.id },
          data: {
            lastError: reason,
            status: giveUp ? 'FAILED' : 'PENDING',
            nextAttemptAt: new Date(now().getTime() + backoffMs(message.attempts)),
          },
        });
        failed += 1;
        logger.warn({ outboxId: message.id, kind: message.kind, attempts: message.attempts, err: { message: reason } }, 'delivery failed; will retry');
      }
    }
  }
  const waitingForEmailKey = deps.email ? 0 : await prisma.outbox.count({ where: { channel: 'EMAIL', status: 'PENDING' } });
  return { sent, failed, waitingForEmailKey };
}
