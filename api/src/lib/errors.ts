import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ProblemCode, ProblemError } from './problem.ts';

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08001',
  '08003',
  '08006',
  'P1001', // Prisma: can't reach database server
  'P1002',
  'P1017', // Prisma: server closed the connection
  'P2024', // Prisma: timed out fetching a connection from the pool
]);

/** True for errors that mean "the database is not answering", which deserve a 503, not a 500. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const candidate = e as { code?: unknown; message?: unknown; cause?: unknown; kind?: unknown };
    if (typeof candidate.code === 'string' && UNAVAILABLE_CODES.has(candidate.code)) return true;
    if (candidate.kind === 'DatabaseNotReachable' || candidate.kind === 'ConnectionClosed') return true;
    if (
      typeof candidate.message === 'string' &&
      /Connection terminated|Can't reach database|connect ECONNREFUSED|Connection ended|the database system is (shutting down|starting up)|timeout exceeded when trying to connect/i.test(
        candidate.message,
      )
    ) {
      return true;
    }
    e = candidate.cause;
  }
  return false;
}

// PostgreSQL cannot store some characters in text or jsonb (NUL above all: `?search=%00`).
// Such input is the client's mistake, a 400, not an unexpected 500. Found by the resilience fuzzer.
const UNSTORABLE_TEXT_CODES = new Set(['22021', '22P05']); // character_not_in_repertoire, untranslatable_character

/** True when the database refused a character in the input (the SQLSTATE, or as Prisma reports it). */
export function isUnstorableText(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const candidate = e as { code?: unknown; message?: unknown; cause?: unknown; meta?: { code?: unknown } };
    if (typeof candidate.code === 'string' && UNSTORABLE_TEXT_CODES.has(candidate.code)) return true;
    if (typeof candidate.meta?.code === 'string' && UNSTORABLE_TEXT_CODES.has(candidate.meta.code)) return true;
    if (typeof candidate.message === 'string' && /Code: `(22021|22P05)`/.test(candidate.message)) return true;
    e = candidate.cause;
  }
  return false;
}

/** Maps any thrown value to the problem it should produce, or null for a genuine 500. */
export function classifyError(error: unknown): { code: ProblemCode; status: ContentfulStatusCode; detail?: string; errors?: { path: string; message: string }[] } | null {
  if (error instanceof ProblemError) return { code: error.code, status: error.status, detail: error.message, errors: error.errors };
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const code: ProblemCode =
      status === 413 ? 'payload-too-large' : status === 401 ? 'unauthorized' : status === 404 ? 'not-found' : status >= 500 ? 'internal' : 'validation';
    return { code, status, detail: status >= 500 ? undefined : error.message };
  }
  if (isUnstorableText(error)) {
    return { code: 'validation', status: 400, detail: 'The request contains characters that cannot be stored (such as NUL).' };
  }
  if (isDatabaseUnavailable(error)) return { code: 'unavailable', status: 503, detail: 'The database is not answering; try again shortly.' };
  return null;
}
