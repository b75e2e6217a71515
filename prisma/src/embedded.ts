// PostgreSQL with nothing installed: PGlite (Postgres compiled to WASM) served on a
// loopback TCP port, so the app talks to it through the same pg driver as to a real server.
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/** `dataDir` persists the database; omit it for a throwaway in-memory one (tests). */
export async function startEmbeddedPostgres(dataDir?: string): Promise<EmbeddedPostgres> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ?? 'memory://');
  // Clients use one connection at a time, but pg drops a connection after a failed query and
  // dials a new one before the server has noticed the old one closing: leave room for that.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgresql://postgres@${address}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
