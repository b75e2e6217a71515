import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../settings/settings.schema.ts';
import { MIN_HISTORY, SIGNAL_PARAMS } from '../scoring/index.ts';
import { ALERT_RULES, type RuleInput, SIGNAL_RULE, alertDedupKey, combinedSurprise, decideAlert, filteredOut, firedRules, sweepSurprise } from './alert-rules.ts';

const now = new Date('2026-11-21T15:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const cooldownMs = DEFAULT_SETTINGS.alertCooldownMinutes * 60_000;
const score = [{ rule: 'score' as const, reason: 'r' }];

type Facts = Record<string, number | string>;
function input(composite: number, tradeSize: Facts = {}, others: { priceImpact?: Facts; liquidity?: Facts; clustering?: Facts; timing?: Facts } = {}): RuleInput {
  return {
    composite,
    baselineStatus: 'ok',
    historyHours: 168,
    signals: {
      tradeSize: { facts: { p99TradeSize: 200, maxOrderSize: 20, maxOrderSide: 'yes', maxOrderPrice: 0.5, netFlow: 0, netSide: 'yes', surpriseAccumulation: 0, ...tradeSize } },
      priceImpact: { facts: { priceNow: 0.5, surprise: 0, ...others.priceImpact } },
      liquidity: { facts: { surprise: 0, ...others.liquidity } },
      clustering: { facts: { surprise: 0, ...others.clustering } },
      timing: { facts: { surprise: 0, ...others.timing } },
    },
  };
}
const rules = (i: RuleInput, s = DEFAULT_SETTINGS) => firedRules(i, s).map((r) => r.rule);

describe('firedRules', () => {
  it('fires the score rule at or above the threshold only', () => {
    expect(rules(input(69.99))).toEqual([]);
    expect(rules(input(70))).toEqual(['score']);
    expect(firedRules(input(72.34), DEFAULT_SETTINGS)[0]!.reason).toBe('score rule: composite 72.3 reached the threshold of 70');
  });

  it('fires the whale rule on one order of enough dollars and enough multiples of p99, whatever the composite', () => {
    // 30,000 YES at 90¢ = $27,000, 150× p99 of 200
    const whale = input(12, { maxOrderSize: 30_000, maxOrderPrice: 0.9 });
    expect(rules(whale)).toEqual(['whale']);
    expect(firedRules(whale, DEFAULT_SETTINGS)[0]!.reason).toBe("whale rule: one YES order of 30,000 contracts ($27,000), 150× this market's 99th-percentile order");
    // the same order as NO pays 10¢ a contract: $3,000, below $25,000
    expect(rules(input(12, { maxOrderSize: 30_000, maxOrderPrice: 0.9, maxOrderSide: 'no' }))).toEqual([]);
    // enough dollars but only 9× p99 (of a p99 of 4,000)
    expect(rules(input(12, { maxOrderSize: 36_000, maxOrderPrice: 0.99, p99TradeSize: 4_000 }))).toEqual([]);
    expect(rules(whale, { ...DEFAULT_SETTINGS, whaleRuleEnabled: false })).toEqual([]);
    expect(rules(whale, { ...DEFAULT_SETTINGS, whaleMinDollars: 27_001 })).toEqual([]);
    // an order of a tenth of that which moved the price (or drained the book) is confirmed by the market
    const sweep = input(12, { maxOrderSize: 3_000, maxOrderPrice: 0.9, p99TradeSize: 100 }, { priceImpact: { priceNow: 0.95 } });
    expect(rules(sweep)).toEqual([]);
    sweep.signals.priceImpact.score = ALERT_RULES.whaleImpactScore;
    expect(firedRules(sweep, DEFAULT_SETTINGS)[0]!.reason).toBe("whale rule: one YES order of 3,000 contracts ($2,700), 30× this market's 99th-percentile order, and it moved the market");
    expect(rules(sweep, { ...DEFAULT_SETTINGS, whaleP99Multiple: 31 })).toEqual([]);
    sweep.signals.priceImpact.score = 0;
    sweep.signals.liquidity.score = 100;
    expect(rules(sweep)).toEqual(['whale']);
    // a user who wants smaller whales sets smaller numbers
    expect(rules(input(12, { maxOrderSize: 1_200, maxOrderPrice: 0.9 }), { ...DEFAULT_SETTINGS, whaleMinDollars: 1_000, whaleP99Multiple: 5 })).toEqual(['whale']);
  });

  it('fires the whale rule on net flow only when the flow is itself unusual for the market', () => {
    const flow = { netFlow: 50_000, netSide: 'no', surpriseAccumulation: ALERT_RULES.whaleFlowMinSurprise };
    expect(rules(input(20, flow, { priceImpact: { priceNow: 0.4 } }))).toEqual(['whale']); // 50,000 × 60¢ = $30,000, 250× p99
    expect(rules(input(20, { ...flow, surpriseAccumulation: 2.9 }, { priceImpact: { priceNow: 0.4 } }))).toEqual([]);
  });

  it('fires the signal rule when any one signal is rarer than 1 in 10^N windows and large in plain terms', () => {
    const drained = input(20, {}, { liquidity: { surprise: 9.2, sustainedSurprise: 9.2, reference: 'baseline', sustainedLevelDrop: 0.6 } });
    expect(rules(drained)).toEqual(['signal']);
    expect(firedRules(drained, DEFAULT_SETTINGS)[0]!.reason).toBe('signal rule: liquidity saw what happens about 1 in 1,600,000,000 windows in this market');
    const burst = { surprise: DEFAULT_SETTINGS.signalRuleSurprise, ordersInSpan: 30, expectedInSpan: 2 };
    expect(rules(input(20, {}, { clustering: burst }))).toEqual(['signal']);
    expect(rules(input(20, {}, { clustering: { ...burst, surprise: DEFAULT_SETTINGS.signalRuleSurprise - 0.01 } }))).toEqual([]);
    expect(rules(drained, { ...DEFAULT_SETTINGS, signalRuleSurprise: 0 })).toEqual([]);
    expect(rules(input(80, { maxOrderSize: 50_000 }, { clustering: { ...burst, surprise: 12 } }))).toEqual(['score', 'whale', 'signal']);
  });

  it('does not fire the signal rule on a rare but small change, nor on a warming-up market', () => {
    // a 2¢ move on a market that never moves is rare, and still not news
    expect(rules(input(20, {}, { priceImpact: { surprise: 12, move: 0.02, shortMove: 0.01 } }))).toEqual([]);
    expect(rules(input(20, {}, { priceImpact: { surprise: 12, move: -0.06 } }))).toEqual(['signal']);
    // 3 orders where 0.01 were expected, or 5 where 2 were: rare, but not a burst anyone would act on; 4 where 0.05 were is
    expect(rules(input(20, {}, { clustering: { surprise: 12, ordersInWindow: 3, expectedInWindow: 0.01 } }))).toEqual([]);
    expect(rules(input(20, {}, { clustering: { surprise: 12, ordersInWindow: 5, expectedInWindow: 2 } }))).toEqual([]);
    expect(rules(input(20, {}, { clustering: { surprise: 12, ordersInWindow: SIGNAL_RULE.minBurstOrders, expectedInWindow: 0.05 } }))).toEqual(['signal']);
    // a drain that lasted, with resting orders 90% smaller; a rare but small one (a quarter smaller) is not acted on
    const drain = { surprise: 12, sustainedSurprise: 12, reference: 'recent books', sustainedLevelDrop: 0.9 };
    expect(rules(input(20, {}, { liquidity: drain }))).toEqual(['signal']);
    expect(rules(input(20, {}, { liquidity: { ...drain, sustainedLevelDrop: SIGNAL_RULE.minLevelDrop - 0.15 } }))).toEqual([]);
    // one thin snapshot (the cycles before were normal) is a maker requoting, not a drain
    expect(rules(input(20, {}, { liquidity: { ...drain, sustainedSurprise: 1 } }))).toEqual([]);
    // a big move in the last hours before close is the market converging on its outcome
    const converging = { ...input(20, {}, { priceImpact: { surprise: 12, move: 0.3 } }), hoursToClose: SIGNAL_RULE.priceQuietHoursBeforeClose - 1 };
    expect(rules(converging)).toEqual([]);
    expect(rules({ ...converging, hoursToClose: SIGNAL_RULE.priceQuietHoursBeforeClose + 1 })).toEqual(['signal']);
    // a thin market whose own moves are this large one window in 10,000 (tailSurprise 4): a normal tail overstates it
    expect(rules(input(20, {}, { priceImpact: { surprise: 12, tailSurprise: 4, move: 0.16 } }))).toEqual([]);
    expect(rules(input(20, {}, { priceImpact: { surprise: 12, tailSurprise: 9, move: 0.16 } }))).toEqual(['signal']);
    const warming = { ...input(20, {}, { priceImpact: { surprise: 12, move: 0.1 } }), baselineStatus: 'warming' as const };
    expect(rules(warming)).toEqual([]);
    // nor a burst on a market watched for less than three days, whose order rate and hour profile lean on priors; a thin
    // market watched for a week is read on its own counts, however few its orders
    const burst = { surprise: 12, ordersInWindow: 4, expectedInWindow: 0.05 };
    expect(rules({ ...input(20, {}, { clustering: burst }), baselineStatus: 'warming', historyHours: MIN_HISTORY.hours - 1 })).toEqual([]);
    expect(rules({ ...input(20, {}, { clustering: burst }), baselineStatus: 'warming', historyHours: MIN_HISTORY.hours })).toEqual(['signal']);
    // …unless its rate over the hours just before the burst was watched (the expectation is never below it)
    const young = { ...burst, recentHours: SIGNAL_PARAMS.clusteringRecentMinHours };
    expect(rules({ ...input(20, {}, { clustering: young }), baselineStatus: 'warming', historyHours: 5 })).toEqual(['signal']);
    expect(rules({ ...input(20, {}, { clustering: { ...young, recentHours: 0.5 } }), baselineStatus: 'warming', historyHours: 5 })).toEqual([]);
    // a drain that lasted is read against the market's own books of the hour before, however young the market
    const youngDrain = { surprise: 12, sustainedSurprise: 12, reference: 'recent books', referenceBooks: 10, sustainedLevelDrop: 0.9 };
    expect(rules({ ...input(20, {}, { liquidity: youngDrain }), baselineStatus: 'warming', historyHours: 2 })).toEqual(['signal']);
  });
});

describe('split orders (the signal rule on trade size)', () => {
  // a net 700 one-sided contracts in pieces below the p99 of 200, rarer than 1 in 10^7 windows for the market
  const split = { splitFlow: 700, surpriseAccumulation: 7 };
  it('fires when the one-sided flow is rare and at least 1.5× the market\'s 99th-percentile order, whatever its dollars', () => {
    expect(rules(input(20, split))).toEqual(['signal']);
    expect(firedRules(input(20, split), DEFAULT_SETTINGS)[0]!.reason).toBe('signal rule: split orders saw what happens about 1 in 10,000,000 windows in this market');
    expect(rules(input(20, { ...split, splitFlow: 300 }))).toEqual(['signal']); // 1.5× the p99 of 200
  });
  it('does not fire on a flow under that size, below the rarity asked for, or before three days of history', () => {
    expect(rules(input(20, { ...split, splitFlow: SIGNAL_RULE.minSplitP99Multiple * 200 - 1 }))).toEqual([]);
    expect(rules(input(20, { ...split, surpriseAccumulation: DEFAULT_SETTINGS.signalRuleSurprise - 0.01 }))).toEqual([]);
    expect(rules({ ...input(20, split), historyHours: MIN_HISTORY.hours - 1 })).toEqual([]);
  });
});

describe('combinedSurprise', () => {
  it('is the tail of a sum of independent surprises above their floor', () => {
    expect(combinedSurprise([4], 2)).toBe(4);
    expect(combinedSurprise([3, 5], 2)).toBeCloseTo(8 - Math.log10(1 + 4 * Math.LN10), 12);
    const u = (9 - 6) * Math.LN10;
    expect(combinedSurprise([2, 3, 4], 2)).toBeCloseTo(9 - Math.log10(1 + u + (u * u) / 2), 12);
    // readings of 1 in 10^2, 10^3 and 10^3 together: 10^−6 for all three above the floor, times P(Gamma(3, ln 10) ≥ 2) = 0.162
    expect(combinedSurprise([2, 3, 3], 2)).toBeCloseTo(6 - Math.log10(0.162), 2);
    expect(combinedSurprise([1.99, 5, 5], 2)).toBe(0);
    expect(combinedSurprise([Number.NaN, 5], 2)).toBe(0);
  });
});

describe('an order that moved the market (the signal rule on a sweep)', () => {
  // one YES order of 5× the p99 of 200 among 3 orders, rare 1 in 10^3.5 orders; the price then jumped 6¢ (1 in 10^5 windows)
  const order = { maxOrderSize: 1_000, surpriseSingle: 3.5 };
  const move = { surprise: 5, tailSurprise: 5, move: 0.06, zWindow: 6, shortMove: 0.01, zShort: 1, readMove: 0.06 };
  const sweep = (o: Facts = order, m: Facts = move, orders = 3) => input(55, o, { priceImpact: m, clustering: { surprise: 0, ordersInWindow: orders } });

  it('reads the order among the window\'s orders and the move its way together, paying for combining them', () => {
    const t = 3.5 - Math.log10(3) + 5;
    // the move went the order's way (twice as rare), and the better of two reactions (move or emptied book) is paid for
    expect(sweepSurprise(sweep())).toBeCloseTo(t - Math.log10(1 + (t - 4) * Math.LN10), 10);
    expect(rules(sweep())).toEqual(['signal']);
    expect(firedRules(sweep(), DEFAULT_SETTINGS)[0]!.reason).toMatch(/^signal rule: an order that moved the market saw what happens about 1 in [\d,]+ windows in this market$/);
  });

  it('reads a book the order left empty as the market\'s reaction too', () => {
    const still = { surprise: 0, tailSurprise: 0, move: 0, zWindow: 0, shortMove: 0, zShort: 0, readMove: 0 };
    const emptied = (depthDrop: number, zDepth: number) => ({ ...sweep(order, still), signals: { ...sweep(order, still).signals, liquidity: { facts: { depthDrop, zDepth } } } });
    // 90% of the depth near the touch gone, z 5 (1 in 3.5 million snapshots)
    expect(rules(emptied(0.9, 5))).toEqual(['signal']);
    // a book a third thinner is not emptied, however rare for the market
    expect(rules(emptied(0.3, 5))).toEqual([]);
    expect(sweepSurprise(emptied(0.9, 1.5))).toBe(0);
  });

  it('reads the order, the move and the emptied book together when the market did both', () => {
    // a busy market: the largest of 11 orders at 1 in 10^3.8, a 7.5¢ move its way at 1 in 10^4 windows, the depth 60% down at z 2.9
    const busy = { ...order, surpriseSingle: 3.81 };
    const moved = { ...move, surprise: 26, tailSurprise: 4.04 };
    const both = (zDepth: number) => ({ ...sweep(busy, moved, 11), signals: { ...sweep(busy, moved, 11).signals, liquidity: { facts: { depthDrop: 0.6, zDepth } } } });
    const sOrder = 3.81 - Math.log10(11);
    const sMove = 4.04 + Math.log10(2);
    // the order with its better reaction falls short; all three together do not
    expect(combinedSurprise([sOrder, sMove - Math.log10(2)], 2)).toBeLessThan(DEFAULT_SETTINGS.signalRuleSurprise);
    expect(rules(sweep(busy, moved, 11))).toEqual([]);
    const sBook = 2.72; // −log10 of the normal tail beyond z = 2.89
    expect(sweepSurprise(both(2.89))).toBeCloseTo(combinedSurprise([sOrder, sMove, sBook], 2) - Math.log10(2), 2);
    expect(rules(both(2.89))).toEqual(['signal']);
    // a book only as thin as 1 in 30 snapshots does not stand as a third reading
    expect(rules(both(1.8))).toEqual([]);
  });

  it('reads a book that stayed thin for cycles after the order as the book\'s reaction, when no one snapshot is rare', () => {
    // eval:monitor seed 17's miss: the window's only order at 1 in 10^2.88 orders, a 5¢ move its way (1 in 10^2.39 by the
    // market's own tail of moves), and the typical resting order near the touch 41% smaller for cycles since (1 in 10^2.49),
    // while the snapshot's depth was only 27% down
    const busy = { ...order, surpriseSingle: 2.88 };
    const moved = { ...move, surprise: 17.63, tailSurprise: 2.39, readMove: 0.05 };
    const stayed = (sustainedLevelDrop: number, sustainedSurprise: number) => {
      const s = sweep(busy, moved, 1);
      return { ...s, signals: { ...s.signals, liquidity: { facts: { depthDrop: 0.27, zDepth: 0.69, sustainedLevelDrop, sustainedSurprise } } } };
    };
    expect(rules(stayed(0, 0))).toEqual([]);
    const sMove = 2.39 + Math.log10(2);
    expect(sweepSurprise(stayed(0.41, 2.49))).toBeCloseTo(combinedSurprise([2.88, sMove, 2.49], 2) - Math.log10(2), 10);
    expect(rules(stayed(0.41, 2.49))).toEqual(['signal']);
    // as large as the liquidity rule asks of a drain, and each reading at least 1 in 100
    expect(rules(stayed(SIGNAL_RULE.minLevelDrop - 0.01, 2.49))).toEqual([]);
    expect(rules(stayed(0.41, 1.9))).toEqual([]);
  });

  it('does not fire when the price moved against the order, either reading alone is common, or the market is busy enough that such an order is not', () => {
    expect(sweepSurprise(sweep({ ...order, maxOrderSide: 'no' }))).toBe(0);
    expect(sweepSurprise(sweep(order, { ...move, surprise: 9, tailSurprise: 1.9 }))).toBe(0);
    expect(rules(sweep({ ...order, surpriseSingle: 1.9 }, { ...move, surprise: 20, tailSurprise: 20 }))).toEqual(['signal']); // the price alone
    expect(sweepSurprise(sweep({ ...order, surpriseSingle: 1.9 }, { ...move, surprise: 20, tailSurprise: 20 }))).toBe(0);
    // the same order among 60 orders: one of them that large is expected about once in 50 windows
    expect(rules(sweep(order, move, 60))).toEqual([]);
  });

  it('does not fire on an order under 1.5× the p99, a move under 3¢, or near close; a young market\'s sweep stands', () => {
    expect(rules(sweep({ ...order, maxOrderSize: SIGNAL_RULE.sweepMinP99Multiple * 200 - 1 }))).toEqual([]);
    // 1.5× a p99 that leans on a pooled prior is enough, when the order was that rare and the market reacted
    expect(rules(sweep({ ...order, maxOrderSize: 300 }))).toEqual(['signal']);
    expect(rules(sweep(order, { ...move, move: 0.029, readMove: 0.029 }))).toEqual([]);
    expect(rules({ ...sweep(), baselineStatus: 'warming', historyHours: 3 })).toEqual(['signal']);
    expect(rules({ ...sweep(), hoursToClose: SIGNAL_RULE.priceQuietHoursBeforeClose - 1 })).toEqual([]);
    expect(rules({ ...sweep(), hoursToClose: SIGNAL_RULE.priceQuietHoursBeforeClose + 1 })).toEqual(['signal']);
  });
});

describe('off-hours trading (the signal rule on timing)', () => {
  // 6 orders of 200+ contracts at 3 AM ET, where this market's hour usually sees 1 % of its trades
  const night = { surprise: 9, quietness: 0.76, orders: 6, volumeRatio: 120 };
  it('fires on activity at a quiet hour that is rare for that hour and large in plain terms', () => {
    expect(rules(input(20, {}, { timing: night }))).toEqual(['signal']);
    expect(firedRules(input(20, {}, { timing: night }), DEFAULT_SETTINGS)[0]!.reason).toBe('signal rule: off-hours trading saw what happens about 1 in 1,000,000,000 windows in this market');
  });
  it('does not fire at an ordinary hour, on two orders, on a few times the usual volume, or below the rarity asked for', () => {
    expect(rules(input(20, {}, { timing: { ...night, quietness: 0.3 } }))).toEqual([]);
    expect(rules(input(20, {}, { timing: { ...night, orders: 2 } }))).toEqual([]);
    expect(rules(input(20, {}, { timing: { ...night, volumeRatio: 5 } }))).toEqual([]);
    expect(rules(input(20, {}, { timing: { ...night, surprise: DEFAULT_SETTINGS.signalRuleSurprise - 0.01 } }))).toEqual([]);
  });
  it('stands from a day of history, when the timing signal starts, not only on a market with its own baseline', () => {
    const young = (historyHours: number) => ({ ...input(20, {}, { timing: night }), baselineStatus: 'warming' as const, historyHours });
    expect(rules(young(MIN_HISTORY.timingHours))).toEqual(['signal']);
    expect(rules(young(MIN_HISTORY.timingHours - 0.5))).toEqual([]);
    expect(MIN_HISTORY.timingHours).toBeLessThan(MIN_HISTORY.hours);
  });
});

describe('filteredOut', () => {
  const market = { category: 'Economics', watched: false, dismissed: false };
  it('lets everything through at the defaults but dismissed markets', () => {
    expect(filteredOut(market, DEFAULT_SETTINGS)).toBeNull();
    expect(filteredOut({ ...market, dismissed: true }, DEFAULT_SETTINGS)).toBe('dismissed');
    expect(filteredOut({ ...market, dismissed: true }, { ...DEFAULT_SETTINGS, silenceDismissed: false })).toBeNull();
  });
  it('keeps to the watchlist and to the chosen categories (any case)', () => {
    expect(filteredOut(market, { ...DEFAULT_SETTINGS, alertWatchedOnly: true })).toBe('watchlist');
    expect(filteredOut({ ...market, watched: true }, { ...DEFAULT_SETTINGS, alertWatchedOnly: true })).toBeNull();
    expect(filteredOut(market, { ...DEFAULT_SETTINGS, alertCategories: ['Politics'] })).toBe('category');
    expect(filteredOut(market, { ...DEFAULT_SETTINGS, alertCategories: ['politics', 'economics'] })).toBeNull();
  });
});

describe('decideAlert', () => {
  it('alerts when a rule fired and there is no previous alert', () => {
    expect(decideAlert([], 99, null, now, cooldownMs)).toEqual({ alert: false, reason: 'no-rule' });
    expect(decideAlert(score, 70, null, now, cooldownMs)).toEqual({ alert: true, escalation: false });
  });

  it('does not re-alert within the cooldown unless the score rose by 15 or more', () => {
    const previous = { id: 'a1', composite: 72, createdAt: ago(cooldownMs - 1) };
    expect(decideAlert(score, 86.99, previous, now, cooldownMs)).toEqual({ alert: false, reason: 'cooldown' });
    expect(decideAlert(score, 87, previous, now, cooldownMs)).toEqual({ alert: true, escalation: true, previousAlertId: 'a1', scoreDelta: 15 });
  });

  it('alerts again once the cooldown has passed, as a fresh alert; a zero cooldown never holds back', () => {
    const previous = { id: 'a1', composite: 90, createdAt: ago(cooldownMs) };
    expect(decideAlert(score, 75, previous, now, cooldownMs)).toEqual({ alert: true, escalation: false });
    expect(decideAlert(score, 75, { ...previous, createdAt: now }, now, 0)).toEqual({ alert: true, escalation: false });
  });

  it('keys an alert by the alert it follows', () => {
    expect(alertDedupKey('KX-1', null)).toBe('KX-1>first');
    expect(alertDedupKey('KX-1', { id: 'a1' })).toBe('KX-1>a1');
  });
});
