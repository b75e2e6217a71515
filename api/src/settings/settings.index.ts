import { createRouter } from '../lib/router.ts';
import { getSettingsHandler, putSettingsHandler } from './settings.handlers.ts';
import { getSettingsRoute, putSettingsRoute } from './settings.routes.ts';

export const settingsRouter = createRouter().openapi(getSettingsRoute, getSettingsHandler).openapi(putSettingsRoute, putSettingsHandler);
