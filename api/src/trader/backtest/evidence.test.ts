import { describe, expect, it } from 'vitest';
import { bootstrapReturnByEvent, calibrationTable, MIN_EVENTS_FOR_EDGE, type SettledBet, summarize, verdictOf } from './evidence.ts';

const bet = (eventTicker: string, pnlDollars: number, stakeDollars = 10, closedMs = 0): SettledBet => ({
  eventTicker,
  stakedMicros: BigInt(stakeDollars * 1e6),
  pnlMicros: BigInt(Math.round(pnlDollars * 1e6)),
  feesMicros: 100_000n,
  won: pnlDollars > 0,
  stopped: false,
  closedMs,
});

describe('bootstrap by event', () => {
  it('is deterministic for a seed, brackets the point estimate, and needs two events', () => {
    const bets = Array.from({ length: 60 }, (_, i) => bet(`E${i}`, i % 10 === 0 ? -9 : 1.2));
    const a = bootstrapReturnByEvent(bets, 7)!;
    expect(bootstrapReturnByEvent(bets, 7)).toEqual(a);
    const point = bets.reduce((s, b) => s + Number(b.pnlMicros), 0) / bets.reduce((s, b) => s + Number(b.stakedMicros), 0);
    expect(a[0]).toBeLessThan(point);
    expect(a[1]).toBeGreaterThan(point);
    expect(bootstrapReturnByEvent([bet('E', 1), bet('E', -1)], 1)).toBeNull();
  });

  it('resamples whole events: trades of one event move together, so the interval is wider than if they were independent', () => {
    // 20 events of 10 trades each, every trade of an event with the same outcome
    const clustered = Array.from({ length: 200 }, (_, i) => bet(`E${Math.floor(i / 10)}`, Math.floor(i / 10) % 4 === 0 ? -9 : 3));
    const independent = clustered.map((b, i) => ({ ...b, eventTicker: `T${i}` }));
    const w = (ci: [number, number] | null) => ci![1] - ci![0];
    expect(w(bootstrapReturnByEvent(clustered, 3))).toBeGreaterThan(2 * w(bootstrapReturnByEvent(independent, 3)));
  });
});

describe('summary and verdict', () => {
  it('sums P&L, stake and fees; drawdown in settlement order; win rate over trades', () => {
    const s = summarize('x', [bet('A', 2, 10, 3), bet('B', -10, 10, 1), bet('C', 1, 10, 2)], 1);
    expect(s).toMatchObject({ name: 'x', trades: 3, events: 3, staked: 30, pnl: -7, fees: 0.3, stopped: 0 });
    expect(s.winRate).toBeCloseTo(2 / 3, 5);
    expect(s.roi).toBeCloseTo(-7 / 30, 5);
    expect(s.maxDrawdown).toBe(10);
  });

  const strategy = (ci: [number, number] | null, events = 100) => ({ name: 'rules selector', trades: events, events, winRate: 0.9, staked: 1000, pnl: 10, roi: 0.01, maxDrawdown: 5, fees: 3, stopped: 0, ci95: ci });

  it('says "not demonstrated" whenever the interval includes zero, "negative" below it, "demonstrated" above it over enough events', () => {
    expect(verdictOf(strategy([-0.02, 0.03]), [], 'src')).toMatchObject({ edge: 'not demonstrated' });
    expect(verdictOf(strategy([-0.02, 0.03]), [], 'src').verdict).toMatch(/^Edge not demonstrated\. rules selector: \+1\.0% per dollar staked over 100 trades in 100 events \(95% interval −2\.0% to \+3\.0%\), on src\./);
    expect(verdictOf(strategy([-0.05, -0.01]), [], 'src')).toMatchObject({ edge: 'negative' });
    expect(verdictOf(strategy([-0.05, -0.01]), [], 'src').verdict).toContain('edge not demonstrated');
    expect(verdictOf(strategy([0.01, 0.05]), [], 'src')).toMatchObject({ edge: 'demonstrated' });
    expect(verdictOf(strategy(null), [], 'src')).toMatchObject({ edge: 'not demonstrated' });
    const few = verdictOf(strategy([0.01, 0.05], MIN_EVENTS_FOR_EDGE - 1), [], 'src');
    expect(few.edge).toBe('not demonstrated');
    expect(few.verdict).toContain(`fewer than ${MIN_EVENTS_FOR_EDGE} events`);
  });
});

describe('calibration table', () => {
  it('bands by the favoured side midpoint, with the average midpoint, ask and win rate', () => {
    const t = calibrationTable([
      { mid: 0.91, ask: 0.92, won: true },
      { mid: 0.93, ask: 0.94, won: false },
      { mid: 0.55, ask: 0.57, won: true },
    ]);
    expect(t).toEqual([
      { band: '50–60¢', trades: 1, avgPrice: 0.55, avgAsk: 0.57, winRate: 1 },
      { band: '90–95¢', trades: 2, avgPrice: 0.92, avgAsk: 0.93, winRate: 0.5 },
    ]);
  });
});
