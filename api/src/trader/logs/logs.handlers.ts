import type { ErrorContext } from '../../errors/error-log.ts';
import type { RouteHandler } from '@hono/zod-openapi';
import { migrationStatus } from '@sentinel/db';
import { listErrors } from '../../errors/error-log.ts';
import type { AppEnv } from '../../lib/types.ts';
import type { listLogsRoute, migrationsRoute } from './logs.routes.ts';

export const listLogsHandler: RouteHandler<typeof listLogsRoute, AppEnv> = async (c) => {
  const { source, limit, before } = c.req.valid('query');
  const rows = await listErrors(c.get('deps').db.prisma, { source, limit, before: before ? new Date(before) : undefined });
  return c.json(
    { errors: rows.map((r) => ({ id: r.id, occurredAt: r.occurredAt.toISOString(), source: r.source, message: r.message, stack: r.stack, context: r.context as ErrorContext })) },
    200,
  );
};

export const migrationsHandler: RouteHandler<typeof migrationsRoute, AppEnv> = async (c) => {
  const client = await c.get('deps').db.pool.connect();
  try {
    const status = await migrationStatus(client);
    const pending = status.filter((m) => !m.applied).map((m) => m.name);
    return c.json(
      {
        upToDate: pending.length === 0 && status.every((m) => m.checksumMatches !== false),
        pending,
        migrations: status.map((m) => ({ name: m.name, applied: m.applied, appliedAt: m.appliedAt ? new Date(m.appliedAt).toISOString() : null, checksumMatches: m.checksumMatches })),
      },
      200,
    );
  } finally {
    client.release();
  }
};
