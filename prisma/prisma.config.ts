import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI (generate, and migrate deploy/status where the native engine
// exists). The app itself never reads this file: it connects through src/connect.ts.
export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' },
});
