import { z } from '@hono/zod-openapi';
import { unavailableResponse } from '../lib/problem.ts';
import { publicRoute } from '../lib/router.ts';

export const HealthSchema = z
  .object({
    status: z.literal('ok'),
    database: z.enum(['postgresql', 'embedded']).openapi({ description: 'Which PostgreSQL the app uses' }),
    version: z.string(),
    uptimeSeconds: z.number().int().nonnegative(),
  })
  .openapi('Health');

export const getHealth = publicRoute({
  method: 'get',
  path: '/api/health',
  operationId: 'getHealth',
  tags: ['System'],
  summary: 'Liveness and database status',
  description: 'The original system\'s /ping: 200 while the database answers, a 503 problem when it does not.',
  responses: {
    200: { description: 'Alive', content: { 'application/json': { schema: HealthSchema } } },
    ...unavailableResponse,
  },
});
