// eval:replay judges the app's own alert rules over an eval:monitor --dump: a found scenario, a miss
// and a false alert on a quiet market, counted as the evaluation counts them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/settings/settings.schema.ts';

const API = join(import.meta.dirname, '..', '..');
const T = Date.UTC(2027, 0, 12, 16, 0);
const MIN = 60_000;

describe('eval:replay', () => {
  it('replays the rules over a dump: recall per type and false alerts per 1,000 quiet market-days', () => {
    const facts = (composite: number) => ({ baselineStatus: 'ok', historyHours: 168, facts: { tradeSize: {}, priceImpact: {}, liquidity: {}, clustering: {}, timing: {} }, composite });
    const lines = [
      { kind: 'meta', seed: 7, startMs: T, endMs: T + 60 * MIN, windowMs: 30 * MIN, settings: DEFAULT_SETTINGS, quietMarketDays: 1000 },
      { kind: 'scenario', id: 's1', type: 'whale_trade', tickers: ['W'], startMs: T, endMs: T, tercile: 'busy' },
      { kind: 'scenario', id: 's2', type: 'trade_burst', tickers: ['B'], startMs: T, endMs: T + 5 * MIN, tercile: 'quiet' },
      { kind: 'quiet', tickers: ['Q'] },
      { kind: 'close', ms: { W: null, B: null, Q: null } },
      // the whale's market reaches the threshold within the window; the burst's never does; a quiet market alerts twice in its cooldown
      { kind: 'score', ticker: 'W', ms: T + 5 * MIN, composite: 75, priceImpact: 0, liquidity: 0, details: facts(75) },
      { kind: 'score', ticker: 'B', ms: T + 5 * MIN, composite: 20, priceImpact: 0, liquidity: 0, details: facts(20) },
      { kind: 'score', ticker: 'Q', ms: T + 10 * MIN, composite: 80, priceImpact: 0, liquidity: 0, details: facts(80) },
      { kind: 'score', ticker: 'Q', ms: T + 15 * MIN, composite: 81, priceImpact: 0, liquidity: 0, details: facts(81) },
    ];
    const file = join(mkdtempSync(join(tmpdir(), 'replay-')), 'dump.jsonl');
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'eval/replay-rules.ts', '--misses', file], { cwd: API, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/whale_trade +1\/1 +1\.00 \(95% 0\.02–1\.00\)/);
    expect(run.stdout).toMatch(/trade_burst +0\/1 +0\.00/);
    expect(run.stdout).toMatch(/  trade_burst quiet B: top 20 /);
    expect(run.stdout).toMatch(/false alerts 1 over 1000 quiet market-days: 1\.00 per 1,000/);
    expect(run.stdout).toMatch(/false alert 2027-01-12T16:10 Q 80: score rule: composite 80 reached the threshold of 70/);
    expect(run.stdout).toMatch(/ {4}by the rule that fired: score 1 /);

    // --set tries another threshold over the same dump, and says which
    const higher = spawnSync(process.execPath, ['--import', 'tsx', 'eval/replay-rules.ts', '--set', 'alertThreshold=80.5', file], { cwd: API, encoding: 'utf8', timeout: 60_000 });
    expect(higher.status).toBe(0);
    expect(higher.stdout).toMatch(/\(seed 7; alertThreshold 80\.5 instead of the run's 70\)/);
    expect(higher.stdout).toMatch(/whale_trade +0\/1 /);
    expect(higher.stdout).toMatch(/false alerts 1 over 1000 quiet market-days/); // Q at 81
    expect(higher.stdout).toMatch(/false alert 2027-01-12T16:15 Q 81: score rule: composite 81 reached the threshold of 80\.5/);
  });

  it('--set accepts only rule settings a dump replays exactly, each validated as the app validates it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'replay-')), 'dump.jsonl');
    writeFileSync(file, `${JSON.stringify({ kind: 'meta', seed: 7, windowMs: 30 * MIN, settings: DEFAULT_SETTINGS, quietMarketDays: 1 })}\n{"kind":"quiet","tickers":[]}\n{"kind":"close","ms":{}}\n`);
    for (const [set, message] of [
      ['minVolume=0', /--set minVolume: not a setting the replay can try \(alertThreshold, signalRuleSurprise/],
      ['alertThreshold=20', /--set alertThreshold=20: Too small.*30.*\(--help gives the bounds a dump replays exactly\)/],
      ['signalRuleSurprise=4', /--set signalRuleSurprise=4: .*4\.5/],
      ['whaleRuleEnabled=yes', /--set whaleRuleEnabled=yes: .*boolean/],
      ['alertThreshold', /--set alertThreshold: expected KEY=VALUE/],
    ] as const) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'eval/replay-rules.ts', '--set', set, file], { cwd: API, encoding: 'utf8', timeout: 60_000 });
      expect(run.status, set).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
    const off = spawnSync(process.execPath, ['--import', 'tsx', 'eval/replay-rules.ts', '--set', 'signalRuleSurprise=0,whaleRuleEnabled=false', file], { cwd: API, encoding: 'utf8', timeout: 60_000 });
    expect(off.status).toBe(0);
    expect(off.stdout).toMatch(/signalRuleSurprise 0 instead of the run's 6, whaleRuleEnabled false instead of the run's true/);
  });

  it('answers a missing file, a file that is not JSON or not a dump with one line and exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-'));
    writeFileSync(join(dir, 'log.txt'), '> eval:monitor\n');
    writeFileSync(join(dir, 'half.jsonl'), '{"kind":"score"}\n');
    for (const [file, message] of [
      [join(dir, 'none.jsonl'), /^replay-rules: .*none\.jsonl: no such file\n$/],
      [join(dir, 'log.txt'), /^replay-rules: .*log\.txt:1: not JSON/],
      [join(dir, 'half.jsonl'), /^replay-rules: .*half\.jsonl: not an eval:monitor --dump file/],
    ] as const) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'eval/replay-rules.ts', file], { cwd: API, encoding: 'utf8', timeout: 60_000 });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
