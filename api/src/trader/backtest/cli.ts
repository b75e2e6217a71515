// `npm run backtest`: the trader's strategy replayed over settled markets — the Kalshi history
// `npm run history` collected when there is any, else the local exchange — with every setting
// printed, the 95% interval of each strategy's return, the verdict and the calibration table.
// The report is stored as the product's latest verdict (dashboard, morning report, live switch).
import { writeFile } from 'node:fs/promises';
import { connectDatabase, redactUrl } from '@sentinel/db';
import { loadEnv } from '../../env.ts';
import { cliValueReaders, parseCliOptions } from '../../lib/cli.ts';
import { DEFAULT_TRADER_PARAMS, loadTraderParams, type TraderParams } from '../settings.ts';
import { backtestSettings, runBacktest, type BacktestOptions } from './backtest.ts';
import { claudeAnswers } from './claude-answers.ts';
import { exchangeWorld } from './exchange-world.ts';
import { countCollectedMarkets, historyWorld } from './history-world.ts';
import type { BacktestReport } from './report.ts';
import { saveBacktestReport } from './store.ts';
import type { BacktestWorld } from './world.ts';

export const BACKTEST_DEFAULTS = {
  /**
   * The local exchange's generated markets: about one in ten has settled, so ≈ 10,500 settled,
   * enough for each price band's win rate to be read within about 2 points (at 50,000 bands
   * strayed up to 4.4 points from their price by chance).
   */
  markets: 100_000,
  historyDays: 30,
  seed: 1,
  resumeAfterDays: 1,
} as const;

const HELP = `npm run backtest -- [options]

Replays the trader's strategy (scanner, rules selector, hard limits, daily budget, breakers,
stop-loss, fees) over settled markets and reports each strategy's trades, win rate, P&L, ROI,
max drawdown, fees and the 95% interval of its return per dollar staked (bootstrapped by event),
the verdict, and the calibration table by price band. Source: the history \`npm run history\`
collected into the app's database (DATABASE_URL, else the embedded one in DATA_DIR) when it holds
any settled market, else the local exchange. Settings: the ones saved in the app (Settings →
Trading), printed in full; none is changed silently. The report is stored as the latest verdict
the trading dashboard, the morning report and the live switch show.

  --source S            auto (default), history or exchange
  --from DATE           markets closing on or after DATE (ISO)
  --to DATE             … and before DATE
  --series A,B          only these series (history)
  --categories X,Y      only these categories (history)
  --spec-defaults       the spec's default settings instead of the saved ones
  --bankroll USD        starting balance (default: the paper starting balance setting)
  --resume-after-days N a breaker pause is resumed after N days (default ${BACKTEST_DEFAULTS.resumeAfterDays})
  --markets N           local exchange: generated markets (default ${BACKTEST_DEFAULTS.markets}; about 1 in 10 settled)
  --days N              local exchange: days of history (default ${BACKTEST_DEFAULTS.historyDays})
  --longshot-bias G     local exchange: favourite–longshot bias γ (default: the exchange's)
  --seed N              local exchange seed and bootstrap seed (default ${BACKTEST_DEFAULTS.seed})
  --start DATE          local exchange: its clock at start (default now): the same seed and start
                        give the same markets
  --claude              Claude as a selector too (ANTHROPIC_API_KEY, ANTHROPIC_MODEL, ANTHROPIC_BASE_URL),
                        asked with the daily scan's prompt at every scan; the verdict is then about Claude
  --claude-answers FILE replay Claude's answers recorded in FILE (JSONL) and record new ones there
                        (implies --claude; with no key, only recorded answers are used)
  --json FILE           write the report as JSON
  --no-save             do not store the report as the product's latest verdict
  --help                this text

Exit codes: 0 done; 1 failed; 2 bad usage.`;

const fail = (code: number, msg: string): never => {
  console.error(`backtest: ${msg}`);
  process.exit(code);
};

const values = parseCliOptions(
  'backtest',
  {
    source: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    series: { type: 'string' },
    categories: { type: 'string' },
    'spec-defaults': { type: 'boolean' },
    bankroll: { type: 'string' },
    'resume-after-days': { type: 'string' },
    markets: { type: 'string' },
    days: { type: 'string' },
    'longshot-bias': { type: 'string' },
    seed: { type: 'string' },
    start: { type: 'string' },
    json: { type: 'string' },
    'no-save': { type: 'boolean' },
    claude: { type: 'boolean' },
    'claude-answers': { type: 'string' },
  },
  HELP,
);

const read = cliValueReaders('backtest', values);
const source = String(values.source ?? 'auto');
if (!['auto', 'history', 'exchange'].includes(source)) fail(2, `--source must be auto, history or exchange, got ${source}`);
const filter = { fromMs: read.date('from'), toMs: read.date('to'), series: read.list('series'), categories: read.list('categories') };
const startTime = read.date('start') ?? undefined;
const markets = read.int('markets', BACKTEST_DEFAULTS.markets, 1);
const days = read.int('days', BACKTEST_DEFAULTS.historyDays, 1);
const seed = read.number('seed', BACKTEST_DEFAULTS.seed, Number.isInteger, 'an integer');
const resumeAfterDays = read.int('resume-after-days', BACKTEST_DEFAULTS.resumeAfterDays, 1);
const answersFile = typeof values['claude-answers'] === 'string' ? values['claude-answers'] : null;
const useClaude = values.claude === true || answersFile !== null;
const longshotBias = values['longshot-bias'] === undefined ? undefined : read.number('longshot-bias', 1, (n) => n > 0 && n < 5, 'a number between 0 and 5');

let config: ReturnType<typeof loadEnv>;
try {
  config = loadEnv();
} catch (err) {
  fail(2, (err as Error).message);
}
if (useClaude && !config!.ANTHROPIC_API_KEY && !answersFile) fail(2, '--claude needs ANTHROPIC_API_KEY (or --claude-answers FILE with recorded answers)');
let database: Awaited<ReturnType<typeof connectDatabase>>;
try {
  database = await connectDatabase({ url: config!.DATABASE_URL, dataDir: config!.DATA_DIR, poolSize: 2 });
} catch (err) {
  fail(1, (err as Error).message);
}

let code = 0;
let world: BacktestWorld | null = null;
try {
  const started = performance.now();
  const saved = values['spec-defaults'] ? DEFAULT_TRADER_PARAMS : await loadTraderParams(database!.prisma);
  // The backtest measures the strategy whether or not trading is switched on (printed below).
  const params: TraderParams = { ...saved, tradingEnabled: true };
  const bankrollMicros = values.bankroll === undefined ? params.paperStartingMicros : BigInt(Math.round(read.number('bankroll', 0, (n) => n > 0, 'a positive number of dollars') * 1e6));
  const collected = source === 'exchange' ? 0 : await countCollectedMarkets(database!.pool, filter);
  if (source === 'history' && collected === 0) fail(1, 'no collected history matches (run `npm run history` first, or use --source exchange)');
  if (collected > 0) {
    console.log(`backtest: using the collected Kalshi history in ${redactUrl(database!.url)} (${collected} settled markets)`);
    world = await historyWorld(database!.pool, filter);
  } else {
    console.log(`backtest: no collected history${source === 'auto' ? ' (run `npm run history` to collect Kalshi\'s)' : ''}: using the local exchange's synthetic markets`);
    world = await exchangeWorld({ markets, seed, historyDays: days, longshotBias, startTime });
  }
  const apiKey = config!.ANTHROPIC_API_KEY;
  const claude = useClaude ? await claudeAnswers({ file: answersFile, apiKey, baseUrl: config!.ANTHROPIC_BASE_URL, model: config!.ANTHROPIC_MODEL, timeoutMs: params.aiTimeoutMs }) : undefined;
  const opts: BacktestOptions = { world, params, fromMs: filter.fromMs, toMs: filter.toMs, bankrollMicros, resumeAfterDays, seed, claude };
  const settings = backtestSettings(opts);
  if (claude) settings.claude = `model ${config!.ANTHROPIC_MODEL}${answersFile ? `; answers recorded in ${answersFile}` : ''}${apiKey ? '' : ' (no key: recorded answers only)'}`;
  settings.settingsFrom = values['spec-defaults'] ? 'the spec defaults (--spec-defaults)' : 'the settings saved in the app';
  settings.tradingEnabled = `true for the backtest (your setting: ${saved.tradingEnabled})`;
  console.log('Settings:');
  for (const [k, v] of Object.entries(settings)) console.log(`  ${k.padEnd(24)} ${v}`);
  const run = await runBacktest(opts);
  const report: BacktestReport = { ...run.report, settings };
  printReport(report, run);
  if (claude) console.log(`Claude: ${claude.asked} scans asked, ${claude.replayed} replayed from the recording, ${run.claudeFailures} without an answer (no trade)`);
  if (typeof values.json === 'string') {
    await writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`report written to ${values.json}`);
  }
  if (!values['no-save']) {
    await saveBacktestReport(database!.prisma, report);
    console.log('stored as the latest verdict (trading dashboard, morning report, live switch)');
  }
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} catch (err) {
  console.error(`backtest: ${(err as Error).message}`);
  code = 1;
} finally {
  await world?.close();
  await database!.close();
}
process.exit(code);

function printReport(r: BacktestReport, run: Awaited<ReturnType<typeof runBacktest>>) {
  const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
  const usd = (x: number) => `${x < 0 ? '−' : ''}$${Math.abs(x).toFixed(2)}`;
  const paused = run.claude ? `${run.claudePauses.length} breaker pauses (Claude), ${run.pauses.length} (rules)` : `${run.pauses.length} breaker pauses`;
  console.log(`\n${r.source.description}; ${run.scans} daily scans, ${run.stopRuns} stop-loss runs, ${paused}`);
  const head = ['strategy', 'trades', 'events', 'win rate', 'staked', 'P&L', 'ROI', '95% interval', 'max DD', 'fees', 'stops'];
  const widths = [40, 7, 7, 9, 11, 10, 8, 18, 9, 9, 6];
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');
  console.log(line(head));
  for (const s of r.strategies) {
    const ci = s.ci95 ? `${pct(s.ci95[0])} to ${pct(s.ci95[1])}` : '—';
    console.log(line([s.name, String(s.trades), String(s.events), pct(s.winRate), usd(s.staked), usd(s.pnl), pct(s.roi), ci, usd(s.maxDrawdown), usd(s.fees), String(s.stopped)]));
  }
  console.log('\nCalibration (every market in the scan window at every scan; the favoured side by its midpoint):');
  console.log(`  ${'band'.padEnd(9)} ${'observations'.padStart(12)} ${'avg price'.padStart(10)} ${'avg ask'.padStart(8)} ${'won'.padStart(7)}`);
  for (const b of r.calibration) console.log(`  ${b.band.padEnd(9)} ${String(b.trades).padStart(12)} ${pct(b.avgPrice).padStart(10)} ${pct(b.avgAsk).padStart(8)} ${pct(b.winRate).padStart(7)}`);
  console.log(`\nVerdict (${r.edge}): ${r.verdict}`);
}
