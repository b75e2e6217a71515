// The latest backtest's verdict as the product words it (dashboard, morning report, live switch):
// one sentence on the edge, then the main strategy's numbers. The API serves this text, so the
// web app and the emails say the same thing. Pure: no I/O.
import { easternDate } from '../state.ts';
import { numberToMicros, usd } from '../money.ts';
import { MIN_EVENTS_FOR_EDGE } from './evidence.ts';
import type { BacktestReport } from './report.ts';

export type Edge = BacktestReport['edge'];

export const NO_BACKTEST_VERDICT =
  'No backtest yet: edge not demonstrated. Run `npm run backtest` to measure the strategy on collected Kalshi history.';

const HEADLINES: Record<Edge, string> = {
  demonstrated: 'Edge demonstrated: the 95% interval of the return per dollar staked is above zero.',
  'not demonstrated': 'Edge not demonstrated: the 95% interval of the return per dollar staked includes zero.',
  negative: 'Negative edge: the 95% interval of the return per dollar staked is below zero, so the strategy loses money.',
};

/** The strategy the verdict is about: the backtest lists it first. */
export function mainStrategy(report: BacktestReport) {
  return report.strategies[0] ?? null;
}

/**
 * The edge the product states, read from the main strategy's interval so it can never say
 * "demonstrated" while the interval includes zero; "demonstrated" also needs the run itself to
 * say so (it may ask more than the interval, e.g. enough trades).
 */
export function edgeOf(report: BacktestReport | null): Edge {
  const ci = report ? mainStrategy(report)?.ci95 : null;
  if (!report || !ci) return 'not demonstrated';
  if (ci[1] < 0) return 'negative';
  if (ci[0] > 0 && report.edge === 'demonstrated') return 'demonstrated';
  return 'not demonstrated';
}

const percent = (share: number) => {
  const text = (share * 100).toFixed(1);
  return `${share > 0 && text !== '0.0' ? '+' : ''}${text === '-0.0' ? '0.0' : text}%`;
};

const SOURCES: Record<BacktestReport['source']['kind'], string> = {
  history: 'collected Kalshi history',
  exchange: 'the local exchange (synthetic markets, not Kalshi data)',
};

/** "2026-12-07" in US Eastern, like every date the trader reports; anything unparseable as it came. */
function day(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : easternDate(d);
}

/** The numbers behind the verdict: the main strategy's trades, win rate, ROI with its interval and P&L, the data and the date. */
export function verdictNumbers(report: BacktestReport): string {
  const s = mainStrategy(report);
  const src = report.source;
  const span = src.from && src.to ? `, ${day(src.from)} to ${day(src.to)}` : '';
  const data = `${src.settledMarkets.toLocaleString('en-US')} settled markets of ${SOURCES[src.kind]}${span}`;
  const when = `backtest run ${day(report.createdAt)}`;
  if (!s) return `No strategy results, on ${data}; ${when}.`;
  const ci = s.ci95 ? ` (95% interval ${percent(s.ci95[0])} to ${percent(s.ci95[1])})` : ' (no interval: fewer than 2 events)';
  const results =
    s.trades === 0
      ? 'no trades'
      : `${s.trades.toLocaleString('en-US')} trades, win rate ${s.winRate === null ? '—' : `${(s.winRate * 100).toFixed(1)}%`}, ROI ${s.roi === null ? '—' : percent(s.roi)}${ci}, P&L ${usd(numberToMicros(s.pnl))}`;
  return `Main strategy (${s.name}): ${results}, on ${data}; ${when}.`;
}

/**
 * The verdict in plain words with its numbers: one headline from the main strategy's interval,
 * then the numbers behind it (the card and the report list the other strategies).
 */
export function backtestVerdict(report: BacktestReport | null): string {
  if (!report) return NO_BACKTEST_VERDICT;
  const edge = edgeOf(report);
  const ci = mainStrategy(report)?.ci95 ?? null;
  const headline =
    edge !== 'not demonstrated'
      ? HEADLINES[edge]
      : ci === null
        ? 'Edge not demonstrated: there is no interval (fewer than 2 events).'
        : ci[0] > 0
          ? `Edge not demonstrated: the 95% interval is above zero, but over fewer than ${MIN_EVENTS_FOR_EDGE} events, too few to count.`
          : HEADLINES[edge];
  return `${headline} ${verdictNumbers(report)}`;
}
