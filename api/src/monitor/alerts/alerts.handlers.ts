import type { RouteHandler } from '@hono/zod-openapi';
import { cachedJson } from '../../lib/cached-json.ts';
import { ProblemError } from '../../lib/problem.ts';
import type { AppEnv } from '../../lib/types.ts';
import { toAlertDto } from '../markets/markets.dto.ts';
import type { getAlertRoute, listAlertsRoute } from './alerts.routes.ts';

export const listAlertsHandler: RouteHandler<typeof listAlertsRoute, AppEnv> = async (c) => {
  const query = c.req.valid('query');
  const { label, rule, ticker, limit, offset } = query;
  const { prisma } = c.get('deps').db;
  const where = { ...(label ? { label } : {}), ...(ticker ? { ticker } : {}), ...(rule ? { rules: { array_contains: [{ rule }] } } : {}) };
  return cachedJson(c, `alerts:${JSON.stringify(query)}`, async () => {
    const [alerts, total] = await Promise.all([
      prisma.alert.findMany({ where, orderBy: { createdAt: 'desc' }, take: limit, skip: offset, include: { market: { select: { title: true } } } }),
      prisma.alert.count({ where }),
    ]);
    return { alerts: alerts.map((a) => toAlertDto(a, a.market.title)), total, limit, offset };
  });
};

export const getAlertHandler: RouteHandler<typeof getAlertRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const alert = await c.get('deps').db.prisma.alert.findUnique({ where: { id }, include: { market: { select: { title: true } } } });
  if (!alert) throw new ProblemError('not-found', 404, `No alert ${id}.`);
  return c.json(toAlertDto(alert, alert.market.title), 200);
};
