// A transaction on a plain pg pool, for the bulk writes Prisma cannot express: one connection,
// BEGIN, the work, COMMIT; ROLLBACK on any error (which is rethrown), and the connection returned.
import type pg from 'pg';

export async function withPgTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
