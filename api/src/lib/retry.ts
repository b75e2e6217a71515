// The one retry policy lives in @sentinel/db (prisma/src/retry.ts), the workspace every server-side
// package depends on, so the database connection retries with it too.
export { type BackoffOptions, backoffDelay, EQUAL_JITTER, parseRetryAfter, retry, type RetryOptions, sleepFor } from '@sentinel/db';
