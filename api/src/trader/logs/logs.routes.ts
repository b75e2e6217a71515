import { ErrorContextSchema } from '../../errors/error-log.ts';
import { z } from '@hono/zod-openapi';
import { protectedRoute } from '../../lib/router.ts';

export const ErrorLogSchema = z
  .object({
    id: z.string(),
    occurredAt: z.string().datetime(),
    source: z.string().openapi({ description: 'A job ("job:daily-scan"), a trader step ("trader:order", "trader:ai") or a route' }),
    message: z.string(),
    stack: z.string().nullable(),
    context: ErrorContextSchema,
  })
  .openapi('ErrorLog');

export const listLogsRoute = protectedRoute({
  method: 'get',
  path: '/api/logs',
  operationId: 'listErrorLogs',
  tags: ['Logs'],
  summary: 'Stored errors (jobs, orders, AI failures), newest first; secrets are redacted when stored',
  request: {
    query: z.object({
      source: z.string().max(100).optional().openapi({ description: 'Prefix match, e.g. "trader:" or "job:"' }),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      before: z.string().datetime().optional().openapi({ description: 'Page: errors before this time' }),
    }),
  },
  responses: { 200: { description: 'Errors', content: { 'application/json': { schema: z.object({ errors: z.array(ErrorLogSchema) }) } } } },
});

export const MigrationSchema = z
  .object({ name: z.string(), applied: z.boolean(), appliedAt: z.string().datetime().nullable(), checksumMatches: z.boolean().nullable() })
  .openapi('MigrationStatus');

export const migrationsRoute = protectedRoute({
  method: 'get',
  path: '/api/system/migrations',
  operationId: 'getMigrationStatus',
  tags: ['System'],
  summary: 'Database migrations: applied or pending, and whether each file still matches what was applied',
  responses: {
    200: {
      description: 'Migrations',
      content: { 'application/json': { schema: z.object({ upToDate: z.boolean(), pending: z.array(z.string()), migrations: z.array(MigrationSchema) }) } },
    },
  },
});
