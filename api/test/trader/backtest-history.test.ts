// The backtest on collected history, end to end: the local exchange's settled markets collected by
// the history collector into PostgreSQL replay exactly as the same markets read straight from the
// exchange; `npm run backtest` uses collected history when there is any and says so, writes the
// JSON report and stores it as the product's verdict; on the local exchange at its defaults it
// covers more than 2,000 settled markets, each price band winning within 3 points of its price.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '@sentinel/db';
import { createEmptyDatabase, createTestDatabase } from '@sentinel/db/testing';
import { startExchange } from '@sentinel/exchange';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectHistory } from '../../src/history/collect.ts';
import { createKalshiClient } from '../../src/kalshi/index.ts';
import { runBacktest } from '../../src/trader/backtest/backtest.ts';
import { exchangeWorld } from '../../src/trader/backtest/exchange-world.ts';
import { historyWorld } from '../../src/trader/backtest/history-world.ts';
import { BacktestReportSchema } from '../../src/trader/backtest/report.ts';
import { latestBacktestReport } from '../../src/trader/backtest/store.ts';
import { DEFAULT_TRADER_PARAMS } from '../../src/trader/settings.ts';

const API = join(import.meta.dirname, '..', '..');
const START = Date.parse('2026-11-20T15:00:00Z');
const EXCHANGE = { markets: 6000, seed: 11, historyDays: 12, startTime: START };

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/trader/backtest/cli.ts', ...args], { cwd: API, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('backtest on collected history', () => {
  let db: Database;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'backtest-'));
    db = await createTestDatabase();
    const ex = await startExchange({ ...EXCHANGE, speed: 0 });
    try {
      const kalshi = createKalshiClient({ apiBase: ex.url, rateLimit: { disabled: true } });
      await collectHistory(kalshi, db.pool, { sinceMs: START - 60 * 86_400_000, minuteHours: 0 });
    } finally {
      await ex.close();
    }
  }, 180_000);
  afterAll(async () => {
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('replays the collected history exactly as the same markets read from the exchange', async () => {
    const opts = { params: DEFAULT_TRADER_PARAMS, bankrollMicros: 1_000_000_000n, resumeAfterDays: 1, seed: 1 };
    const fromDb = await runBacktest({ ...opts, world: await historyWorld(db.pool) });
    const live = await exchangeWorld(EXCHANGE);
    const fromExchange = await runBacktest({ ...opts, world: live }).finally(() => live.close());
    expect(fromDb.report.source.settledMarkets).toBeGreaterThan(300);
    expect(fromDb.report.source.settledMarkets).toBe(fromExchange.report.source.settledMarkets);
    expect(fromDb.rules.length).toBeGreaterThan(5);
    expect(fromDb.every.length).toBeGreaterThan(fromDb.rules.length);
    expect(fromDb.report.strategies).toEqual(fromExchange.report.strategies);
    expect(fromDb.report.calibration).toEqual(fromExchange.report.calibration);
    expect(fromDb.rules).toEqual(fromExchange.rules);
    // the collector stored each series' fee schedule: no market falls back to the standard one
    expect(fromDb.report.settings.fees).toBe("each series' own schedule");
  }, 180_000);

  it('`npm run backtest` uses the collected history, says so, prints every setting, writes --json and stores the verdict', async () => {
    const file = join(dir, 'report.json');
    const r = await cli(['--json', file], { DATABASE_URL: db.url });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/using the collected Kalshi history .* \(\d+ settled markets\)/);
    for (const key of ['dailyBudget', 'yesPriceBand', 'minDepth', 'stopLoss', 'breakers', 'bankroll', 'settingsFrom', 'tradingEnabled']) expect(r.stdout).toContain(key);
    expect(r.stdout).toMatch(/Verdict \((demonstrated|not demonstrated|negative)\)/);
    const report = BacktestReportSchema.parse(JSON.parse(await readFile(file, 'utf8')));
    expect(report.source.kind).toBe('history');
    expect(report.strategies.map((s) => s.name)).toEqual(['rules selector', 'rules selector, held to settlement', 'buy every candidate, held to settlement', 'buy every candidate, with the stop-loss']);
    for (const s of report.strategies) {
      expect(Object.keys(s)).toEqual(expect.arrayContaining(['name', 'trades', 'winRate', 'pnl', 'roi', 'maxDrawdown', 'fees', 'ci95']));
      if (s.ci95) expect(s.ci95[0]).toBeLessThanOrEqual(s.ci95[1]);
    }
    // the verdict can only say "demonstrated" when the main strategy's interval is above zero
    const main = report.strategies[0]!;
    if (report.edge === 'demonstrated') expect(main.ci95![0]).toBeGreaterThan(0);
    if (main.ci95 && main.ci95[0] <= 0 && main.ci95[1] >= 0) expect(report.verdict).toMatch(/not demonstrated/);
    const stored = await latestBacktestReport(db.prisma);
    expect(stored?.createdAt).toBe(report.createdAt);
    expect(stored?.verdict).toBe(report.verdict);
  }, 180_000);

  it('`npm run backtest` with no history runs on the local exchange: over 2,000 settled markets, each price band within 3 points', async () => {
    const empty = await createEmptyDatabase();
    try {
      const file = join(dir, 'exchange.json');
      // the defaults, with the exchange's clock pinned so the markets are the same on every run
      const r = await cli(['--json', file, '--no-save', '--start', '2026-11-20T15:00:00Z'], { DATABASE_URL: empty.url });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain("no collected history (run `npm run history` to collect Kalshi's): using the local exchange's synthetic markets");
      const report = BacktestReportSchema.parse(JSON.parse(await readFile(file, 'utf8')));
      console.log(`backtest at its defaults: ${report.source.description}\n${report.calibration.map((b) => `  ${b.band} n=${b.trades} price ${(b.avgPrice * 100).toFixed(1)} won ${(b.winRate * 100).toFixed(1)}`).join('\n')}\n${report.verdict}`);
      expect(report.source.kind).toBe('exchange');
      expect(report.source.settledMarkets).toBeGreaterThanOrEqual(2000);
      expect(report.calibration.length).toBeGreaterThanOrEqual(5);
      for (const b of report.calibration) expect(Math.abs(b.winRate - b.avgPrice), b.band).toBeLessThanOrEqual(0.03);
      expect(report.strategies[0]!.trades).toBeGreaterThan(20);
    } finally {
      await empty.drop();
    }
  }, 300_000);

  it('answers --help and rejects an unknown option or a bad value with one line and exit code 2', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/trader/backtest/cli.ts', ...args], { cwd: API, encoding: 'utf8', timeout: 60_000 });
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--json FILE');
    expect(help.stdout).toContain('--source S');
    for (const [args, text] of [[['--bogus'], 'unknown option --bogus'], [['--source', 'moon'], '--source must be'], [['--from', 'someday'], '--from must be a date'], [['--markets', '0'], '--markets must be']] as const) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(text);
    }
  });
});
