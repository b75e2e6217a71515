// `npm run backtest [-- --markets 1500 --days 10 --seed 3 --start 2026-11-01]`: the rules selector against
// "buy every candidate" over the local exchange's generated markets, fees included.
import { parseArgs } from 'node:util';
import { usd } from '../money.ts';
import { runBacktest } from './backtest.ts';

const { values } = parseArgs({ options: { markets: { type: 'string', default: '1500' }, days: { type: 'string', default: '10' }, seed: { type: 'string', default: '3' }, start: { type: 'string' } } });
const started = performance.now();
const startMs = values.start === undefined ? undefined : Date.parse(values.start);
if (startMs !== undefined && !Number.isFinite(startMs)) throw new Error(`--start must be a date (e.g. 2026-11-01), got ${values.start}`);
const r = await runBacktest({ markets: Number(values.markets), days: Number(values.days), seed: Number(values.seed), startMs });
const row = (name: string, s: Awaited<ReturnType<typeof runBacktest>>['strategy']) =>
  [
    name.padEnd(26),
    String(s.stats.closed).padStart(6),
    (s.stats.winRate === null ? '—' : `${(s.stats.winRate * 100).toFixed(1)}%`).padStart(8),
    usd(s.stats.pnlMicros).padStart(11),
    (s.stats.roi === null ? '—' : `${s.stats.roi.toFixed(2)}%`).padStart(9),
    usd(s.drawdownMicros).padStart(11),
    usd(s.fees).padStart(9),
    String(s.stopped).padStart(6),
    (s.calibration.brierScore === null ? '—' : s.calibration.brierScore.toFixed(4)).padStart(7),
  ].join(' ');
console.log(`Backtest: ${values.markets} markets, ${r.scans} daily scans, ${r.candidatesSeen} candidates, ${r.stopChecks} stop-loss runs (paper fills at our limit, exact Kalshi fees)`);
console.log(['strategy'.padEnd(26), 'trades', 'win rate', 'P&L', 'ROI', 'max DD', 'fees', 'stops', 'Brier'].map((h, i) => (i === 0 ? h : h.padStart([6, 8, 11, 9, 11, 9, 6, 7][i - 1]!))).join(' '));
console.log(row('rules selector + limits', r.strategy));
console.log(row('  same, no stop-loss', r.heldToSettlement));
console.log(row('buy every candidate ($20)', r.baseline));
console.log('Calibration of the rules selector (stated confidence vs outcome):');
for (const b of r.strategy.calibration.buckets.filter((x) => x.trades > 0)) console.log(`  ${b.bucket.padEnd(10)} ${b.trades} trades, win rate ${((b.winRate ?? 0) * 100).toFixed(1)}%`);
console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
