// Every job error and every unexpected route error is stored, so the logs page shows what
// went wrong without anyone reading the process output.
import type { PrismaClient } from '@sentinel/db';
import { z } from '@hono/zod-openapi';
import { redactSecrets } from '../lib/redact.ts';

/** error_logs.context: flat facts about where it happened (ids, tickers, modes); anything else as JSON text. */
export const ErrorContextSchema = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
  .openapi('ErrorContext', { description: 'Where the error happened: ids, tickers, modes (nested values as JSON text)' });
export type ErrorContext = z.output<typeof ErrorContextSchema>;

function flatContext(context: Record<string, unknown>): ErrorContext {
  return ErrorContextSchema.parse(
    Object.fromEntries(
      Object.entries(context)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) ? v : JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)) ?? String(v)]),
    ),
  );
}

export interface ErrorRecord {
  source: string;
  error: unknown;
  context?: Record<string, unknown>;
}

export async function recordError(prisma: PrismaClient, secrets: readonly string[], record: ErrorRecord): Promise<void> {
  const error = record.error instanceof Error ? record.error : new Error(String(record.error));
  await prisma.errorLog.create({
    data: {
      source: record.source,
      message: redactSecrets(error.message, secrets).slice(0, 4000),
      stack: error.stack ? redactSecrets(error.stack, secrets).slice(0, 16000) : null,
      context: JSON.parse(redactSecrets(JSON.stringify(flatContext(record.context ?? {})), secrets)),
    },
  });
}

export async function listErrors(
  prisma: PrismaClient,
  query: { source?: string; limit: number; before?: Date },
) {
  return prisma.errorLog.findMany({
    where: {
      ...(query.source ? { source: { startsWith: query.source } } : {}),
      ...(query.before ? { occurredAt: { lt: query.before } } : {}),
    },
    orderBy: { occurredAt: 'desc' },
    take: query.limit,
  });
}
