// What a command-line run holds (releases and a child process) is released, last held first,
// however the run ends, and the run exits with the code its end calls for.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CHILD = join(import.meta.dirname, '..', '..', 'test', 'support', 'run-resources-child.ts');

function end(how: string, signal?: NodeJS.Signals): Promise<{ code: number | null; stderr: string; released: string }> {
  const marker = join(mkdtempSync(join(tmpdir(), 'run-resources-')), 'released');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, how], { env: { ...process.env, MARKER: marker, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk) => {
      if (signal && String(chunk).includes('holding')) child.kill(signal);
    });
    child.on('exit', (code) => resolve({ code, stderr, released: existsSync(marker) ? readFileSync(marker, 'utf8') : '' }));
  });
}

describe('runResources', () => {
  it.each([
    ['done', 'done', undefined, 0],
    ['stopped', 'stop', undefined, 3],
    ['crashed', 'crash', undefined, 1],
    ['interrupted', 'wait', 'SIGINT', 130],
    ['terminated', 'wait', 'SIGTERM', 143],
  ] as const)('%s: exit %d after releasing, last held first', async (_title, how, signal, code) => {
    const run = await end(how, signal);
    expect(run.code, run.stderr).toBe(code);
    expect(run.released).toBe('process\nsecond\nfirst\n');
    if (how === 'crash') expect(run.stderr).toContain('boom');
    if (signal) expect(run.stderr.trim()).toBe(`child: ${signal}: stopping (releasing what the run holds)`);
  }, 30_000);
});
