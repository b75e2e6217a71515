import type { RouteHandler } from '@hono/zod-openapi';
import { ProblemError } from '../lib/problem.ts';
import type { AppEnv } from '../lib/types.ts';
import { WebhookUrlError, assertWebhookUrlAllowed } from '../notifications/webhook-guard.ts';
import { getSettings, updateSettings } from './settings.queries.ts';
import type { getSettingsRoute, putSettingsRoute } from './settings.routes.ts';

export const getSettingsHandler: RouteHandler<typeof getSettingsRoute, AppEnv> = async (c) =>
  c.json(await getSettings(c.get('deps').db.prisma), 200);

export const putSettingsHandler: RouteHandler<typeof putSettingsRoute, AppEnv> = async (c) => {
  const { confirmLooserThanSpec, ...changes } = c.req.valid('json');
  if (changes.webhookUrl) {
    try {
      await assertWebhookUrlAllowed(changes.webhookUrl, c.get('deps').services?.notifier.webhookAllowHosts ?? []);
    } catch (error) {
      if (!(error instanceof WebhookUrlError)) throw error;
      throw new ProblemError('validation', 400, `webhookUrl ${error.message}.`, [{ path: 'webhookUrl', message: error.message }]);
    }
  }
  const settings = await updateSettings(c.get('deps').db.prisma, changes, { confirmLooserThanSpec });
  c.get('logger').info({ changed: Object.keys(changes) }, 'settings changed');
  return c.json(settings, 200);
};
