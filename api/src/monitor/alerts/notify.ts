import type { PrismaClient } from '@sentinel/db';
import { enqueueAlertNotifications } from '../../notifications/alert-notifications.ts';
import type { Notifier } from '../../services.ts';
import { getSettings } from '../../settings/settings.queries.ts';
import type { AlertNotifier } from './generate-alerts.ts';

/** Enqueues an alert's email and webhook with the market's title and the current recipients. */
export function createAlertNotifier(prisma: PrismaClient, notifier: Pick<Notifier, 'publicUrl'>): AlertNotifier {
  return async (alert) => {
    const [market, settings] = await Promise.all([
      prisma.market.findUniqueOrThrow({ where: { ticker: alert.ticker }, select: { title: true, yesSubTitle: true, eventTicker: true, category: true } }),
      getSettings(prisma),
    ]);
    // Queued at the alert's time: the scoring cycle's clock, the one delivery runs on.
    await enqueueAlertNotifications(prisma, { ...alert, market }, settings, notifier, alert.createdAt);
  };
}
