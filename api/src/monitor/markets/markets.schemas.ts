import { ALERT_RULE_NAMES } from '../alerts/alert-rules.ts';
import { z } from '@hono/zod-openapi';
import { LABELS, SIGNAL_NAMES } from '../scoring/index.ts';
import { AlertBaselineSchema, AlertSignalsSchema, TriggerTradeSchema } from '../alerts/alert-payload.ts';

const Decimal = z.string().openapi({ description: 'Exact decimal string (dollars or contracts)', example: '0.6200' });
export const LabelSchema = z.enum(LABELS).openapi('ScoreLabel');

export const ScoreSummarySchema = z
  .object({ composite: z.number(), label: LabelSchema, scoredAt: z.string().datetime() })
  .openapi('ScoreSummary');

export const UserStateSchema = z
  .object({ watched: z.boolean(), dismissed: z.boolean() })
  .openapi('UserState', { description: 'Present only for signed-in requests' });

export const MarketSummarySchema = z
  .object({
    ticker: z.string(),
    title: z.string(),
    yesSubTitle: z.string().nullable(),
    eventTicker: z.string(),
    eventTitle: z.string(),
    category: z.string(),
    status: z.string(),
    closeTime: z.string().datetime(),
    yesBid: Decimal.nullable(),
    yesAsk: Decimal.nullable(),
    lastPrice: Decimal.nullable(),
    volume: Decimal,
    volume24h: Decimal,
    openInterest: Decimal,
    eligible: z.boolean(),
    score: z.union([ScoreSummarySchema, z.null()]),
    userState: z.union([UserStateSchema, z.null()]),
  })
  .openapi('MarketSummary');

/**
 * A market's baseline as the scoring model keeps it (baselines.extra, written by monitor/pipeline/baselines.ts
 * from scoring/types.ts `Baseline`), plus `computedAt`: named statistics, each a number, null (no book history),
 * a list of numbers (hour-of-day profiles, size quantiles) or a small record of numbers (tail quantiles).
 */
export const BaselineStatsSchema = z
  .record(z.string(), z.union([z.number(), z.string(), z.null(), z.array(z.number()), z.record(z.string(), z.number())]))
  .openapi('BaselineStats', { description: 'Named baseline statistics (see scoring/types.ts Baseline); computedAt is an ISO time' });

export const SignalBreakdownSchema = z
  .object({
    name: z.enum(SIGNAL_NAMES),
    title: z.string(),
    weight: z.number().openapi({ description: 'Percent of the composite' }),
    score: z.number(),
    contribution: z.number().openapi({ description: 'weight × score / 100' }),
    facts: z.record(z.string(), z.union([z.number(), z.string()])),
  })
  .openapi('SignalBreakdown');

export const TradeSchema = z
  .object({ tradeId: z.string(), createdTime: z.string().datetime(), yesPrice: Decimal, noPrice: Decimal, count: Decimal, takerSide: z.enum(['yes', 'no']) })
  .openapi('MarketTrade');

export const BookSnapshotSchema = z
  .object({
    capturedAt: z.string().datetime(),
    bestYesBid: Decimal.nullable(),
    bestYesAsk: Decimal.nullable(),
    spread: Decimal.nullable(),
    yesDepth: Decimal,
    noDepth: Decimal,
    yesDepthDollars: Decimal,
    noDepthDollars: Decimal,
    levels: z.object({ yes: z.array(z.tuple([z.string(), z.string()])), no: z.array(z.tuple([z.string(), z.string()])) }),
  })
  .openapi('BookSnapshot');

/** One rule that fired an alert, with its reason (written by monitor/alerts/generate-alerts.ts). */
export const FiredRuleSchema = z
  .object({
    rule: z.enum(ALERT_RULE_NAMES).openapi({ description: 'score: the composite reached the threshold; whale: the whale rule; signal: one signal alone was extreme' }),
    reason: z.string(),
  })
  .openapi('FiredRule');

export const AlertSchema = z
  .object({
    id: z.string(),
    ticker: z.string(),
    marketTitle: z.string(),
    createdAt: z.string().datetime(),
    composite: z.number(),
    label: LabelSchema,
    explanation: z.string(),
    isEscalation: z.boolean(),
    scoreDelta: z.number().nullable(),
    signals: AlertSignalsSchema,
    baseline: AlertBaselineSchema,
    triggerTrades: z.array(TriggerTradeSchema),
    rules: z.array(FiredRuleSchema).openapi({ description: 'The alert rules that fired, strongest evidence first' }),
  })
  .openapi('Alert');

export const ScorePointSchema = z
  .object({
    scoredAt: z.string().datetime(),
    composite: z.number(),
    label: LabelSchema,
    tradeSize: z.number(),
    priceImpact: z.number(),
    liquidity: z.number(),
    clustering: z.number(),
    timing: z.number(),
    crossMarket: z.number(),
  })
  .openapi('ScorePoint');

export const MarketDetailSchema = z
  .object({
    market: MarketSummarySchema.extend({
      noSubTitle: z.string().nullable(),
      rulesPrimary: z.string().nullable(),
      seriesTicker: z.string(),
      seriesTitle: z.string(),
      eligibilityReason: z.string().nullable(),
      result: z.string().nullable(),
    }),
    score: z.union([
      z.object({
        composite: z.number(),
        label: LabelSchema,
        gatePassed: z.boolean(),
        scoredAt: z.string().datetime(),
        explanation: z.string(),
        signals: z.array(SignalBreakdownSchema),
        baselineStatus: z.string(),
      }),
      z.null(),
    ]),
    history: z.array(ScorePointSchema),
    trades: z.array(TradeSchema),
    book: z.union([BookSnapshotSchema, z.null()]),
    baseline: z.union([BaselineStatsSchema, z.null()]),
    alerts: z.array(AlertSchema),
  })
  .openapi('MarketDetail');
