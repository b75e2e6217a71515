import { z } from '@hono/zod-openapi';
import { notFoundResponse } from '../../lib/problem.ts';
import { publicRoute } from '../../lib/router.ts';
import { AlertSchema } from '../markets/markets.schemas.ts';
import { LABELS } from '../scoring/index.ts';
import { ALERT_RULE_NAMES } from './alert-rules.ts';

export const listAlertsRoute = publicRoute({
  method: 'get',
  path: '/api/alerts',
  operationId: 'listAlerts',
  tags: ['Alerts'],
  summary: 'Alert history, newest first',
  request: {
    query: z.object({
      label: z.enum(LABELS).optional(),
      rule: z.enum(ALERT_RULE_NAMES).optional().openapi({ description: 'Only alerts this rule fired' }),
      ticker: z.string().max(100).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    }),
  },
  responses: {
    200: {
      description: 'A page of alerts',
      content: { 'application/json': { schema: z.object({ alerts: z.array(AlertSchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() }) } },
    },
  },
});

export const getAlertRoute = publicRoute({
  method: 'get',
  path: '/api/alerts/{id}',
  operationId: 'getAlert',
  tags: ['Alerts'],
  summary: 'One alert with the signals, baseline and trades that triggered it',
  request: { params: z.object({ id: z.uuid('must be an alert id').openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: {
    200: { description: 'The alert', content: { 'application/json': { schema: AlertSchema } } },
    ...notFoundResponse,
  },
});
