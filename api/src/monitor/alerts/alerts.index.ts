import { createRouter } from '../../lib/router.ts';
import { getAlertHandler, listAlertsHandler } from './alerts.handlers.ts';
import { getAlertRoute, listAlertsRoute } from './alerts.routes.ts';

export const alertsRouter = createRouter().openapi(listAlertsRoute, listAlertsHandler).openapi(getAlertRoute, getAlertHandler);
