// Unit tests for the pure parts of `npm run eval:monitor` (api/eval/metrics.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BURST_MIN_ORDERS,
  EVAL_DEFAULTS,
  type InjectedScenario,
  type MarketActivity,
  SCENARIO_TYPES,
  binomialCdf,
  binomialInterval,
  buildReport,
  easternHourOf,
  falseAlertRate,
  falseAlertsByRule,
  logUniform,
  matchFlags,
  median,
  mulberry32,
  poissonCdf,
  poissonUpper,
  reportJson,
  sampleScenario,
  splitTape,
  terciles,
} from '../../eval/metrics.ts';

const market = (o: Partial<MarketActivity> = {}): MarketActivity => ({
  ticker: 'KXA-1', eventTicker: 'KXA', orders: 400, hours: 168, ordersPerHour: 2.4, p99: 120, medianSize: 8, depth: 600, mid: 0.4, closeMs: Date.parse('2027-01-01T00:00:00Z'), ...o,
});

describe('poissonUpper (exact one-sided 95 % bound)', () => {
  it('matches the chi-square table: 0.5·χ²(0.95; 2k+2)', () => {
    // 0.5 × chi-square 95th percentiles with 2, 4, 6, 12, 22 and 42 degrees of freedom
    const table: [number, number][] = [[0, 2.9957], [1, 4.7439], [2, 6.2958], [5, 10.5130], [10, 16.9622], [20, 29.0620]];
    for (const [k, upper] of table) expect(poissonUpper(k)).toBeCloseTo(upper, 3);
  });
  it('is the λ at which k or fewer events have 5 % probability', () => {
    for (const k of [0, 3, 17, 150]) expect(poissonCdf(k, poissonUpper(k))).toBeCloseTo(0.05, 6);
  });
  it('two-sided convention differs (0.975): k = 0 gives ln 40', () => {
    expect(poissonUpper(0, 0.975)).toBeCloseTo(Math.log(40), 6);
  });
  it('rejects nonsense', () => {
    expect(() => poissonUpper(-1)).toThrow();
    expect(() => poissonUpper(1.5)).toThrow();
    expect(() => poissonUpper(1, 1)).toThrow();
  });
  it('scales to a rate per 1,000 market-days', () => {
    const r = falseAlertRate(0, 2000);
    expect(r.falseAlertsPer1000).toBe(0);
    expect(r.upper95Per1000).toBeCloseTo(1.4979, 3);
    expect(falseAlertRate(4, 2500).falseAlertsPer1000).toBeCloseTo(1.6, 9);
  });
});

describe('binomialInterval (exact two-sided 95 % interval on a recall)', () => {
  it('matches published Clopper–Pearson values', () => {
    const table: [number, number, number, number][] = [[9, 12, 0.4281, 0.9451], [5, 10, 0.1871, 0.8129], [32, 40, 0.6435, 0.9095], [1, 20, 0.0013, 0.2487]];
    for (const [k, n, low, high] of table) {
      const ci = binomialInterval(k, n);
      expect(ci.low).toBeCloseTo(low, 3);
      expect(ci.high).toBeCloseTo(high, 3);
    }
  });
  it('leaves 2.5 % in each tail', () => {
    for (const [k, n] of [[3, 12], [10, 12], [41, 52]] as const) {
      const ci = binomialInterval(k, n);
      expect(1 - binomialCdf(k - 1, n, ci.low)).toBeCloseTo(0.025, 6);
      expect(binomialCdf(k, n, ci.high)).toBeCloseTo(0.025, 6);
    }
  });
  it('closes at 0 and 1 for none and all found: 0 of 12 reaches 1 − 0.025^(1/12)', () => {
    expect(binomialInterval(0, 12)).toEqual({ low: 0, high: expect.closeTo(1 - 0.025 ** (1 / 12), 6) });
    expect(binomialInterval(12, 12)).toEqual({ low: expect.closeTo(0.025 ** (1 / 12), 6), high: 1 });
  });
  it('is NaN for no scenarios and rejects nonsense', () => {
    expect(binomialInterval(0, 0).low).toBeNaN();
    expect(() => binomialInterval(5, 4)).toThrow();
    expect(() => binomialInterval(1.5, 4)).toThrow();
    expect(() => binomialInterval(1, 4, 1)).toThrow();
  });
});

describe('median and terciles', () => {
  it('median averages the middle pair', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
  it('terciles split by activity into equal thirds, deterministically', () => {
    const xs = Array.from({ length: 9 }, (_, i) => ({ k: `m${i}`, a: (i * 7) % 9 }));
    const t = terciles(xs, (x) => x.a, (x) => x.k);
    expect(t.get('quiet')!.map((x) => x.a)).toEqual([0, 1, 2]);
    expect(t.get('median')!.map((x) => x.a)).toEqual([3, 4, 5]);
    expect(t.get('busy')!.map((x) => x.a)).toEqual([6, 7, 8]);
  });
});

describe('scenario sizes relative to the market', () => {
  const draws = (type: (typeof SCENARIO_TYPES)[number], a: MarketActivity, n = 2000) => {
    const rnd = mulberry32(123);
    return Array.from({ length: n }, () => sampleScenario(type, a, rnd));
  };
  it('log-uniform stays in range and is uniform in log', () => {
    const rnd = mulberry32(1);
    const xs = Array.from({ length: 20_000 }, () => logUniform(rnd, 3, 50));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...xs)).toBeLessThanOrEqual(50);
    // the geometric midpoint splits the draws in half
    expect(xs.filter((x) => x < Math.sqrt(150)).length / xs.length).toBeCloseTo(0.5, 1);
  });
  it('whales are 3–50× the market p99, whatever the market', () => {
    for (const a of [market(), market({ p99: 2.5, depth: 20 }), market({ p99: 4000, depth: null })]) {
      for (const d of draws('whale_trade', a)) {
        const count = d.params.count as number;
        expect(count).toBeGreaterThanOrEqual(a.p99 * 3 - 0.01);
        expect(count).toBeLessThanOrEqual(a.p99 * 50 + 0.01);
        expect(d.params.impact as number).toBeGreaterThanOrEqual(0.01);
        expect(d.params.impact as number).toBeLessThanOrEqual(0.15);
      }
    }
  });
  it('split accumulation totals 3–50× p99 in pieces each below p99', () => {
    for (const a of [market(), market({ p99: 1 })]) {
      for (const d of draws('split_accumulation', a)) {
        const total = d.params.count as number;
        const pieces = d.params.pieces as number;
        expect(total).toBeGreaterThanOrEqual(a.p99 * 3 - pieces * 0.01);
        expect(total).toBeLessThanOrEqual(a.p99 * 50 + 0.01);
        // the exchange splits into floor(total/pieces) with the remainder on the last piece: none here
        expect(Math.round(total * 100) % pieces).toBe(0);
        expect(total / pieces).toBeLessThan(a.p99);
      }
    }
  });
  it('bursts are 3–20× the usual order rate over 2–6 minutes, at least BURST_MIN_ORDERS orders', () => {
    for (const a of [market({ ordersPerHour: 60 }), market({ ordersPerHour: 600 })]) {
      for (const d of draws('trade_burst', a)) {
        expect(d.relative).toBeGreaterThanOrEqual(3);
        expect(d.relative).toBeLessThanOrEqual(21);
        expect(d.params.duration_s as number).toBeLessThanOrEqual(360);
      }
    }
    for (const d of draws('trade_burst', market({ ordersPerHour: 0.1 }))) {
      expect(d.params.trades as number).toBe(BURST_MIN_ORDERS);
      expect(d.params.duration_s as number).toBeGreaterThanOrEqual(120);
      expect(d.params.duration_s as number).toBeLessThanOrEqual(360);
      expect(d.relative).toBeGreaterThan(20);
    }
  });
  it('jumps are 5–25¢ towards the side with room; drains take 30–90 % of depth', () => {
    for (const d of draws('price_jump', market({ mid: 0.9 }))) {
      expect(d.params.delta as number).toBeGreaterThanOrEqual(0.05);
      expect(d.params.delta as number).toBeLessThanOrEqual(0.25);
      if ((d.params.delta as number) > 0.05) expect(d.params.side).toBe('no');
    }
    for (const d of draws('liquidity_drain', market())) {
      expect(d.params.factor as number).toBeGreaterThanOrEqual(0.1 - 1e-9);
      expect(d.params.factor as number).toBeLessThanOrEqual(0.7 + 1e-9);
    }
  });
  it('correlated moves size each market from its own median and lead with one of them', () => {
    const ms = [market({ ticker: 'E-1', medianSize: 3 }), market({ ticker: 'E-2', medianSize: 40 })];
    const rnd = mulberry32(5);
    const d = sampleScenario('correlated_event_move', ms, rnd);
    expect(d.params.sizes).toEqual({ 'E-1': 3, 'E-2': 40 });
    expect(['E-1', 'E-2']).toContain(d.params.lead_ticker);
    expect(Math.abs(d.params.delta as number)).toBeGreaterThanOrEqual(0.05);
  });
  it('the same seed draws the same plan', () => {
    const a = sampleScenario('whale_trade', market(), mulberry32(9));
    const b = sampleScenario('whale_trade', market(), mulberry32(9));
    expect(a).toEqual(b);
  });
});

describe('matching alerts to scenarios and the report', () => {
  const T = Date.parse('2026-11-20T15:00:00Z');
  const min = 60_000;
  const sc = (id: string, type: InjectedScenario['type'], tickers: string[], start: number, durMin = 0): InjectedScenario => ({
    id, type, tickers, startMs: start, endMs: start + durMin * min, tercile: 'median',
  });
  const scenarios = [
    sc('w1', 'whale_trade', ['A'], T),
    sc('w2', 'whale_trade', ['B'], T),
    sc('d1', 'liquidity_drain', ['C'], T, 60),
    sc('c1', 'correlated_event_move', ['E1', 'E2', 'E3'], T),
  ];
  const alerts = [
    { ticker: 'A', ms: T + 5 * min }, // explains w1
    { ticker: 'A', ms: T + 31 * min }, // after w1's window: on a target, unexplained
    { ticker: 'B', ms: T - 5 * min }, // before w2 started: unexplained, w2 missed
    { ticker: 'C', ms: T + 85 * min }, // inside d1's window (60 min drain + 30)
    { ticker: 'E2', ms: T + 10 * min }, // a correlated move is found on any of its markets
    { ticker: 'Q1', ms: T }, // quiet market: a false alert
  ];
  const high = [{ ticker: 'A', ms: T + 5 * min }, { ticker: 'B', ms: T + 40 * min }];
  it('a scenario explains alerts on its markets from its start to window after its end', () => {
    const m = matchFlags(scenarios, alerts, high, 30 * min);
    expect(m.explainedBy).toEqual(['w1', null, null, 'd1', 'c1', null]);
    expect([...m.firstAlert.keys()].sort()).toEqual(['c1', 'd1', 'w1']);
    expect([...m.high]).toEqual(['w1']);
  });
  it('computes recall, precision, minutes to alert and the quiet rate', () => {
    const r = buildReport({ scenarios, alerts, highScores: high, windowMs: 30 * min, quietExposureDays: new Map([['Q1', 1500], ['Q2', 1000]]) });
    const whale = r.types.find((t) => t.type === 'whale_trade')!;
    expect(whale).toMatchObject({ n: 2, recallAlert: 0.5, recallHigh: 0.5, medianMinutesToAlert: 5 });
    expect(whale.precision).toBeCloseTo(1 / 3, 9); // 3 alerts on A and B, one explained by a whale
    expect(r.types.find((t) => t.type === 'liquidity_drain')).toMatchObject({ n: 1, recallAlert: 1, precision: 1, medianMinutesToAlert: 85 });
    expect(r.types.find((t) => t.type === 'correlated_event_move')).toMatchObject({ recallAlert: 1, medianMinutesToAlert: 10 });
    const jump = r.types.find((t) => t.type === 'price_jump')!;
    expect(jump.n).toBe(0);
    expect(jump.recallAlert).toBeNaN();
    expect(r.quiet).toMatchObject({ marketDays: 2500, falseAlerts: 1 });
    expect(r.quiet.falseAlertsPer1000).toBeCloseTo(0.4, 9);
    expect(r.quiet.upper95Per1000).toBeCloseTo((1000 * 4.7439) / 2500, 3);
    expect(r.overallPrecision).toBeCloseTo(3 / 6, 9);
    const json = reportJson(r);
    expect(Object.keys(json)).toEqual(['types', 'quiet', 'overallPrecision']);
    expect(Object.keys(json.types[0]!)).toEqual(['type', 'n', 'recallAlert', 'recallHigh', 'precision', 'medianMinutesToAlert']);
    expect(Object.keys(json.quiet)).toEqual(['marketDays', 'falseAlerts', 'falseAlertsPer1000', 'upper95Per1000']);
    expect(json.types.find((t) => t.type === 'price_jump')!.recallAlert).toBeNull();
  });
});

describe('splitTape (a tape\'s history, then its evaluation)', () => {
  const warmup = 1 / 24;
  it('by default gives the history at most 40 % of the tape, and says so', () => {
    const split = splitTape(4, null, null, warmup);
    if (typeof split === 'string') throw new Error(split);
    expect(split.historyDays).toBeCloseTo(1.6, 10);
    expect(split.days).toBeCloseTo(4 - 1.6 - warmup, 10);
    expect(split.notes.join(' ')).toMatch(/40 % of the tape's 4\.00 d: using 1\.60 d \(--history-days sets it\)/);
    // a long tape keeps the default week
    const long = splitTape(30, null, null, warmup);
    if (typeof long === 'string') throw new Error(long);
    expect(long).toMatchObject({ historyDays: EVAL_DEFAULTS.historyDays, notes: [] });
  });
  it('uses --history-days as given, so a short tape can hold markets with their own baselines', () => {
    const split = splitTape(4, 3.2, null, warmup);
    if (typeof split === 'string') throw new Error(split);
    expect(split.historyDays).toBe(3.2);
    expect(split.days).toBeCloseTo(0.8 - warmup, 10);
    expect(split.notes).toEqual([]);
  });
  it('evaluates --days of the rest, or the rest when --days runs past the end', () => {
    const split = splitTape(10, 3, 2, warmup);
    if (typeof split === 'string') throw new Error(split);
    expect(split.days).toBe(2);
    const past = splitTape(4, 3, 2, warmup);
    if (typeof past === 'string') throw new Error(past);
    expect(past.days).toBeCloseTo(1 - warmup, 10);
    expect(past.notes.join(' ')).toMatch(/--days 2 runs past the tape's end/);
  });
  it('refuses a split that leaves less than a quarter of a day to evaluate, saying what to change', () => {
    expect(splitTape(4, 3.9, null, warmup)).toMatch(/leave 0\.06 d after 3\.90 d of history and the warm-up: at least 0\.25 d .*smaller --history-days/);
    expect(splitTape(0.3, null, null, warmup)).toMatch(/at least 0\.25 d are needed to evaluate$/);
  });
});

describe('falseAlertsByRule', () => {
  it('lists the rules in their order, saying an alert may count twice', () => {
    expect(falseAlertsByRule(new Map([['signal', 1], ['whale', 4], ['score', 1]]))).toBe('score 1, whale 4, signal 1 (an alert two rules fired counts under both)');
  });
});

describe('eastern hours', () => {
  it('follows daylight saving', () => {
    expect(easternHourOf(Date.parse('2026-07-01T04:30:00Z'))).toBe(0); // EDT, UTC−4
    expect(easternHourOf(Date.parse('2026-12-01T04:30:00Z'))).toBe(23); // EST, UTC−5
    expect(easternHourOf(Date.parse('2026-12-01T10:59:00Z'))).toBe(5);
  });
});

describe('the default report is not run on a seed the tests tune on', () => {
  it('no test in the repository starts an exchange or fixture with the eval default seed', () => {
    const root = join(import.meta.dirname, '..', '..', '..');
    const seeds = new Set<number>();
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        if (name === 'node_modules' || name.startsWith('.')) continue;
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.ts$/.test(name) && (/\.test\.ts$/.test(name) || /[/\\]test[/\\]/.test(p) || name === 'fixtures.ts')) {
          for (const m of readFileSync(p, 'utf8').matchAll(/seed\s*(?::|\?\?|=)\s*(\d+)/g)) seeds.add(Number(m[1]));
        }
      }
    };
    for (const dir of ['api/test', 'api/src', 'exchange/src']) walk(join(root, dir));
    expect(seeds.size).toBeGreaterThan(5); // the scan finds the tests' seeds (7, 11, 21, …)
    expect(seeds.has(7)).toBe(true);
    expect(seeds.has(EVAL_DEFAULTS.seed)).toBe(false);
  });
});
