// The generated markets' results are what their price paths end at, and prices are calibrated:
// a contract's realised win rate matches its price (through the configured favourite–longshot
// distortion) at every horizon, so nothing in the path leaks the result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Model } from './activity/model.ts';
import { startExchange, type RunningExchange } from './index.ts';
import { buildUniverse } from './universe/build.ts';
import { PathEvaluator, terminal } from './universe/latent.ts';
import type { Universe } from './universe/types.ts';
import { getJson } from './test/helpers.ts';

const START = Date.parse('2026-11-02T00:00:00Z');
const H = 3600;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

interface Band { from: number; to: number; n: number; price: number; win: number; implied: number }

/**
 * Every market's fair value `hours` before its close, against the result its settlement pays,
 * grouped in price bands: average price, realised win rate and the rate the distortion implies.
 */
function calibration(u: Universe, md: Model, hours: number[], edges: number[]): { bands: Band[]; markets: number } {
  const bands: Band[] = edges.slice(1).map((to, i) => ({ from: edges[i]!, to, n: 0, price: 0, win: 0, implied: 0 }));
  const farFuture = u.startMs / 1000 + 400 * 86400;
  let markets = 0;
  let unsettled = 0;
  for (const m of u.markets) {
    if (md.status(m, farFuture) !== 'finalized') unsettled++;
    let sampled = false;
    for (const h of hours) {
      const t = m.closeS - h * H;
      if (t < m.openS) continue;
      const p = md.prob(m, t);
      const b = bands.find((x) => p >= x.from && p < x.to);
      if (!b) continue;
      b.n++;
      b.price += p;
      b.win += md.result(m) === 'yes' ? 1 : 0;
      b.implied += sigmoid(md.longshotBias * logit(p));
      sampled = true;
    }
    if (sampled) markets++;
  }
  expect(unsettled).toBe(0);
  for (const b of bands) if (b.n > 0) { b.price /= b.n; b.win /= b.n; b.implied /= b.n; }
  return { bands, markets };
}

const show = (label: string, bands: Band[]) =>
  console.log(`${label}\n${bands.map((b) => `  ${(b.from * 100).toFixed(0).padStart(2)}–${(Math.min(1, b.to) * 100).toFixed(0).padEnd(3)}¢ n=${String(b.n).padStart(6)}  price ${(b.price * 100).toFixed(1)}  won ${(b.win * 100).toFixed(1)}  implied ${(b.implied * 100).toFixed(1)}`).join('\n')}`);

const DECILES = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001];

describe('results follow the price path (no leak), calibrated by price band', () => {
  // Large enough that sampling noise stays well inside the 3-point tolerance: outcomes are
  // correlated within an event (one latent per event) and across a market's sampled horizons,
  // so at 20,000 markets the worst of ten bands already strays ~2–3 points by chance alone
  // (measured over eight seeds); at 60,000 it stays under 2.
  const u = buildUniverse({ seed: 21, markets: 60_000, startMs: START, historyDays: 7 });
  const md = new Model(u);

  it('is deterministic per seed, whatever order prices are asked in', () => {
    const a = buildUniverse({ seed: 21, markets: 5000, startMs: START, historyDays: 7 });
    const v = buildUniverse({ seed: 21, markets: 5000, startMs: START, historyDays: 7 });
    const one = new Model(a);
    const other = new Model(v);
    expect(v.markets.map((m) => m.result)).toEqual(a.markets.map((m) => m.result));
    // the path evaluator reuses its last descent: ask in a scrambled order and compare
    const probes: [number, number][] = [];
    for (let k = 0; k < 3000; k++) {
      const m = a.markets[(k * 7919) % a.markets.length]!;
      probes.push([m.idx, m.openS + ((k * 104729) % 1000) / 1000 * (m.closeS - m.openS)]);
    }
    const forward = probes.map(([i, t]) => one.prob(a.markets[i]!, t));
    const backward = [...probes].reverse().map(([i, t]) => other.prob(v.markets[i]!, t)).reverse();
    expect(backward).toEqual(forward);
    const w = buildUniverse({ seed: 22, markets: 2000, startMs: START, historyDays: 7 });
    expect(w.markets.slice(0, 500).map((m) => m.result)).not.toEqual(a.markets.slice(0, 500).map((m) => m.result));
  });

  it('a result is where its path ends: the true probability is the result at close', () => {
    let right = 0;
    for (const m of u.markets.slice(0, 3000)) {
      const yes = md.result(m) === 'yes';
      expect(md.trueProb(m, m.closeS)).toBe(yes ? 1 : 0);
      expect(terminal(u.seed, m.path!.key) > m.lo! && terminal(u.seed, m.path!.key) <= m.hi!).toBe(yes);
      // and a minute before it the price is almost always on the right side already
      const last = md.prob(m, m.closeS - 60);
      if (yes ? last > 0.5 : last < 0.5) right++;
    }
    expect(right / 3000).toBeGreaterThan(0.97);
  });

  it('mutually exclusive events have exactly one YES and their probabilities sum to 1; ladders are monotone', () => {
    let partitions = 0;
    let ladders = 0;
    const bad: string[] = [];
    for (const ev of u.events) {
      if (ev.isMve || ev.markets.length < 2) continue;
      const ms = ev.markets.map((i) => u.markets[i]!);
      const m0 = ms[0]!;
      const times = [0.1, 0.5, 0.9, 0.99].map((f) => m0.openS + f * (m0.closeS - m0.openS));
      if (ev.mutuallyExclusive) {
        partitions++;
        if (ms.filter((m) => md.result(m) === 'yes').length !== 1) bad.push(`${ev.ticker}: not one winner`);
        for (const t of times) if (Math.abs(ms.reduce((a, m) => a + md.trueProb(m, t), 0) - 1) > 1e-6) bad.push(`${ev.ticker}: Σq ≠ 1 at ${t}`);
      } else {
        ladders++;
        if (!ms.every((m) => m.strikeType === 'greater')) bad.push(`${ev.ticker}: not a ladder`);
        // "above k" for increasing k: YES for a prefix of strikes, prices never rise with k
        const r = ms.map((m) => (md.result(m) === 'yes' ? 1 : 0));
        for (let i = 1; i < r.length; i++) if (r[i]! > r[i - 1]!) bad.push(`${ev.ticker}: results not monotone`);
        for (const t of times) {
          const p = ms.map((m) => md.prob(m, t));
          for (let i = 1; i < p.length; i++) if (p[i]! > p[i - 1]! + 1e-12) bad.push(`${ev.ticker}: prices not monotone at ${t}`);
        }
      }
    }
    expect(bad).toEqual([]);
    expect(partitions).toBeGreaterThan(500);
    expect(ladders).toBeGreaterThan(200);
  });

  it('over every settled market, each 10¢ band wins within 3 points of its price (48, 24, 12 and 6 h before close)', () => {
    const { bands, markets } = calibration(u, md, [48, 24, 12, 6], DECILES);
    show(`calibration, γ = ${md.longshotBias}, ${markets} markets`, bands);
    expect(markets).toBeGreaterThan(50_000);
    for (const b of bands) {
      expect(b.n).toBeGreaterThan(5000);
      expect(Math.abs(b.win - b.price)).toBeLessThan(0.03);
      expect(Math.abs(b.win - b.implied)).toBeLessThan(0.03);
    }
  });

  it('no leak near close: in the last 6 hours, 85–98¢ contracts win within 3 points of their price', () => {
    const { bands } = calibration(u, md, [6, 3, 1, 0.5], [0.85, 0.98]);
    const b = bands[0]!;
    show('last 6 hours', bands);
    expect(b.n).toBeGreaterThan(10_000);
    expect(Math.abs(b.win - b.price)).toBeLessThan(0.03);
    // the old model's leak: a 90¢ contract in its last hours won ~96 % of the time
    expect(b.win).toBeLessThan(0.95);
  });

  it('the favourite–longshot bias is configurable: γ = 1 is calibrated, γ = 1.3 makes longshots rich and favourites cheap', () => {
    const flat = calibration(u, new Model({ ...u, longshotBias: 1 }), [48, 24, 12, 6], DECILES).bands;
    for (const b of flat) expect(Math.abs(b.win - b.price)).toBeLessThan(0.03);
    const strong = new Model({ ...u, longshotBias: 1.3 });
    const bands = calibration(u, strong, [24, 6], [0, 0.1, 0.5, 0.8, 0.95]).bands;
    show('γ = 1.3', bands);
    for (const b of bands) expect(Math.abs(b.win - b.implied)).toBeLessThan(0.03);
    const [longshots, , favourites] = bands;
    expect(longshots!.win).toBeLessThan(0.75 * longshots!.price);
    expect(favourites!.win).toBeGreaterThan(favourites!.price + 0.02);
    // the same paths and results underneath: only the displayed price changes
    expect(u.markets.slice(0, 100).map((m) => strong.result(m))).toEqual(u.markets.slice(0, 100).map((m) => md.result(m)));
  });

  it('a forced price shows exactly, leaves the result alone, and the path still ends at the result', () => {
    const m = u.markets.find((x) => !x.isMve && x.closeS - x.openS > 2 * 86400 && md.result(x) === 'yes')!;
    const forced = new Model(u);
    const t = m.closeS - 86400;
    forced.forcePrice(m, t, 0.2);
    expect(forced.prob(m, t)).toBeCloseTo(0.2, 6);
    expect(forced.prob(m, t - 1)).toBe(md.prob(m, t - 1));
    expect(forced.result(m)).toBe('yes');
    expect(forced.prob(m, m.closeS)).toBeGreaterThan(0.99);
  });

  it('the path evaluator costs O(depth): 100,000 prices in well under two seconds', () => {
    const ev = new PathEvaluator(u.seed);
    const t0 = performance.now();
    for (let k = 0; k < 100_000; k++) {
      const m = u.markets[(k * 7919) % u.markets.length]!;
      ev.eval(m.path!, m.openS + ((k * 104729) % 1000) / 1000 * (m.closeS - m.openS));
    }
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('on the exchange', () => {
  let ex: RunningExchange;
  beforeAll(async () => {
    ex = await startExchange({ seed: 5, markets: 1500, historyDays: 14, speed: 0, startTime: START, longshotBias: 1.1 });
  });
  afterAll(() => ex.close());

  it('settles every market with the result its path defines; the bias is an option', async () => {
    expect(ex.engine.model.longshotBias).toBe(1.1);
    const r = await getJson(`${ex.url}/markets?status=settled&limit=1000&mve_filter=exclude`);
    expect(r.status).toBe(200);
    expect(r.json.markets.length).toBeGreaterThan(50);
    const u = ex.engine.u;
    for (const raw of r.json.markets) {
      const m = u.markets[u.marketByTicker.get(raw.ticker)!]!;
      const x = terminal(u.seed, m.path!.key);
      expect(raw.result).toBe(x > m.lo! && x <= m.hi! ? 'yes' : 'no');
    }
  });
});
