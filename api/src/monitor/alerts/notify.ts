import { enqueueAlertNotifications } from '../../notifications/alert-notifications.ts';
import type { Notifier } from '../../services.ts';
import { getSettings } from '../../settings/settings.queries.ts';
import type { AlertNotifier } from './generate-alerts.ts';

/** Enqueues an alert's email and webhook with the market's title and the current recipients, on the alert's transaction. */
export function createAlertNotifier(notifier: Pick<Notifier, 'publicUrl'>, secrets: readonly string[] = []): AlertNotifier {
  return async (alert, tx) => {
    const market = await tx.market.findUniqueOrThrow({ where: { ticker: alert.ticker }, select: { title: true, yesSubTitle: true, eventTicker: true, category: true } });
    // On the transaction too: the embedded database has one connection.
    const settings = await getSettings(tx);
    // Queued at the alert's time: the scoring cycle's clock, the one delivery runs on.
    await enqueueAlertNotifications(tx, { ...alert, market }, settings, notifier, alert.createdAt, secrets);
  };
}
