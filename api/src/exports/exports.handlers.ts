import type { RouteHandler } from '@hono/zod-openapi';
import { ProblemError } from '../lib/problem.ts';
import type { AppEnv } from '../lib/types.ts';
import { easternDate, startOfEasternDay } from '../trader/state.ts';
import { csvLine } from './csv.ts';
import { EXPORTS, type ExportFilters } from './exports.queries.ts';
import type { exportRoute } from './exports.routes.ts';

const DAY_MS = 86_400_000;
const isDay = (v: string) => v.length === 10;
/** A date is a US Eastern day: `from` its midnight, `to` the next midnight (the day included). */
const fromBound = (v: string) => (isDay(v) ? startOfEasternDay(new Date(`${v}T12:00:00Z`)) : new Date(v));
const toBound = (v: string) => (isDay(v) ? startOfEasternDay(new Date(Date.parse(`${v}T12:00:00Z`) + DAY_MS)) : new Date(v));

export const exportHandler: RouteHandler<typeof exportRoute, AppEnv> = async (c) => {
  const { kind } = c.req.valid('param');
  const { format, from, to, mode, label, status } = c.req.valid('query');
  const filters: ExportFilters = { from: from ? fromBound(from) : undefined, to: to ? toBound(to) : undefined, mode, label, status };
  if (filters.from && filters.to && filters.from >= filters.to) throw new ProblemError('validation', 400, '`from` must be before `to`.', [{ path: 'query.from', message: 'must be before to' }]);
  const { db, now } = c.get('deps');
  const definition = EXPORTS[kind];
  const pages = definition.pages(db.prisma, filters);
  const logger = c.get('logger');
  const encoder = new TextEncoder();
  let first = true;
  let started = false;
  // Pulled page by page as the client reads: a slow download holds one page, never the whole table.
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          // The byte order mark makes Excel read the CSV as UTF-8 (titles carry ¢, –, accents).
          controller.enqueue(encoder.encode(format === 'csv' ? `\uFEFF${csvLine(definition.columns)}` : '['));
        }
        const next = await pages.next();
        if (next.done) {
          if (format === 'json') controller.enqueue(encoder.encode(first ? ']\n' : '\n]\n'));
          controller.close();
          return;
        }
        let chunk = '';
        for (const row of next.value) {
          if (format === 'csv') chunk += csvLine(definition.columns.map((col) => row[col]));
          else {
            chunk += `${first ? '\n' : ',\n'}${JSON.stringify(row)}`;
            first = false;
          }
        }
        controller.enqueue(encoder.encode(chunk));
      } catch (error) {
        // Headers are gone: the download ends short, and the log says why.
        logger.error({ err: error, kind }, 'export failed mid-stream');
        controller.error(error);
      }
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
  const stamp = easternDate(now?.() ?? new Date());
  const filename = `sentinel-${kind}-${stamp}.${format}`;
  return c.body(body, 200, {
    'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"`,
    // Streamed: never buffered whole by the compression middleware (no-transform) or a cache.
    'Cache-Control': 'no-store, no-transform',
    'X-Content-Type-Options': 'nosniff',
  }) as never;
};
