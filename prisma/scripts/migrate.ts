// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded
// database under DATA_DIR (default ./data) when DATABASE_URL is unset.
import { resolve } from 'node:path';
import { parseCliOptions } from '../src/cli.ts';
import { connectDatabase, redactUrl } from '../src/connect.ts';
import { migrationStatus } from '../src/migrations.ts';

parseCliOptions(
  'db:migrate',
  {},
  `npm run db:migrate

Applies pending migrations (prisma/migrations/) and lists each as applied or pending. Takes no
options; the database comes from the environment:

  DATABASE_URL   a postgresql:// URL; unset: the embedded database under DATA_DIR
  DATA_DIR       where the embedded database lives (default ./data)

  --help         this text`,
);

const dataDir = resolve(process.env.INIT_CWD ?? process.cwd(), process.env.DATA_DIR ?? 'data');
const database = await connectDatabase({ url: process.env.DATABASE_URL || undefined, dataDir });
const client = await database.pool.connect();
try {
  for (const m of await migrationStatus(client)) {
    console.log(`${m.applied ? 'applied' : 'pending'}  ${m.name}`);
  }
  console.log(`database: ${database.kind} ${redactUrl(database.url)}`);
} finally {
  client.release();
  await database.close();
}
