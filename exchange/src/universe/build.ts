import { hash, invNorm, mulberry32, u01, uuidFrom } from '../util/hash.ts';
import { DEFAULT_LONGSHOT_BIAS, makePath, normCdf, terminal } from './latent.ts';
import { CATEGORIES, EXOTICS, type Template } from './categories.ts';
import type { EventRec, MarketRec, SeriesRec, Universe } from './types.ts';

export interface UniverseOptions {
  seed: number;
  markets: number;
  /** unix ms; floored to the hour so a (seed, start hour) pair always yields the same universe */
  startMs: number;
  historyDays: number;
  /** trades per day per market on average (Kalshi: ~2.5M/day over ~100k markets) */
  tradesPerMarketDay?: number;
  /** favourite–longshot distortion γ of displayed prices (Universe.longshotBias); default 1.05 */
  longshotBias?: number;
}
export { DEFAULT_LONGSHOT_BIAS };

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function dateCode(s: number): string {
  const d = new Date(s * 1000);
  return `${String(d.getUTCFullYear()).slice(2)}${MONTHS[d.getUTCMonth()]}${String(d.getUTCDate()).padStart(2, '0')}`;
}

function alpha(n: number): string {
  let s = '';
  n += 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

const logit = (p: number) => Math.log(p / (1 - p));

export function buildUniverse(opts: UniverseOptions): Universe {
  const seed = opts.seed >>> 0;
  const rnd = mulberry32(seed ^ 0x5eed);
  const N = Math.max(1, Math.floor(opts.markets));
  const startMs = Math.floor(opts.startMs / 3_600_000) * 3_600_000;
  const startS = startMs / 1000;
  const historyStartMs = startMs - Math.round(opts.historyDays * 86_400_000);
  const historyS = historyStartMs / 1000;
  const perDay = opts.tradesPerMarketDay ?? 25;
  const longshotBias = opts.longshotBias ?? DEFAULT_LONGSHOT_BIAS;
  if (!(longshotBias > 0 && Number.isFinite(longshotBias))) throw new Error(`longshotBias must be a positive number, got ${opts.longshotBias}`);

  const series: SeriesRec[] = [];
  const events: EventRec[] = [];
  const markets: MarketRec[] = [];
  const seriesByTicker = new Map<string, number>();
  const eventByTicker = new Map<string, number>();
  const marketByTicker = new Map<string, number>();

  // ---- series: about one per 7 markets, as on Kalshi (14.7k series for ~100k markets)
  const totalW = CATEGORIES.reduce((a, c) => a + c.marketWeight, 0);
  const nSeries = Math.max(CATEGORIES.length * 2, Math.round(N / 7));
  const seriesTemplates: Template[] = [];
  const byCategory: number[][] = CATEGORIES.map(() => []);
  const prefixCount = new Map<string, number>();
  for (let s = 0; s < nSeries; s++) {
    // round-robin the first pass so every category exists even in tiny universes
    let ci: number;
    if (s < CATEGORIES.length) ci = s;
    else {
      let r = rnd() * totalW;
      ci = 0;
      while (r >= CATEGORIES[ci]!.marketWeight && ci < CATEGORIES.length - 1) r -= CATEGORIES[ci++]!.marketWeight;
    }
    const cat = CATEGORIES[ci]!;
    const tpl = cat.templates[Math.floor(rnd() * cat.templates.length)]!;
    const k = prefixCount.get(tpl.prefix) ?? 0;
    prefixCount.set(tpl.prefix, k + 1);
    const ticker = k === 0 ? tpl.prefix : `${tpl.prefix}${alpha(k - 1)}`;
    const idx = series.length;
    series.push({
      idx,
      ticker,
      title: k === 0 ? tpl.title : `${tpl.title} (${alpha(k - 1)})`,
      category: cat.name,
      tags: tpl.tags,
      frequency: tpl.frequency,
      feeType: cat.feeType,
      feeMult1000: cat.feeMult1000,
      exchangeIndex: cat.exchangeIndex,
      events: [],
    });
    seriesTemplates.push(tpl);
    byCategory[ci]!.push(idx);
    seriesByTicker.set(ticker, idx);
  }

  // ---- events and markets
  const rawRates: number[] = [];
  // categories are chosen per event, so weight by markets-per-event to hit the market mix
  const avgCount = { game: 2, binary: 1, ladder: 8.5, range: 7.5, candidates: 8.5 } as const;
  const eventW = CATEGORIES.map((c) => c.marketWeight / (c.templates.reduce((a, t) => a + avgCount[t.kind], 0) / c.templates.length));
  const totalEW = eventW.reduce((a, b) => a + b, 0);
  while (markets.length < N) {
    let r = rnd() * totalEW;
    let ci = 0;
    while (r >= eventW[ci]! && ci < CATEGORIES.length - 1) r -= eventW[ci++]!;
    const list = byCategory[ci]!;
    const sIdx = list[Math.floor(rnd() * list.length)]!;
    const s = series[sIdx]!;
    const tpl = seriesTemplates[sIdx]!;
    const cat = CATEGORIES[ci]!;

    let count: number;
    switch (tpl.kind) {
      case 'game': count = 2; break;
      case 'binary': count = 1; break;
      case 'ladder': count = 3 + Math.floor(rnd() * 10); break;
      case 'range': count = 4 + Math.floor(rnd() * 8); break;
      case 'candidates': count = 3 + Math.floor(rnd() * 10); break;
    }
    count = Math.min(count, N - markets.length);
    const me = tpl.kind === 'game' || tpl.kind === 'range' || tpl.kind === 'candidates';

    // close times from minutes to months; a slice closed during the history window
    let closeS: number;
    let createdS: number;
    let openS: number;
    const u = rnd();
    if (u < 0.1 && opts.historyDays > 0) {
      closeS = historyS + Math.floor(rnd() * (startS - historyS - 600));
      createdS = closeS - Math.floor(Math.exp(Math.log(7200) + rnd() * Math.log(30 * 86400 / 7200)));
      openS = createdS + Math.floor(rnd() * 1800);
    } else {
      const shortBias = tpl.frequency === 'fifteen_min' || tpl.frequency === 'hourly' ? 0.25 : 1;
      const ahead = Math.exp(Math.log(600) + Math.pow(rnd(), 1.4) * shortBias * Math.log((180 * 86400) / 600));
      closeS = startS + Math.floor(ahead);
      const life = Math.exp(Math.log(3 * 3600) + rnd() * Math.log((90 * 86400) / (3 * 3600)));
      createdS = Math.min(startS - 60, closeS - Math.floor(life));
      openS = createdS + Math.floor(rnd() * Math.min(1800, startS - createdS));
      if (rnd() < 0.03) {
        createdS = startS - Math.floor(rnd() * 86400);
        openS = startS + Math.floor(rnd() * 2 * 86400);
        if (openS >= closeS) closeS = openS + 86400;
      }
      if (openS >= startS && openS >= closeS) openS = startS;
    }
    if (openS >= closeS) openS = closeS - 3600;
    if (createdS > openS) createdS = openS;

    let names: string[] = [];
    let eventSuffix = '';
    if (tpl.kind === 'game') {
      const pool = tpl.names!;
      const a = Math.floor(rnd() * pool.length);
      let b = Math.floor(rnd() * (pool.length - 1));
      if (b >= a) b++;
      names = [pool[a]!, pool[b]!];
      eventSuffix = names.join('');
    } else if (tpl.kind === 'candidates') {
      const pool = tpl.names!;
      const off = Math.floor(rnd() * pool.length);
      for (let i = 0; i < count; i++) names.push(pool[(off + i) % pool.length]!);
      count = Math.min(count, pool.length);
    }
    let eTicker = `${s.ticker}-${dateCode(closeS)}${eventSuffix}`;
    if (eventByTicker.has(eTicker)) {
      let k = 0;
      while (eventByTicker.has(`${eTicker}${alpha(k)}`)) k++;
      eTicker = `${eTicker}${alpha(k)}`;
    }
    const eIdx = events.length;
    const ev: EventRec = {
      idx: eIdx,
      ticker: eTicker,
      seriesIdx: sIdx,
      title: `${s.title} ${dateCode(closeS)}${eventSuffix ? ` ${names.join(' vs ')}` : ''}`,
      subTitle: `On ${new Date(closeS * 1000).toISOString().slice(0, 10)}`,
      mutuallyExclusive: me,
      isMve: false,
      markets: [],
      strikeDateS: tpl.kind === 'candidates' ? null : closeS,
    };
    events.push(ev);
    eventByTicker.set(eTicker, eIdx);
    s.events.push(eIdx);

    // Initial true probabilities: mutually exclusive events sum to 1. Results are not drawn here:
    // every market is a bin of the event's latent outcome X(close) (latent.ts), so the result is
    // what the price path ends at. Partitions (game, range, candidates) have exactly one winner.
    const weights: number[] = [];
    for (let i = 0; i < count; i++) weights.push(0.05 + rnd() ** 2);
    const wsum = weights.reduce((a, b) => a + b, 0);
    rnd(); // was the ladder cut; kept so the rest of the universe is unchanged
    // information flow: a share arrives evenly over the life, the rest in the final hours
    const path = makePath(eIdx, openS, closeS, (tpl.kind === 'game' ? 0.15 : 0.25) + 0.5 * u01(seed, eIdx, 0xea71));
    const xEnd = terminal(seed, eIdx);
    let cum = 0;
    let prevLo = -Infinity;
    const base = 100 + Math.floor(rnd() * 5000);
    const stepK = 1 + Math.floor(rnd() * 50);
    const determineDelayS = 30 + Math.floor(rnd() * 270);
    const settleTimerS = 60 + Math.floor(rnd() * 1740);
    const dead = rnd() < 0.3;
    const eventHeat = Math.exp(1.2 * (rnd() * 2 - 1));

    for (let i = 0; i < count; i++) {
      const idx = markets.length;
      let code: string;
      let yesSub: string;
      let strikeType: string | null = null;
      let floorStrike: number | null = null;
      let capStrike: number | null = null;
      let p: number;
      let lo: number;
      let hi = Infinity;
      switch (tpl.kind) {
        case 'game':
        case 'candidates':
        case 'range': {
          // consecutive bins of X(close): market i wins iff X(close) falls in its bin
          const c0 = cum;
          cum += weights[i]! / wsum;
          lo = i === 0 ? -Infinity : invNorm(c0);
          hi = i === count - 1 ? Infinity : invNorm(cum);
          p = weights[i]! / wsum;
          if (tpl.kind === 'range') {
            const from = base + i * stepK;
            code = `B${from}`;
            yesSub = `${from} to ${from + stepK - 1}`;
            strikeType = 'between';
            floorStrike = from;
            capStrike = from + stepK - 1;
          } else {
            code = names[i]!;
            yesSub = names[i]!;
          }
          break;
        }
        case 'ladder': {
          const k = base + i * stepK;
          code = `T${k}`;
          yesSub = `Above ${k}`;
          strikeType = 'greater';
          floorStrike = k;
          // "above k" = X(close) above a threshold increasing in k: monotone prices and results
          const p0 = Math.min(0.97, Math.max(0.03, 1 - (i + 0.5) / count + (rnd() - 0.5) * 0.1));
          lo = Math.max(invNorm(1 - p0), prevLo + 0.01);
          prevLo = lo;
          p = 1 - normCdf(lo);
          break;
        }
        case 'binary':
          code = '00';
          yesSub = 'Yes';
          p = 0.15 + rnd() * 0.7;
          rnd(); // was the result draw; kept so the rest of the universe is unchanged
          lo = invNorm(1 - p);
          break;
      }
      const result: 'yes' | 'no' = lo < xEnd && xEnd <= hi ? 'yes' : 'no';
      p = Math.min(0.97, Math.max(0.02, p));
      const ticker = `${eTicker}-${code}`;
      let w = Math.exp(1.6 * Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd())) * cat.activity * eventHeat;
      if (dead) w *= 0.03;
      rawRates.push(w);
      const plsU = rnd();
      markets.push({
        idx,
        ticker,
        eventIdx: eIdx,
        seriesIdx: sIdx,
        marketId: uuidFrom(seed, 0x4d4b54, idx),
        yesSub,
        noSub: yesSub,
        rulesPrimary: `If ${yesSub} for ${ev.title}, then the market resolves to Yes.`,
        createdS,
        openS,
        closeS,
        determineDelayS,
        settleTimerS,
        rate: 0,
        sizeScale: 1,
        mu: logit(p),
        volSlow: 0.25 + rnd() * 0.6,
        volFast: 0.05 + rnd() * 0.2,
        depth: 10,
        pls: plsU < 0.85 ? 0 : plsU < 0.93 ? 1 : 2,
        result,
        path,
        lo,
        hi,
        strikeType,
        floorStrike,
        capStrike,
        isMve: false,
        mveCollection: null,
        mveLegs: null,
        exchangeIndex: s.exchangeIndex,
        canCloseEarly: tpl.kind === 'game' || tpl.kind === 'candidates',
        preVolumeCc: 0,
      });
      ev.markets.push(idx);
      marketByTicker.set(ticker, idx);
    }
  }

  // normalise activity so the exchange averages `perDay` trades per market per day
  // normalise over markets actually trading at start, so the live exchange hits the target rate
  let activeW = 0;
  for (const m of markets) if (m.openS <= startS && m.closeS > startS) activeW += rawRates[m.idx]!;
  const meanW = activeW > 0 ? activeW / N : 1;
  for (const m of markets) {
    const w = rawRates[m.idx]! / meanW;
    m.rate = perDay * w;
    m.sizeScale = Math.max(1, Math.min(400, 3 * Math.pow(w, 0.45) * Math.exp(rnd() - 0.5)));
    m.depth = Math.max(2, Math.min(20000, 40 * Math.pow(w, 0.6) * (0.5 + rnd())));
    const lifeBefore = Math.max(0, Math.min(m.closeS, historyS) - m.openS);
    m.preVolumeCc = Math.round((m.rate * lifeBefore) / 86400 * m.sizeScale * 3.5 * 100);
  }

  // ---- combos (MVE): many, nearly dead, category Exotics, shard 1
  const nCombo = Math.max(10, Math.floor(N * 0.05));
  const exIdx = series.length;
  series.push({
    idx: exIdx,
    ticker: EXOTICS.seriesPrefix,
    title: 'Sports multi-game combos',
    category: EXOTICS.name,
    tags: ['Combos'],
    frequency: 'custom',
    feeType: EXOTICS.feeType,
    feeMult1000: 1000,
    exchangeIndex: EXOTICS.exchangeIndex,
    events: [],
  });
  seriesByTicker.set(EXOTICS.seriesPrefix, exIdx);
  const sportsMarkets = markets.filter((m) => series[m.seriesIdx]!.category === 'Sports' && m.closeS > startS);
  const legPool = sportsMarkets.length > 0 ? sportsMarkets : markets;
  let made = 0;
  while (made < nCombo) {
    const eIdx = events.length;
    const h = hash(seed, 0x4d5645, eIdx).toString(16).toUpperCase().padStart(8, '0');
    const eTicker = `${EXOTICS.seriesPrefix}-S2026${h}`;
    const ev: EventRec = {
      idx: eIdx,
      ticker: eTicker,
      seriesIdx: exIdx,
      title: 'Multi-game combo',
      subTitle: 'Combo',
      mutuallyExclusive: false,
      isMve: true,
      markets: [],
      strikeDateS: null,
    };
    events.push(ev);
    eventByTicker.set(eTicker, eIdx);
    series[exIdx]!.events.push(eIdx);
    const k = Math.min(nCombo - made, 1 + Math.floor(rnd() * 3));
    for (let i = 0; i < k; i++) {
      const idx = markets.length;
      const nLegs = 2 + Math.floor(rnd() * 3);
      const legs: { event_ticker: string; market_ticker: string; side: string }[] = [];
      let closeS = startS + 3600;
      for (let j = 0; j < nLegs; j++) {
        const lm = legPool[Math.floor(rnd() * legPool.length)]!;
        legs.push({ event_ticker: events[lm.eventIdx]!.ticker, market_ticker: lm.ticker, side: rnd() < 0.5 ? 'yes' : 'no' });
        closeS = Math.max(closeS, lm.closeS);
      }
      const ticker = `${eTicker}-${hash(seed, 0x4c4547, idx).toString(16).toUpperCase().padStart(8, '0')}`;
      const createdS = startS - Math.floor(rnd() * 86400 * 3);
      const p = 0.02 + rnd() * 0.3;
      rnd(); // was the result draw
      // each combo has its own latent path (legs are not linked to their markets: a simplification)
      const path = makePath(-1 - idx, createdS, closeS, 0.25 + 0.5 * u01(seed, idx, 0xc0b0));
      const lo = invNorm(1 - p);
      markets.push({
        idx, ticker, eventIdx: eIdx, seriesIdx: exIdx, marketId: uuidFrom(seed, 0x4d4b54, idx),
        yesSub: legs.map((l) => `${l.side} ${l.market_ticker}`).join(', '), noSub: 'No',
        rulesPrimary: 'If every selected leg resolves as selected, the market resolves to Yes.',
        createdS, openS: createdS, closeS, determineDelayS: 120, settleTimerS: 300,
        rate: 0.05, sizeScale: 2, mu: logit(p), volSlow: 0.3, volFast: 0.05, depth: 3, pls: 1,
        result: terminal(seed, path.key) > lo ? 'yes' : 'no', path, lo, hi: Infinity, strikeType: 'custom', floorStrike: null, capStrike: null,
        isMve: true, mveCollection: EXOTICS.collection, mveLegs: legs, exchangeIndex: EXOTICS.exchangeIndex,
        canCloseEarly: true, preVolumeCc: 0,
      });
      ev.markets.push(idx);
      marketByTicker.set(ticker, idx);
      made++;
    }
  }

  const { order: marketOrder, rank: marketRank } = orderBy(markets.length, (a, b) => markets[b]!.createdS - markets[a]!.createdS || a - b);
  const { order: eventOrder, rank: eventRank } = orderBy(events.length, (a, b) => {
    const ma = markets[events[a]!.markets[0]!]!;
    const mb = markets[events[b]!.markets[0]!]!;
    return mb.createdS - ma.createdS || a - b;
  });

  return {
    seed, startMs, historyStartMs, series, events, markets,
    seriesByTicker, eventByTicker, marketByTicker, marketOrder, marketRank, eventOrder, eventRank, tape: false,
    longshotBias,
  };
}

export function orderBy(n: number, cmp: (a: number, b: number) => number): { order: Int32Array; rank: Int32Array } {
  const arr = Array.from({ length: n }, (_, i) => i);
  arr.sort(cmp);
  const order = Int32Array.from(arr);
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) rank[order[i]!] = i;
  return { order, rank };
}
