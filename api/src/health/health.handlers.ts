import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../lib/types.ts';
import { ProblemError } from '../lib/problem.ts';
import type { getHealth } from './health.routes.ts';

export const getHealthHandler: RouteHandler<typeof getHealth, AppEnv> = async (c) => {
  const { db, version, startedAt, now } = c.get('deps');
  try {
    await db.ping();
  } catch (error) {
    c.get('logger').warn({ err: error }, 'health check: database did not answer');
    throw new ProblemError('unavailable', 503, 'The database is not answering.');
  }
  const current = now?.() ?? new Date();
  return c.json(
    {
      status: 'ok' as const,
      database: db.kind,
      version,
      uptimeSeconds: Math.max(0, Math.floor((current.getTime() - startedAt.getTime()) / 1000)),
    },
    200,
  );
};
