// The JSON the trader stores (ai_decisions.context and .parsed, monthly_analyses' groups,
// daily_reports.summary), one zod schema each: the writer parses through it before storing and
// the API declares it as the response, so the OpenAPI document and the SPA know every field.
import { z } from '@hono/zod-openapi';

const Money = z.string().openapi({ description: 'Exact dollars, fixed-point string', example: '12.34' });
const Side = z.enum(['YES', 'NO']);

const RateRowSchema = z.object({ bucket: z.string(), trades: z.number().int(), wins: z.number().int(), winRate: z.number().nullable() });

/** What the selector was shown: our account and history, and the candidates (untrusted market text). */
export const DecisionContextSchema = z
  .object({
    mode: z.enum(['PAPER', 'LIVE']),
    modeReason: z.string(),
    bankroll: Money,
    dailyBudget: Money,
    budgetRemainingToday: Money,
    hardLimits: z.object({ maxContracts: z.number().int(), minAllocation: Money, maxAllocation: Money }),
    recentTrades: z.array(
      z.object({
        ticker: z.string(),
        category: z.string(),
        side: z.string(),
        entryPrice: z.number(),
        cost: Money,
        outcome: z.string(),
        pnl: Money.nullable(),
        confidence: z.number().nullable(),
        reasoning: z.string(),
      }),
    ),
    winRateByConfidence: z.array(RateRowSchema),
    winRateByOdds: z.array(RateRowSchema),
    winRateByCategory: z.array(RateRowSchema),
    lessonsFromLosses: z.array(z.object({ ticker: z.string(), category: z.string(), reasoning: z.string(), riskFactors: z.array(z.string()), pnl: Money.nullable() })),
    candidates: z.array(
      z.object({
        ticker: z.string(),
        side: Side,
        question: z.string(),
        yes_outcome: z.string().nullable(),
        rules: z.string().nullable(),
        price_of_side: z.number(),
        yes_price: z.number(),
        days_to_close: z.number(),
        depth_dollars: Money,
        category: z.string(),
        series: z.string(),
        monitor_flag: z.string().nullable(),
      }),
    ),
    funnel: z.array(z.object({ name: z.string(), description: z.string(), count: z.number().int() })),
    flaggedExcluded: z.array(z.string()).openapi({ description: 'Tickers left out because the monitor flagged them' }),
  })
  .openapi('DecisionContext', { description: 'What the selector was given: account, limits, history, and the candidates' });

export const StoredSelectionSchema = z
  .object({
    ticker: z.string().optional(),
    side: z.string().optional(),
    allocation: z.number().optional(),
    probability: z.number().optional(),
    confidence: z.number().optional(),
    reasoning: z.string().optional(),
    risk_factors: z.array(z.string()).optional(),
  })
  .openapi('SelectionAsSent', { description: 'One pick as the selector sent it (fields of the wrong type are dropped; the limits judge it)' });

export const StoredEnvelopeSchema = z
  .object({
    selected_contracts: z.array(StoredSelectionSchema),
    total_allocated: z.number(),
    strategy_notes: z.string(),
  })
  .openapi('DecisionEnvelope', { description: 'The selector\'s answer (the tool input), as it sent it' });

// The model's answer is text from outside: each pick keeps the fields that have the declared type
// and drops the others (the raw answer is stored beside it, whole), so what is stored always parses.
const SELECTION_FIELDS = StoredSelectionSchema.shape;
export function storedEnvelope(envelope: { selected_contracts: readonly unknown[]; total_allocated: number; strategy_notes: string }): z.output<typeof StoredEnvelopeSchema> {
  const picks = envelope.selected_contracts.map((raw) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
    const kept: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(SELECTION_FIELDS)) {
      const value = (raw as Record<string, unknown>)[key];
      if (value !== undefined && field.safeParse(value).success) kept[key] = value;
    }
    return kept;
  });
  return StoredEnvelopeSchema.parse({ selected_contracts: picks, total_allocated: envelope.total_allocated, strategy_notes: envelope.strategy_notes });
}

/** One category's or series' month (monthly analysis). */
export const GroupRowSchema = z
  .object({ key: z.string(), trades: z.number().int(), invested: Money, pnl: Money, winRate: z.number().nullable(), roi: z.number().nullable().openapi({ description: 'Percent' }) })
  .openapi('MonthlyGroupRow');
export const GroupRowsSchema = z.array(GroupRowSchema);

/** The morning report's numbers (daily_reports.summary). */
export const MorningSummarySchema = z
  .object({
    mode: z.enum(['PAPER', 'LIVE']),
    opened: z.number().int(),
    closed: z.number().int(),
    decisions: z.number().int(),
    open: z.number().int(),
    paused: z.boolean(),
    pnl: Money,
    winRate: z.number().nullable(),
    backtestEdge: z.enum(['demonstrated', 'not demonstrated', 'negative']),
  })
  .openapi('MorningReportSummary');
