// The alert step of the cycle and of the live path: scored markets that fire a rule (see
// alert-rules.ts) and pass the user's filters become alerts, each with the rules that fired and
// the signals, baseline and trades behind it. One alert at a time, under one advisory lock: the
// cooldown and the daily budget are read and the alert and its notifications written in one
// transaction, so the cycle and the live path racing on the same market cannot both alert.
import type { Alert, Prisma, PrismaClient } from '@sentinel/db';
import type { EventBus } from '../../lib/event-bus.ts';
import type { Settings } from '../../settings/settings.schema.ts';
import type { ScoredMarket } from '../pipeline/score-cycle.ts';
import { WEIGHTS } from '../scoring/index.ts';
import { startOfEasternDay } from '../../trader/state.ts';
import { type FiredRule, alertDedupKey, decideAlert, filteredOut, firedRules } from './alert-rules.ts';
import { storedAlertPayload } from './alert-payload.ts';

/** Enqueues an alert's notifications on the transaction that creates it. */
export type AlertNotifier = (alert: Alert, tx: Prisma.TransactionClient) => Promise<void>;

export type AlertSettings = Pick<
  Settings,
  | 'alertThreshold'
  | 'whaleRuleEnabled'
  | 'whaleMinDollars'
  | 'whaleP99Multiple'
  | 'signalRuleSurprise'
  | 'alertCooldownMinutes'
  | 'dailyAlertBudget'
  | 'alertCategories'
  | 'alertWatchedOnly'
  | 'silenceDismissed'
>;

export interface AlertCounts {
  alertsCreated: number;
  escalations: number;
  /** Fired a rule within the market's cooldown. */
  deduplicated: number;
  /** Fired a rule but kept out by the category, watchlist or dismissed filters. */
  alertsFiltered: number;
  /** Fired a rule after the day's alert budget was spent. */
  alertsOverBudget: number;
  /** How many of the alerts created each rule fired (an alert may fire several). */
  scoreRuleAlerts: number;
  whaleRuleAlerts: number;
  signalRuleAlerts: number;
}

const ALERT_LOCK = 'monitor-alerts';

export interface AlertDeps {
  prisma: PrismaClient;
  now: () => Date;
  events?: EventBus;
  /** Puts the alert's email and webhook in the outbox. */
  notify: AlertNotifier;
}

function alertPayload(s: ScoredMarket) {
  const { baselineStatus: _status, ...local } = s.signals;
  const all = { ...local, crossMarket: s.crossMarket };
  const signals = Object.fromEntries(
    Object.entries(all).map(([name, result]) => [
      name,
      { score: s.score.subScores[name as keyof typeof s.score.subScores], weight: WEIGHTS[name as keyof typeof WEIGHTS], facts: result.facts },
    ]),
  );
  const b = s.baseline;
  const baseline = b
    ? {
        historyHours: b.historyHours,
        tradeCount: b.tradeCount,
        tradeSizeMedian: b.tradeSizeMedian,
        tradeSizeP99: b.tradeSizeP99,
        tradesPerHourMedian: b.tradesPerHourMedian,
        priceMoveMedian: b.priceMoveMedian,
        spreadMedian: b.spreadMedian,
        depthMedian: b.depthMedian,
      }
    : null;
  const triggerTrades = [...s.trades]
    .sort((x, y) => y.count - x.count)
    .slice(0, 10)
    .map((t) => ({ tradeId: t.tradeId, at: new Date(t.ts).toISOString(), yesPrice: t.yesPrice, count: t.count, takerSide: t.takerSide }));
  return { signals, baseline, triggerTrades };
}

export async function generateAlerts(deps: AlertDeps, scored: ScoredMarket[], settings: AlertSettings, scoredAt: Date): Promise<AlertCounts> {
  const counts: AlertCounts = {
    alertsCreated: 0,
    escalations: 0,
    deduplicated: 0,
    alertsFiltered: 0,
    alertsOverBudget: 0,
    scoreRuleAlerts: 0,
    whaleRuleAlerts: 0,
    signalRuleAlerts: 0,
  };
  const ruleInput = (s: ScoredMarket, hoursToClose?: number) => ({
    composite: s.score.composite,
    baselineStatus: s.signals.baselineStatus,
    historyHours: s.baseline?.historyHours ?? 0,
    signals: s.signals,
    hoursToClose,
  });
  // Knowing the close time can only take a rule away, so it is read for the markets that fire one without it.
  const firing = scored.filter((s) => firedRules(ruleInput(s), settings).length > 0);
  if (firing.length === 0) return counts;
  const markets = await deps.prisma.market.findMany({
    where: { ticker: { in: firing.map((s) => s.ticker) } },
    select: { ticker: true, category: true, closeTime: true, userState: { select: { watched: true, dismissed: true } } },
  });
  const byTicker = new Map(markets.map((m) => [m.ticker, m]));
  const hoursToClose = (ticker: string) => {
    const close = byTicker.get(ticker)?.closeTime;
    return close ? (close.getTime() - scoredAt.getTime()) / 3_600_000 : undefined;
  };
  const candidates = firing
    .map((s) => ({ s, fired: firedRules(ruleInput(s, hoursToClose(s.ticker)), settings) }))
    .filter((c) => c.fired.length > 0)
    // The budget keeps the strongest: whales first, then by composite.
    .sort((a, b) => rank(b.fired) - rank(a.fired) || b.s.score.composite - a.s.score.composite || (a.s.ticker < b.s.ticker ? -1 : 1));
  const cooldownMs = settings.alertCooldownMinutes * 60_000;
  const dayStart = startOfEasternDay(scoredAt);

  for (const { s, fired } of candidates) {
    const market = byTicker.get(s.ticker);
    if (!market) continue;
    if (filteredOut({ category: market.category, watched: market.userState?.watched ?? false, dismissed: market.userState?.dismissed ?? false }, settings)) {
      counts.alertsFiltered += 1;
      continue;
    }
    const outcome = await deps.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${ALERT_LOCK}))`;
      const previous = await tx.alert.findFirst({
        where: { ticker: s.ticker },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        select: { id: true, composite: true, createdAt: true },
      });
      const decision = decideAlert(fired, s.score.composite, previous, scoredAt, cooldownMs);
      if (!decision.alert) return 'cooldown' as const;
      if (settings.dailyAlertBudget > 0) {
        const today = await tx.alert.count({ where: { createdAt: { gte: dayStart, lte: scoredAt } } });
        if (today >= settings.dailyAlertBudget) return 'over-budget' as const;
      }
      const payload = storedAlertPayload(alertPayload(s));
      const created = await tx.alert.createManyAndReturn({
        data: [
          {
            ticker: s.ticker,
            createdAt: scoredAt,
            composite: s.score.composite,
            label: s.score.label,
            explanation: s.score.explanation,
            isEscalation: decision.escalation,
            previousAlertId: decision.escalation ? decision.previousAlertId : null,
            scoreDelta: decision.escalation ? decision.scoreDelta : null,
            dedupKey: alertDedupKey(s.ticker, previous),
            signals: payload.signals,
            baseline: payload.baseline ?? {},
            triggerTrades: payload.triggerTrades,
            rules: fired.map((r) => ({ ...r })),
          },
        ],
        skipDuplicates: true,
      });
      const alert = created[0];
      if (!alert) return 'cooldown' as const;
      await deps.notify(alert, tx);
      return alert;
    });
    if (outcome === 'cooldown') counts.deduplicated += 1;
    else if (outcome === 'over-budget') counts.alertsOverBudget += 1;
    else {
      counts.alertsCreated += 1;
      if (outcome.isEscalation) counts.escalations += 1;
      for (const r of fired) counts[`${r.rule}RuleAlerts`] += 1;
      deps.events?.emit('alert', {
        id: outcome.id,
        ticker: outcome.ticker,
        composite: outcome.composite,
        label: outcome.label,
        createdAt: outcome.createdAt.toISOString(),
        isEscalation: outcome.isEscalation,
        explanation: outcome.explanation,
      });
    }
  }
  return counts;
}

const rank = (fired: readonly FiredRule[]) => (fired.some((r) => r.rule === 'whale') ? 1 : 0);
