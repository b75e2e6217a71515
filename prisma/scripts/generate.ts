// `prisma generate` works offline, but the CLI insists on locating its native schema
// engine first, which it would download from Prisma's server. Generation never runs that
// binary, so any existing file satisfies the check (see shared/ENVIRONMENT.md).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseCliOptions } from '../src/cli.ts';

parseCliOptions(
  'generate',
  {},
  `npm run generate -w @sentinel/db

Generates the Prisma client (prisma/generated/) from schema.prisma, offline. Takes no options.

  --help   this text`,
);

const require = createRequire(import.meta.url);
const prismaCli = join(dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
const env: NodeJS.ProcessEnv = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;

const result = spawnSync(process.execPath, [prismaCli, 'generate'], {
  cwd: join(import.meta.dirname, '..'),
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
