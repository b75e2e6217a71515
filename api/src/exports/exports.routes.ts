import { z } from '@hono/zod-openapi';
import { protectedRoute } from '../lib/router.ts';
import { LABELS } from '../monitor/scoring/index.ts';
import { EXPORT_KINDS } from './exports.queries.ts';

const DAY_OR_TIME = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/, 'must be a date (2026-11-21) or an ISO 8601 time with its offset')
  .refine((v) => !Number.isNaN(Date.parse(v.length === 10 ? `${v}T12:00:00Z` : v)), 'must be a real date');

export const ExportCellSchema = z
  .union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())])
  .openapi('ExportCell', { description: 'Money is an exact dollar string; times ISO 8601 UTC; lists (rules, risk factors, failed checks) are arrays (in CSV joined with "; ")' });
export const ExportRowSchema = z.record(z.string(), ExportCellSchema).openapi('ExportRow', { description: 'One row: the same columns as the CSV header, in the same order' });

export const exportRoute = protectedRoute({
  method: 'get',
  path: '/api/exports/{kind}',
  operationId: 'exportRows',
  tags: ['Exports'],
  summary: 'Download alerts, positions, orders, fills or AI decisions as CSV or JSON',
  description:
    'Every row in the range, oldest first, streamed (memory stays flat however many rows). `alerts`: alert history; `positions`: every position the trader opened (the Trading page\'s trades), with entry, exit, fees, P&L and the AI\'s reasoning; `orders`: every order sent; `fills`: every execution; `decisions`: every AI run with its limit checks. CSV (RFC 4180, CRLF, a header row; a text cell a spreadsheet would evaluate as a formula starts with an apostrophe) or a JSON array. `Content-Disposition: attachment` names the file.',
  request: {
    params: z.object({ kind: z.enum(EXPORT_KINDS).openapi({ param: { name: 'kind', in: 'path' } }) }),
    query: z.object({
      format: z.enum(['csv', 'json']).default('csv'),
      from: DAY_OR_TIME.optional().openapi({ description: 'Rows at or after this time; a date means that day\'s US Eastern midnight' }),
      to: DAY_OR_TIME.optional().openapi({ description: 'Rows before this time; a date includes that whole US Eastern day' }),
      mode: z.enum(['PAPER', 'LIVE']).optional().openapi({ description: 'Trader exports only: one book' }),
      label: z.enum(LABELS).optional().openapi({ description: 'Alerts only' }),
      status: z.enum(['OPEN', 'WON', 'LOST', 'STOPPED', 'CLOSED']).optional().openapi({ description: 'Positions only' }),
    }),
  },
  responses: {
    200: {
      description: 'The rows',
      content: {
        'text/csv': { schema: z.string().openapi({ description: 'CSV with a header row' }) },
        'application/json': { schema: z.array(ExportRowSchema) },
      },
    },
  },
});
