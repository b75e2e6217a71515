// The two notification jobs: send what the outbox holds (every minute) and the daily recap
// (8 pm US Eastern). Plain functions of their dependencies; the registry wires them to times.
import type { PrismaClient } from '@sentinel/db';
import type { JobCounts, JobDefinition } from '../jobs/types.ts';
import type { Logger } from '../lib/logger.ts';
import type { Notifier } from '../services.ts';
import { getSettings } from '../settings/settings.queries.ts';
import { OUTBOX_KINDS } from './alert-notifications.ts';
import { type DeliveryResult, deliverOutbox } from './delivery.ts';
import { enqueue } from './outbox.ts';
import { renderRecapEmail } from './templates/recap.ts';

export const RECAP = {
  /** 8 pm US Eastern, as the spec says. */
  schedule: '0 20 * * *',
  timezone: 'America/New_York',
  periodMs: 24 * 3600 * 1000,
  /** Alerts listed in the email; the total is stated too. */
  topAlerts: 10,
} as const;

export interface NotificationJobDeps {
  notifier: Notifier;
  secrets?: readonly string[];
}

const EASTERN_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' });
const EASTERN_DATE_LABEL = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', year: 'numeric', month: 'short', day: 'numeric' });

/** "2026-11-21": the US Eastern calendar date, which keys the recap (one per day). */
export function easternDate(date: Date): string {
  return EASTERN_DATE.format(date);
}

export function recapDedupKey(date: Date): string {
  return `daily-recap:${easternDate(date)}`;
}

export type RecapOutcome =
  | { status: 'disabled' | 'no-recipients' }
  | { status: 'enqueued' | 'already-enqueued'; outboxId: string; alerts: number; delivery: DeliveryResult };

/** Builds and enqueues today's recap (once per Eastern date), then tries to deliver it. */
export async function runDailyRecap(deps: {
  prisma: PrismaClient;
  logger: Logger;
  now: () => Date;
  notifier: Notifier;
  secrets?: readonly string[];
  signal?: AbortSignal;
}): Promise<RecapOutcome> {
  const { prisma, notifier } = deps;
  const settings = await getSettings(prisma);
  if (!settings.dailyRecapEnabled) return { status: 'disabled' };
  if (settings.alertEmails.length === 0) return { status: 'no-recipients' };
  const now = deps.now();
  const since = new Date(now.getTime() - RECAP.periodMs);
  const where = { createdAt: { gt: since, lte: now } };
  const [alerts, totalAlerts] = await Promise.all([
    prisma.alert.findMany({
      where,
      orderBy: [{ composite: 'desc' }, { createdAt: 'desc' }],
      take: RECAP.topAlerts,
      include: { market: { select: { title: true } } },
    }),
    prisma.alert.count({ where }),
  ]);
  const rendered = renderRecapEmail(
    { alerts, totalAlerts, now, dateLabel: EASTERN_DATE_LABEL.format(now), threshold: settings.alertThreshold },
    { publicUrl: notifier.publicUrl },
  );
  const dedupKey = recapDedupKey(now);
  const inserted = await enqueue(prisma, { channel: 'EMAIL', kind: OUTBOX_KINDS.recap, dedupKey, recipients: settings.alertEmails, ...rendered, secrets: deps.secrets }, now);
  const row = await prisma.outbox.findUniqueOrThrow({ where: { dedupKey }, select: { id: true } });
  const delivery = await deliverOutbox(
    { prisma, logger: deps.logger, now: deps.now, email: notifier.email, webhook: notifier.webhook, secrets: deps.secrets, signal: deps.signal },
    { ids: [row.id] },
  );
  return { status: inserted ? 'enqueued' : 'already-enqueued', outboxId: row.id, alerts: totalAlerts, delivery };
}

export function createNotificationJobs(deps: NotificationJobDeps): JobDefinition[] {
  const { notifier, secrets } = deps;
  return [
    {
      name: 'deliver-outbox',
      description: 'Send due emails and webhooks from the outbox, retrying failures with backoff',
      schedule: '* * * * *',
      timezone: 'America/New_York',
      async run({ prisma, logger, now, signal }) {
        const result = await deliverOutbox({ prisma, logger, now, email: notifier.email, webhook: notifier.webhook, secrets, signal });
        return { ...result };
      },
    },
    {
      name: 'daily-recap',
      description: 'Email the top alerts of the past 24 hours at 8 pm US Eastern (when the daily recap is on)',
      schedule: RECAP.schedule,
      timezone: RECAP.timezone,
      async run({ prisma, logger, now, signal }): Promise<JobCounts> {
        const outcome = await runDailyRecap({ prisma, logger, now, notifier, secrets, signal });
        if (!('delivery' in outcome)) {
          logger.info({ reason: outcome.status }, 'daily recap skipped');
          return { skipped: 1 };
        }
        return {
          enqueued: outcome.status === 'enqueued' ? 1 : 0,
          alerts: outcome.alerts,
          sent: outcome.delivery.sent,
          failed: outcome.delivery.failed,
          waitingForEmailKey: outcome.delivery.waitingForEmailKey,
        };
      },
    },
  ];
}
