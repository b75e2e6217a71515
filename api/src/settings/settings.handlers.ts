import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../lib/types.ts';
import { getSettings, updateSettings } from './settings.queries.ts';
import type { getSettingsRoute, putSettingsRoute } from './settings.routes.ts';

export const getSettingsHandler: RouteHandler<typeof getSettingsRoute, AppEnv> = async (c) =>
  c.json(await getSettings(c.get('deps').db.prisma), 200);

export const putSettingsHandler: RouteHandler<typeof putSettingsRoute, AppEnv> = async (c) => {
  const changes = c.req.valid('json');
  const settings = await updateSettings(c.get('deps').db.prisma, changes);
  c.get('logger').info({ changed: Object.keys(changes) }, 'settings changed');
  return c.json(settings, 200);
};
