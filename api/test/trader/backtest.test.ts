// The backtest replays the real scanner, selector, limits, paper fills and stop-loss rule over the
// local exchange's generated markets. These check the replay's own bookkeeping: when a stop-loss
// fires, what it sells, and that every P&L figure is the sum of its bets.
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/trader/backtest/backtest.ts';

const START = Date.parse('2026-11-02T00:00:00Z');
const HOUR = 3_600_000;
const DOLLAR = 1_000_000n;
type Result = Awaited<ReturnType<typeof runBacktest>>;

/** A bet's P&L recomputed from its fills: held contracts pay $1 if they won, sales count as sold. */
function pnlOf(b: Result['bets'][number], withStops: boolean): bigint {
  const won = b.result === (b.side === 'YES' ? 'yes' : 'no');
  const stopped = withStops && b.stoppedAt !== null;
  const held = stopped ? b.heldCenti : b.contracts;
  return (won ? (held * DOLLAR) / 100n : 0n) + (stopped ? b.exitProceedsMicros - b.exitFeeMicros : 0n) - b.costMicros - b.feeMicros;
}

const settled = (r: Result) => r.bets.filter((b) => b.result === 'yes' || b.result === 'no');
const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);

describe('backtest', () => {
  it('runs the stop-loss every two hours while a position is open, and its P&L is the sum of its bets', async () => {
    const r = await runBacktest({ markets: 1500, days: 6, seed: 3, startMs: START });
    console.log(`backtest: ${r.bets.length} bets, ${r.strategy.stopped} stopped, ${r.stopChecks} stop-loss runs; P&L ${r.strategy.stats.pnlMicros} vs held ${r.heldToSettlement.stats.pnlMicros}`);
    expect(r.bets.length).toBeGreaterThan(3);
    expect(r.stopChecks).toBeGreaterThan(0);
    for (const b of r.bets) {
      expect(b.heldCenti >= 0n && b.heldCenti <= b.contracts).toBe(true);
      if (b.stoppedAt === null) {
        expect(b.heldCenti).toBe(b.contracts);
        expect(b.exitProceedsMicros).toBe(0n);
        continue;
      }
      // Fired on the job's cadence, while the market was still open.
      expect((b.stoppedAt.getTime() - b.enteredAt.getTime()) % (2 * HOUR)).toBe(0);
      expect(b.stoppedAt.getTime()).toBeGreaterThan(b.enteredAt.getTime());
      expect(b.stoppedAt.getTime()).toBeLessThan(b.closeTime.getTime());
      // A sale is at most $1 a contract, never more than was held.
      expect(b.exitProceedsMicros).toBeLessThanOrEqual(((b.contracts - b.heldCenti) * DOLLAR) / 100n);
    }
    expect(r.strategy.stats.pnlMicros).toBe(sum(settled(r).map((b) => pnlOf(b, true))));
    expect(r.heldToSettlement.stats.pnlMicros).toBe(sum(settled(r).map((b) => pnlOf(b, false))));
    expect(r.strategy.stopped).toBe(settled(r).filter((b) => b.stoppedAt !== null).length);
    // Bets that closed before the last scan were in the selector's own history by then.
    expect(r.historyAtLastScan).toBeGreaterThan(0);
    expect(r.historyAtLastScan).toBe(settled(r).filter((b) => b.closeTime.getTime() <= r.lastScanMs).length);
  }, 120_000);

  it('never sells with a threshold of zero: the same as holding to settlement', async () => {
    const r = await runBacktest({ markets: 1500, days: 3, seed: 3, startMs: START, params: { stopLossMicros: 0n } });
    expect(r.bets.length).toBeGreaterThan(0);
    expect(r.bets.every((b) => b.stoppedAt === null)).toBe(true);
    expect(r.strategy.stats).toEqual(r.heldToSettlement.stats);
  }, 120_000);

  it('sells every open position at the first run when the threshold is above every bid', async () => {
    const r = await runBacktest({ markets: 1500, days: 3, seed: 3, startMs: START, params: { stopLossMicros: DOLLAR } });
    const checkable = r.bets.filter((b) => b.closeTime.getTime() > b.enteredAt.getTime() + 2 * HOUR);
    expect(checkable.length).toBeGreaterThan(0);
    for (const b of checkable) expect(b.stoppedAt?.getTime()).toBe(b.enteredAt.getTime() + 2 * HOUR);
    // Something was actually sold, at a positive price, with its fee.
    const sold = checkable.filter((b) => b.heldCenti < b.contracts);
    expect(sold.length).toBeGreaterThan(0);
    for (const b of sold) expect(b.exitProceedsMicros > 0n && b.exitFeeMicros >= 0n).toBe(true);
  }, 120_000);
});
