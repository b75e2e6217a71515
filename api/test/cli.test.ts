// Every command-line tool as a user runs it: --help prints its options and exits 0; an unknown
// option is one line on stderr (no stack trace) and exit 2. Spawned in parallel to stay fast.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

// [name, workspace directory, entry file, an option its help must list]
const CLIS = [
  ['exchange', 'exchange', 'src/cli.ts', '--markets'],
  ['bench', 'api', 'bench/index.ts', '--backfill-hours'],
  ['bench:load', 'api', 'bench/load/index.ts', '--soak-seconds'],
  ['eval:monitor', 'api', 'eval/monitor-eval.ts', '--per-type'],
  ['eval:replay', 'api', 'eval/replay-rules.ts', '--misses'],
  ['backtest', 'api', 'src/trader/backtest/cli.ts', '--source'],
  ['history', 'api', 'src/history/cli.ts', '--since'],
  ['demo', 'api', 'scripts/demo.ts', '--exchange-port'],
  ['db:migrate', 'prisma', 'scripts/migrate.ts', 'DATABASE_URL'],
  ['db:migration', 'prisma', 'scripts/new-migration.ts', '<snake_case_name>'],
  ['generate', 'prisma', 'scripts/generate.ts', '--help'],
] as const;

function run(dir: string, file: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // An unreachable database: nothing may connect before the options are read.
    const env = { ...process.env, DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none', NODE_OPTIONS: '' };
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { cwd: join(ROOT, dir), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

describe('every CLI', () => {
  it('answers --help with its options (exit 0) and rejects an unknown option with one line and exit 2', async () => {
    const results = await Promise.all(
      CLIS.map(async ([name, dir, file, option]) => ({ name, option, help: await run(dir, file, ['--help']), bogus: await run(dir, file, ['--bogus']) })),
    );
    for (const { name, option, help, bogus } of results) {
      expect(help.status, `${name} --help: ${help.stderr}`).toBe(0);
      expect(help.stdout, name).toContain(option);
      expect(help.stdout, name).toContain('--help');
      expect(bogus.status, `${name} --bogus: ${bogus.stderr}`).toBe(2);
      expect(bogus.stdout, name).toBe('');
      expect(bogus.stderr.trim().split('\n'), name).toHaveLength(1);
      expect(bogus.stderr, name).toContain('unknown option --bogus');
      expect(bogus.stderr, name).not.toMatch(/\bat .+:\d+:\d+/);
    }
  }, 120_000);
});
