// `npm run history` as a user runs it: --help, and one line (no stack trace) for bad usage.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const API = join(import.meta.dirname, '..', '..');
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/history/cli.ts', ...args], { cwd: API, encoding: 'utf8', timeout: 60_000, env: { ...process.env, DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' } });

describe('npm run history (CLI)', () => {
  it('answers --help and rejects an unknown option or a bad value with one line and exit code 2', () => {
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--since DATE');
    expect(help.stdout).toContain('--categories');
    for (const [args, text] of [[['--bogus'], 'unknown option --bogus'], [['--since', 'yesterday-ish'], '--since must be a date'], [['--concurrency', '0'], '--concurrency must be an integer']] as const) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(text);
    }
  });
});
