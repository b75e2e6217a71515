// The statistics of a backtest, pure: a strategy's figures with the 95% interval of its return
// per dollar staked (bootstrapped by event: markets of one event resolve together, so resampling
// single trades would overstate the evidence), the calibration table, and the verdict in words.
import { maxDrawdownMicros } from '../reports/metrics.ts';
import type { BacktestCalibrationBand, BacktestReport, BacktestStrategy } from './report.ts';

export interface SettledBet {
  eventTicker: string;
  /** Cost plus entry fees, micro-dollars. */
  stakedMicros: bigint;
  pnlMicros: bigint;
  feesMicros: bigint;
  won: boolean;
  stopped: boolean;
  /** Settlement (or last sale) time: the order drawdown is measured in. */
  closedMs: number;
}

export const BOOTSTRAP_RESAMPLES = 2000;

/** A seeded generator (mulberry32): the same bets give the same interval. */
export function seededRandom(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 95% percentile interval of Σpnl ÷ Σstaked, resampling whole events with replacement. Null with
 * fewer than two events: one event is one outcome, whatever its number of trades.
 */
export function bootstrapReturnByEvent(bets: readonly SettledBet[], seed: number, resamples = BOOTSTRAP_RESAMPLES): [number, number] | null {
  const byEvent = new Map<string, { staked: number; pnl: number }>();
  for (const b of bets) {
    const e = byEvent.get(b.eventTicker) ?? { staked: 0, pnl: 0 };
    e.staked += Number(b.stakedMicros);
    e.pnl += Number(b.pnlMicros);
    byEvent.set(b.eventTicker, e);
  }
  const events = [...byEvent.values()];
  if (events.length < 2) return null;
  const random = seededRandom(seed);
  const returns: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let staked = 0;
    let pnl = 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[Math.floor(random() * events.length)]!;
      staked += e.staked;
      pnl += e.pnl;
    }
    returns.push(staked > 0 ? pnl / staked : 0);
  }
  returns.sort((a, b) => a - b);
  const at = (q: number) => returns[Math.min(returns.length - 1, Math.max(0, Math.round(q * (returns.length - 1))))]!;
  return [round6(at(0.025)), round6(at(0.975))];
}

export function summarize(name: string, bets: readonly SettledBet[], seed: number): BacktestStrategy {
  const ordered = [...bets].sort((a, b) => a.closedMs - b.closedMs);
  const staked = ordered.reduce((a, b) => a + b.stakedMicros, 0n);
  const pnl = ordered.reduce((a, b) => a + b.pnlMicros, 0n);
  const wins = ordered.filter((b) => b.won).length;
  return {
    name,
    trades: ordered.length,
    events: new Set(ordered.map((b) => b.eventTicker)).size,
    winRate: ordered.length ? round6(wins / ordered.length) : null,
    staked: dollars(staked),
    pnl: dollars(pnl),
    roi: staked > 0n ? round6(Number(pnl) / Number(staked)) : null,
    maxDrawdown: dollars(maxDrawdownMicros(ordered.map((b) => b.pnlMicros))),
    fees: dollars(ordered.reduce((a, b) => a + b.feesMicros, 0n)),
    stopped: ordered.filter((b) => b.stopped).length,
    ci95: bootstrapReturnByEvent(ordered, seed),
  };
}

/** Bands of the favoured side's price (its bid–ask midpoint). */
export const CALIBRATION_BANDS: readonly { label: string; lo: number; hi: number }[] = [
  { label: '50–60¢', lo: 0.5, hi: 0.6 },
  { label: '60–70¢', lo: 0.6, hi: 0.7 },
  { label: '70–80¢', lo: 0.7, hi: 0.8 },
  { label: '80–90¢', lo: 0.8, hi: 0.9 },
  { label: '90–95¢', lo: 0.9, hi: 0.95 },
  { label: '95–100¢', lo: 0.95, hi: 1.0001 },
];

export interface PriceObservation {
  /** Midpoint and ask of the side observed (0–1). */
  mid: number;
  ask: number;
  won: boolean;
}

export function calibrationTable(observations: readonly PriceObservation[]): BacktestCalibrationBand[] {
  const mean = (xs: readonly PriceObservation[], f: (o: PriceObservation) => number) => round6(xs.reduce((a, o) => a + f(o), 0) / xs.length);
  return CALIBRATION_BANDS.map((b) => ({ b, inBand: observations.filter((o) => o.mid >= b.lo && o.mid < b.hi) }))
    .filter(({ inBand }) => inBand.length > 0)
    .map(({ b, inBand }) => ({
      band: b.label,
      trades: inBand.length,
      avgPrice: mean(inBand, (o) => o.mid),
      avgAsk: mean(inBand, (o) => o.ask),
      winRate: mean(inBand, (o) => (o.won ? 1 : 0)),
    }));
}

const pct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}%`;

export function describeReturn(s: BacktestStrategy): string {
  if (s.trades === 0 || s.roi === null) return `${s.name}: no trades`;
  const ci = s.ci95 ? ` (95% interval ${pct(s.ci95[0])} to ${pct(s.ci95[1])})` : ' (too few events for an interval)';
  return `${s.name}: ${pct(s.roi)} per dollar staked over ${s.trades} trades in ${s.events} events${ci}`;
}

/**
 * Fewer events than this cannot demonstrate an edge whatever the interval: a strategy that wins
 * 90% of the time often has no loss at all in a handful of events, and a bootstrap of no losses
 * cannot show one.
 */
export const MIN_EVENTS_FOR_EDGE = 30;

/** The verdict on `main`: demonstrated only when its whole interval is above zero, over enough events. */
export function verdictOf(main: BacktestStrategy, others: readonly BacktestStrategy[], source: string): Pick<BacktestReport, 'verdict' | 'edge'> {
  const few = main.events < MIN_EVENTS_FOR_EDGE;
  const edge: BacktestReport['edge'] = main.ci95 === null ? 'not demonstrated' : main.ci95[1] < 0 ? 'negative' : main.ci95[0] > 0 && !few ? 'demonstrated' : 'not demonstrated';
  const head =
    edge === 'demonstrated'
      ? 'Edge demonstrated'
      : edge === 'negative'
        ? 'The strategy lost money: edge not demonstrated'
        : few
          ? `Edge not demonstrated (fewer than ${MIN_EVENTS_FOR_EDGE} events)`
          : 'Edge not demonstrated';
  const rest = others.map(describeReturn).join('; ');
  return { edge, verdict: `${head}. ${describeReturn(main)}, on ${source}.${rest ? ` Beside it: ${rest}.` : ''}` };
}

function dollars(micros: bigint): number {
  return Number(micros) / 1e6;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
