// "Runs once per tick even when several app instances share one database": a PostgreSQL
// advisory lock keeps two instances from running the same job at once, and the unique
// tick key on job_runs keeps a second instance from running a tick the first already ran.
import { createHash } from 'node:crypto';
import type pg from 'pg';

export interface JobLock {
  /** Runs `fn` while holding the lock for `name`; returns null when another holder has it. */
  withLock<T>(name: string, fn: () => Promise<T>): Promise<{ value: T } | null>;
}

/** A stable 64-bit lock key per job name (the namespace keeps clear of other apps' locks). */
export function advisoryKey(name: string): bigint {
  return createHash('sha256').update(`sentinel-job:${name}`).digest().readBigInt64BE(0);
}

export function createAdvisoryLock(pool: pg.Pool): JobLock {
  return {
    async withLock(name, fn) {
      const client = await pool.connect();
      // A checked-out client has no pool listener: if the server goes away while the job runs,
      // its 'error' must not become an uncaught exception (the job's own queries fail instead).
      let lost: Error | null = null;
      const onError = (error: Error) => {
        lost = error;
      };
      client.on('error', onError);
      const key = advisoryKey(name).toString();
      let released = false;
      try {
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [key]);
        if (!rows[0]?.locked) return null;
        try {
          return { value: await fn() };
        } finally {
          await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch((error) => {
            // The session is gone (database restarted): the lock went with it.
            client.release(error as Error);
            released = true;
          });
        }
      } finally {
        client.off('error', onError);
        if (!released) client.release(lost ?? undefined);
      }
    },
  };
}

/** For the embedded database: one process owns it, so an in-process lock is the whole truth. */
export function createLocalLock(): JobLock {
  const held = new Set<string>();
  return {
    async withLock(name, fn) {
      if (held.has(name)) return null;
      held.add(name);
      try {
        return { value: await fn() };
      } finally {
        held.delete(name);
      }
    },
  };
}
