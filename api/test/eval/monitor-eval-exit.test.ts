// eval:monitor creates a database of its own on DATABASE_URL's server and fills it with days of
// trades: however a run ends (a scenario it cannot place, Ctrl-C), that database is dropped.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

const API = join(import.meta.dirname, '..', '..');
const SERVER = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
// small and fast: a few hundred markets, one warm-up cycle, a day of history
const SMALL = ['--per-type', '1', '--warmup-cycles', '1', '--history-days', '1'];

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs eval:monitor; `interruptWhen` sends SIGINT once stdout contains it. */
function evalMonitor(args: string[], interruptWhen?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'eval/monitor-eval.ts', ...args], { cwd: API, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (interruptWhen && !interrupted && stdout.includes(interruptWhen)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** The run's database, as its settings header names it (on a PostgreSQL server). */
const databaseOf = (stdout: string) => /^ {2}database +(sentinel_test_[0-9a-f]+) /m.exec(stdout)?.[1];

async function exists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

describe.runIf(SERVER)('eval:monitor on PostgreSQL', () => {
  it('drops its database when a scenario cannot be placed (exit 1, the reason in one line)', async () => {
    // 0.3 days from 15:00 UTC hold no night, and 200 markets too few targets
    const run = await evalMonitor(['--markets', '200', '--days', '0.3', ...SMALL]);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^eval:monitor: cannot place /);
    const name = databaseOf(run.stdout);
    expect(name, run.stdout).toBeDefined();
    expect(await exists(name!)).toBe(false);
  }, 120_000);

  it('drops its database when interrupted mid-run (exit 130)', async () => {
    const run = await evalMonitor(['--markets', '1500', '--days', '1', ...SMALL], 'running…');
    expect(run.status, run.stderr).toBe(130);
    expect(run.stderr.trim()).toBe('eval:monitor: SIGINT: stopping (releasing what the run holds)');
    const name = databaseOf(run.stdout);
    expect(name, run.stdout).toBeDefined();
    expect(await exists(name!)).toBe(false);
  }, 120_000);
});
