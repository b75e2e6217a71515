// Every job error and every unexpected route error is stored, so the logs page shows what
// went wrong without anyone reading the process output.
import type { PrismaClient } from '@sentinel/db';
import { redactSecrets } from '../lib/redact.ts';

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
      context: JSON.parse(redactSecrets(JSON.stringify(record.context ?? {}), secrets)),
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
