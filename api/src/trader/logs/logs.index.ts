import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/types.ts';
import { createRouter } from '../../lib/router.ts';
import { listLogsHandler, migrationsHandler } from './logs.handlers.ts';
import { listLogsRoute, migrationsRoute } from './logs.routes.ts';

// Typed as a plain router: the app's route-type union would grow too complex to check.
export const logsRouter: OpenAPIHono<AppEnv> = createRouter().openapi(listLogsRoute, listLogsHandler).openapi(migrationsRoute, migrationsHandler);
