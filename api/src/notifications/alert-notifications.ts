// What an alert sends: an email to the configured recipients and, when a webhook URL is set,
// a Slack/Discord-compatible POST. Both go through the outbox, keyed by the alert id.
import { AlertWebhookPayloadSchema } from './webhook-payload.ts';
import type { PrismaClient } from '@sentinel/db';
import type { Notifier } from '../services.ts';
import type { Settings } from '../settings/settings.schema.ts';
import { enqueue } from './outbox.ts';
import { type AlertForNotification, renderAlertEmail, renderAlertWebhook } from './templates/alert.ts';

export const OUTBOX_KINDS = {
  alert: 'alert',
  alertWebhook: 'alert-webhook',
  recap: 'daily-recap',
  test: 'test',
} as const;

export function alertEmailDedupKey(alertId: string): string {
  return `alert:${alertId}:email`;
}

export function alertWebhookDedupKey(alertId: string): string {
  return `alert:${alertId}:webhook`;
}

/**
 * Enqueues the alert's email (skipped without recipients) and webhook (skipped without a URL).
 * Safe to call again for the same alert: each message is keyed by the alert id, so a retried
 * job never enqueues twice. Pass a transaction client to enqueue with the alert itself.
 * Returns whether each message was newly enqueued.
 */
export async function enqueueAlertNotifications(
  prisma: Pick<PrismaClient, 'outbox'>,
  alert: AlertForNotification,
  settings: Pick<Settings, 'alertEmails' | 'webhookUrl'>,
  notifier: Pick<Notifier, 'publicUrl'>,
  queuedAt: Date,
  /** The app's configured secrets: a market title or explanation that echoes one is redacted before it is queued. */
  secrets: readonly string[] = [],
): Promise<{ email: boolean; webhook: boolean }> {
  let email = false;
  let webhook = false;
  if (settings.alertEmails.length > 0) {
    const rendered = renderAlertEmail(alert, { publicUrl: notifier.publicUrl });
    email = await enqueue(prisma, {
      channel: 'EMAIL',
      kind: OUTBOX_KINDS.alert,
      dedupKey: alertEmailDedupKey(alert.id),
      recipients: [...settings.alertEmails],
      ...rendered,
      secrets,
    }, queuedAt);
  }
  if (settings.webhookUrl) {
    const payload = AlertWebhookPayloadSchema.parse(renderAlertWebhook(alert, { publicUrl: notifier.publicUrl }));
    webhook = await enqueue(prisma, {
      channel: 'WEBHOOK',
      kind: OUTBOX_KINDS.alertWebhook,
      dedupKey: alertWebhookDedupKey(alert.id),
      recipients: [settings.webhookUrl],
      subject: payload.content.split('\n')[0]!.slice(0, 300),
      html: '',
      text: payload.content,
      payload,
      secrets,
    }, queuedAt);
  }
  return { email, webhook };
}
