// The backtest's replay on a hand-built world, where every figure can be worked out: what the
// scan buys and at what price, when the stop-loss sells, the budget per Eastern day, one position
// per ticker, the breakers and their resume, and the P&L of each strategy as the sum of its bets.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Bet, type ClaudeAnswers, runBacktest } from '../../src/trader/backtest/backtest.ts';
import { claudeAnswers } from '../../src/trader/backtest/claude-answers.ts';
import { type CandleQuote, memoryWorld, type SettledMarket } from '../../src/trader/backtest/world.ts';
import { DEFAULT_FEE_SCHEDULE, orderFeeMicros } from '../../src/trader/fees.ts';
import { DEFAULT_TRADER_PARAMS, type TraderParams } from '../../src/trader/settings.ts';
import { startFakeAnthropic } from '../support/fakes/anthropic.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 8 am US Eastern (EST, UTC−5) on 2026-11-10: the first daily scan. */
const SCAN = Date.parse('2026-11-10T13:00:00Z');

interface Spec {
  ticker: string;
  event?: string;
  closeMs: number;
  result: 'yes' | 'no';
  /** [from ms, yes bid ¢, yes ask ¢]: the quote from that hour on. */
  quotes: [number, number, number][];
}

function world(specs: Spec[]) {
  const markets: SettledMarket[] = [];
  const candles = new Map<string, CandleQuote[]>();
  for (const s of specs) {
    const openMs = SCAN - 2 * HOUR; // the first scan to see it is SCAN
    markets.push({ ticker: s.ticker, eventTicker: s.event ?? `EV-${s.ticker}`, seriesTicker: 'SER', category: 'Test', title: s.ticker, openMs, closeMs: s.closeMs, result: s.result, fee: DEFAULT_FEE_SCHEDULE, feeKnown: true });
    const rows: CandleQuote[] = [];
    for (let t = openMs + HOUR; t <= s.closeMs; t += HOUR) {
      const q = [...s.quotes].reverse().find(([from]) => from <= t);
      if (q) rows.push({ endMs: t, yesBidMicros: q[1] * 10_000, yesAskMicros: q[2] * 10_000 });
    }
    candles.set(s.ticker, rows);
  }
  return memoryWorld({ kind: 'history', description: 'hand-built', markets, candles });
}

const run = (specs: Spec[], params: Partial<TraderParams> = {}, extra: { toMs?: number; resumeAfterDays?: number; claude?: ClaudeAnswers } = {}) =>
  runBacktest({ world: world(specs), params: { ...DEFAULT_TRADER_PARAMS, ...params }, bankrollMicros: 1_000_000_000n, resumeAfterDays: extra.resumeAfterDays ?? 1, seed: 1, toMs: extra.toMs, claude: extra.claude });

/** P&L of a bet from its fills: held contracts pay $1 if they won, sales count as sold. */
function pnlOf(b: Bet, withStops: boolean): bigint {
  const won = b.result === (b.side === 'YES' ? 'yes' : 'no');
  const held = withStops ? b.heldCenti : b.contracts;
  const exit = withStops ? b.exitProceedsMicros - b.exitFeeMicros : 0n;
  return (won ? held * 10_000n : 0n) + exit - b.costMicros - b.feeMicros;
}
const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
const dollars = (m: bigint) => Number(m) / 1e6;

describe('backtest replay', () => {
  const base: Spec[] = [
    // Bought at the 8 am scan at the 86¢ ask; the bid falls to 75¢ at 10 am ET: the stop sells; it wins anyway.
    { ticker: 'A', closeMs: SCAN + 20 * HOUR, result: 'yes', quotes: [[0, 85, 86], [SCAN + 2 * HOUR, 75, 77], [SCAN + 6 * HOUR, 90, 92]] },
    // Bought at 87¢; stays there and loses at settlement.
    { ticker: 'C', closeMs: SCAN + 30 * HOUR, result: 'no', quotes: [[0, 86, 87]] },
    // YES at 1–2¢: NO costs 99¢, risking 99¢ to win 1¢: the rules refuse it, "buy every candidate" takes it.
    { ticker: 'B', closeMs: SCAN + 10 * HOUR, result: 'no', quotes: [[0, 1, 2]] },
    // 60¢: not a candidate.
    { ticker: 'D', closeMs: SCAN + 10 * HOUR, result: 'yes', quotes: [[0, 59, 61]] },
    // Closes in 3 days: outside the 2-day window at the first scan, inside it the next day.
    { ticker: 'E', closeMs: SCAN + 3 * DAY - HOUR, result: 'yes', quotes: [[0, 86, 87]] },
  ];

  it('buys at the ask what the scanner and limits pass, sells at the bid on the stop-loss, and settles the rest', async () => {
    const r = await run(base);
    const first = r.rules.filter((b) => b.enteredMs === SCAN);
    expect(first.map((b) => [b.ticker, b.side, b.entryPriceMicros])).toEqual([
      ['A', 'YES', 860_000n],
      ['C', 'YES', 870_000n],
    ]);
    // $50 each (the maximum position), the day's $100 budget spent
    for (const b of first) expect(dollars(b.costMicros + b.feeMicros)).toBeLessThanOrEqual(50);
    expect(dollars(sum(first.map((b) => b.costMicros + b.feeMicros)))).toBeGreaterThan(90);
    // the fee is Kalshi's for the fill at the ask
    for (const b of first) expect(b.feeMicros).toBe(orderFeeMicros(DEFAULT_FEE_SCHEDULE, [{ priceMicros: b.entryPriceMicros, countCenti: b.contracts }]));

    const a = first.find((b) => b.ticker === 'A')!;
    expect(a.stopTriggeredMs).toBe(SCAN + 2 * HOUR);
    expect(a.heldCenti).toBe(0n);
    expect(a.exitProceedsMicros).toBe((a.contracts * 750_000n) / 100n);
    expect(a.exitFeeMicros).toBe(orderFeeMicros(DEFAULT_FEE_SCHEDULE, [{ priceMicros: 750_000n, countCenti: a.contracts }]));
    const c = first.find((b) => b.ticker === 'C')!;
    expect(c.stopTriggeredMs).toBeNull();

    // E the next day (a new Eastern day, a new budget); never B, D or a second A/C
    expect(r.rules.filter((b) => b.enteredMs === SCAN + DAY).map((b) => b.ticker)).toEqual(['E']);
    expect(r.rules).toHaveLength(3);
    expect(r.every.map((b) => b.ticker).sort()).toEqual(['A', 'B', 'C', 'E']);
    expect(r.every.find((b) => b.ticker === 'B')).toMatchObject({ side: 'NO', entryPriceMicros: 990_000n });

    const [rulesStop, rulesHeld, everyHeld, everyStop] = r.report.strategies;
    expect(rulesStop!.name).toBe('rules selector');
    expect(rulesStop!.pnl).toBeCloseTo(dollars(sum(r.rules.map((b) => pnlOf(b, true)))), 6);
    expect(rulesHeld!.pnl).toBeCloseTo(dollars(sum(r.rules.map((b) => pnlOf(b, false)))), 6);
    expect(everyHeld!.pnl).toBeCloseTo(dollars(sum(r.every.map((b) => pnlOf(b, false)))), 6);
    expect(everyStop!.pnl).toBeCloseTo(dollars(sum(r.every.map((b) => pnlOf(b, true)))), 6);
    // A lost money when stopped and won when held: the stop-loss cost it the difference
    expect(rulesStop).toMatchObject({ trades: 3, events: 3, stopped: 1 });
    expect(rulesHeld).toMatchObject({ trades: 3, stopped: 0 });
    expect(rulesHeld!.winRate).toBeCloseTo(2 / 3, 5);
    expect(rulesStop!.winRate).toBeCloseTo(1 / 3, 5);
    expect(rulesStop!.fees).toBeCloseTo(dollars(sum(r.rules.map((b) => b.feeMicros + b.exitFeeMicros))), 6);
    // Too few events for an interval to demonstrate anything
    expect(r.report.edge).toBe('not demonstrated');
    expect(r.report.verdict).toMatch(/^Edge not demonstrated/);
  });

  it('holds one position per ticker: a market in the window at two scans is bought once', async () => {
    const r = await run([{ ticker: 'LONG', closeMs: SCAN + DAY + 20 * HOUR, result: 'yes', quotes: [[0, 85, 86]] }]);
    expect(r.rules.map((b) => b.ticker)).toEqual(['LONG']);
    expect(r.every.map((b) => b.ticker)).toEqual(['LONG']);
    const adding = await run([{ ticker: 'LONG', closeMs: SCAN + DAY + 20 * HOUR, result: 'yes', quotes: [[0, 85, 86]] }], { allowAddingToPositions: true });
    expect(adding.rules.map((b) => b.enteredMs)).toEqual([SCAN, SCAN + DAY]);
  });

  it('spends at most the daily budget per Eastern day', async () => {
    const r = await run(base, { dailyBudgetMicros: 60_000_000n });
    expect(r.rules.filter((b) => b.enteredMs === SCAN)).toHaveLength(1);
  });

  it('a tripped breaker pauses entries until it is resumed', async () => {
    // Three markets stopped on day one; with the limit at 1 stop-loss in 24 h the next scan is paused.
    const day = (t: string, close: number): Spec => ({ ticker: t, closeMs: close, result: 'yes', quotes: [[0, 85, 86], [SCAN + 2 * HOUR, 75, 77]] });
    const next = (t: string, offsetDays: number): Spec => ({ ticker: t, closeMs: SCAN + offsetDays * DAY + 10 * HOUR, result: 'yes', quotes: [[0, 85, 86]] });
    const specs = [day('S1', SCAN + 20 * HOUR), next('N1', 1), next('N2', 2), next('N3', 3)];
    const paused = await run(specs, { maxStopLosses24h: 1 }, { resumeAfterDays: 2 });
    expect(paused.pauses).toHaveLength(1);
    expect(paused.pauses[0]!.pausedMs).toBe(SCAN + DAY);
    expect(paused.pauses[0]!.reason).toContain('stop-losses in 24 hours');
    // S1 and N1 bought on day 0; paused at day 1, resumed at day 3: N2 (in the window on days 1–2 only) is missed
    expect(paused.rules.map((b) => b.ticker).sort()).toEqual(['N1', 'N3', 'S1']);
    const free = await run(specs, {}, { resumeAfterDays: 2 });
    expect(free.pauses).toHaveLength(0);
    expect(free.rules.map((b) => b.ticker).sort()).toEqual(['N1', 'N2', 'N3', 'S1']);
  });

  it('never sells with a stop of zero, and then the stop-loss strategy equals holding to settlement', async () => {
    const r = await run(base, { stopLossMicros: 0n, stopLossFloorMicros: 0n });
    expect(r.rules.every((b) => b.stopTriggeredMs === null)).toBe(true);
    const [withStops, held] = r.report.strategies;
    expect({ ...withStops, name: '' }).toEqual({ ...held, name: '' });
  });

  it('prints and stores every setting it used', async () => {
    const r = await run(base);
    for (const key of ['source', 'schedule', 'fills', 'dailyBudget', 'minDepth', 'stopLoss', 'breakers', 'bankroll', 'bootstrap']) expect(r.report.settings[key], key).toBeTruthy();
    expect(r.report.settings.minDepth).toContain('not checkable');
    expect(r.report.settings.dailyBudget).toBe('$100.00');
  });

  it('replays Claude through the daily scan\'s prompt and the hard limits, records its answers, and replays the recording without asking again', async () => {
    const fake = await startFakeAnthropic();
    const dir = await mkdtemp(join(tmpdir(), 'claude-answers-'));
    try {
      const pick = { ticker: 'C', side: 'YES', allocation: 40, probability: 0.95, confidence: 0.8, reasoning: 'steady favourite', risk_factors: ['late news'] };
      // The second pick breaks the hard limits (a NO on a YES market): refused, whatever Claude says.
      fake.reply({ kind: 'tool', input: { selected_contracts: [pick, { ...pick, ticker: 'A', side: 'NO' }], total_allocated: 80, strategy_notes: 'n' } });
      const file = join(dir, 'answers.jsonl');
      const asked = await claudeAnswers({ file, apiKey: 'sk-ant-test', baseUrl: fake.baseUrl, model: 'claude-test', timeoutMs: 5_000 });
      const r = await run(base, {}, { claude: asked });
      expect(r.claude!.map((b) => [b.ticker, b.enteredMs, b.confidence])).toEqual([['C', SCAN, 0.8]]);
      expect(r.report.strategies.map((x) => x.name)).toEqual([
        'Claude selector', 'Claude selector, held to settlement', 'rules selector', 'rules selector, held to settlement', 'buy every candidate, held to settlement', 'buy every candidate, with the stop-loss',
      ]);
      expect(r.report.verdict).toContain('Claude selector:');
      // the rules book is kept separately: its own entries, budget and breakers
      expect(r.rules.map((b) => b.ticker).sort()).toEqual(['A', 'C', 'E']);
      const prompt = JSON.stringify(fake.requests[0]!.body);
      expect(prompt).toContain(String.raw`\"ticker\":\"A\"`);
      expect(prompt).toContain('unknown (historical quotes carry no depth)');
      expect(asked.asked).toBe(fake.requests.length);
      expect(r.claudeFailures).toBe(0);
      expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(asked.asked);

      // no key: the recording answers every scan, nothing is asked, the replay is the same
      const before = fake.requests.length;
      const replayed = await claudeAnswers({ file, model: 'claude-test', timeoutMs: 5_000 });
      const again = await run(base, {}, { claude: replayed });
      expect(fake.requests.length).toBe(before);
      expect(replayed.replayed).toBe(asked.asked);
      expect(again.claude).toEqual(r.claude);

      // a failed call is no trade, counted
      fake.reply({ kind: 'error', status: 500 });
      const failing = await run(base, {}, { claude: await claudeAnswers({ file: null, apiKey: 'sk-ant-test', baseUrl: fake.baseUrl, model: 'claude-test', timeoutMs: 5_000 }) });
      expect(failing.claude).toEqual([]);
      expect(failing.claudeFailures).toBeGreaterThan(0);
    } finally {
      await fake.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
