// The alert step of the cycle: scores at or over the threshold become alerts (deduplicated,
// escalations allowed), each with the signals, baseline and trades that triggered it, and
// each alert's notifications go into the outbox in the same step.
import type { Alert, PrismaClient } from '@sentinel/db';
import type { EventBus } from '../../lib/event-bus.ts';
import type { Settings } from '../../settings/settings.schema.ts';
import type { ScoredMarket } from '../pipeline/score-cycle.ts';
import { WEIGHTS } from '../scoring/index.ts';
import { ALERT_RULES, decideAlert } from './alert-rules.ts';

export type AlertNotifier = (alert: Alert) => Promise<void>;

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

export async function generateAlerts(
  deps: AlertDeps,
  scored: ScoredMarket[],
  settings: Pick<Settings, 'alertThreshold'>,
  scoredAt: Date,
): Promise<{ alertsCreated: number; escalations: number; deduplicated: number }> {
  const candidates = scored.filter((s) => s.score.composite >= settings.alertThreshold);
  const counts = { alertsCreated: 0, escalations: 0, deduplicated: 0 };
  if (candidates.length === 0) return counts;

  const since = new Date(scoredAt.getTime() - ALERT_RULES.dedupWindowMs);
  const recent = await deps.prisma.alert.findMany({
    where: { ticker: { in: candidates.map((c) => c.ticker) }, createdAt: { gte: since } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, ticker: true, composite: true, createdAt: true },
  });
  const lastByTicker = new Map<string, (typeof recent)[number]>();
  for (const a of recent) if (!lastByTicker.has(a.ticker)) lastByTicker.set(a.ticker, a);

  for (const s of candidates) {
    const decision = decideAlert(s.score.composite, settings.alertThreshold, lastByTicker.get(s.ticker) ?? null, scoredAt);
    if (!decision.alert) {
      counts.deduplicated += 1;
      continue;
    }
    const payload = alertPayload(s);
    // One alert per market per scoring run: a retried cycle finds it and does not alert twice.
    const dedupKey = `${s.ticker}@${scoredAt.toISOString()}`;
    const created = await deps.prisma.alert.createManyAndReturn({
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
          dedupKey,
          signals: payload.signals,
          baseline: payload.baseline ?? {},
          triggerTrades: payload.triggerTrades,
        },
      ],
      skipDuplicates: true,
    });
    const alert = created[0] ?? (await deps.prisma.alert.findUniqueOrThrow({ where: { dedupKey } }));
    await deps.notify(alert);
    if (created[0]) {
      counts.alertsCreated += 1;
      if (decision.escalation) counts.escalations += 1;
      deps.events?.emit('alert', {
        id: alert.id,
        ticker: alert.ticker,
        composite: alert.composite,
        label: alert.label,
        createdAt: alert.createdAt.toISOString(),
        isEscalation: alert.isEscalation,
        explanation: alert.explanation,
      });
    }
  }
  return counts;
}
