// Trading routes: all protected (admin token or session). Money is exact dollar strings.
import { z } from '@hono/zod-openapi';
import { PROBLEM_CONTENT_TYPE, ProblemSchema, unavailableResponse } from '../lib/problem.ts';
import { protectedRoute } from '../lib/router.ts';
import { BacktestReportSchema } from './backtest/report.ts';
import { LIVE_CONFIRMATION } from './constants.ts';
import { DecisionContextSchema, GroupRowsSchema, MorningSummarySchema, StoredEnvelopeSchema } from './stored-shapes.ts';

const Money = z.string().openapi({ description: 'Exact dollars, fixed-point string', example: '12.34' });
const Mode = z.enum(['PAPER', 'LIVE']);
const tags = ['Trading'];
const VerdictText = z.string().openapi({ description: 'The verdict in plain words with its numbers, as the dashboard, the morning report and the live switch show it' });

const RateRowSchema = z.object({ bucket: z.string(), trades: z.number().int(), wins: z.number().int(), winRate: z.number().nullable(), avgConfidence: z.number().nullable() }).openapi('CalibrationBucket');

export const CalibrationSchema = z
  .object({ resolved: z.number().int(), brierScore: z.number().nullable().openapi({ description: 'Mean squared error of the stated probabilities; lower is better' }), buckets: z.array(RateRowSchema) })
  .openapi('Calibration');

export const TradingSummarySchema = z
  .object({
    mode: Mode,
    modeReason: z.string(),
    liveConfirmed: z.boolean(),
    selector: z.enum(['claude', 'rules']).openapi({ description: '"rules" = the deterministic selector used without ANTHROPIC_API_KEY' }),
    bankroll: Money.nullable(),
    bankrollError: z.string().nullable(),
    totalPnl: Money,
    totalInvested: Money,
    unrealizedPnl: Money,
    winRate: z.number().nullable(),
    roi: z.number().nullable().openapi({ description: 'Percent' }),
    trades: z.number().int(),
    wins: z.number().int(),
    losses: z.number().int(),
    openPositions: z.number().int(),
    breaker: z.object({ paused: z.boolean(), reason: z.string().nullable(), pausedAt: z.string().datetime().nullable() }),
    calibration: CalibrationSchema,
  })
  .openapi('TradingSummary');

export const OpenPositionSchema = z
  .object({
    id: z.string(),
    ticker: z.string(),
    title: z.string(),
    category: z.string(),
    side: z.enum(['YES', 'NO']),
    mode: Mode,
    contracts: z.string(),
    entryPrice: Money,
    cost: Money,
    entryFees: Money,
    currentPrice: Money.nullable(),
    unrealizedPnl: Money,
    aiConfidence: z.number().nullable(),
    openedAt: z.string().datetime(),
  })
  .openapi('OpenPosition');

export const TradeSchema = z
  .object({
    id: z.string(),
    mode: Mode,
    ticker: z.string(),
    seriesTicker: z.string(),
    category: z.string(),
    title: z.string(),
    side: z.enum(['YES', 'NO']),
    status: z.enum(['OPEN', 'WON', 'LOST', 'STOPPED', 'CLOSED']),
    contracts: z.string(),
    entryPrice: Money,
    cost: Money,
    entryFees: Money,
    exitPrice: Money.nullable(),
    proceeds: Money.nullable(),
    exitFees: Money,
    pnl: Money.nullable().openapi({ description: 'Net of all fees; set only from a sell fill or a settlement' }),
    aiProbability: z.number().nullable(),
    aiConfidence: z.number().nullable(),
    aiReasoning: z.string(),
    riskFactors: z.array(z.string()),
    decisionId: z.string().nullable(),
    openedAt: z.string().datetime(),
    closedAt: z.string().datetime().nullable(),
  })
  .openapi('Trade');

const CheckSchema = z.object({ check: z.string(), passed: z.boolean(), reason: z.string(), ticker: z.string().optional() }).openapi('LimitCheck');

export const DecisionSchema = z
  .object({
    id: z.string(),
    runAt: z.string().datetime(),
    selector: z.string(),
    model: z.string().nullable(),
    dryRun: z.boolean(),
    contractsAnalyzed: z.number().int(),
    contractsSelected: z.number().int(),
    totalAllocated: Money,
    strategyNotes: z.string().nullable(),
    checks: z.array(CheckSchema),
    parsed: z.union([StoredEnvelopeSchema, z.null()]).openapi({ description: 'The selector\'s answer as it sent it; null when it failed' }),
    rawResponse: z.string(),
    context: DecisionContextSchema,
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    cost: Money,
    error: z.string().nullable(),
  })
  .openapi('AiDecision');

const StageSchema = z.object({ name: z.string(), description: z.string(), count: z.number().int() });
const CandidateSchema = z
  .object({
    ticker: z.string(),
    title: z.string(),
    category: z.string(),
    side: z.enum(['YES', 'NO']),
    price: Money,
    yesPrice: Money,
    limit: Money,
    daysToClose: z.number(),
    depth: Money,
    monitorLabel: z.string().nullable(),
    flagged: z.boolean(),
  })
  .openapi('TradeCandidate');

export const QualifyingSchema = z
  .object({
    scannedAt: z.string().datetime(),
    funnel: z.array(StageSchema),
    samples: z.array(CandidateSchema),
    flaggedExcluded: z.array(CandidateSchema),
    nearMisses: z.array(z.object({ ticker: z.string(), stage: z.string(), reason: z.string() })),
    byOdds: z.record(z.string(), z.number().int()),
    byDays: z.record(z.string(), z.number().int()),
    criteria: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])),
  })
  .openapi('Qualifying');

const SnapshotSchema = z.object({
  date: z.string(),
  totalTrades: z.number().int(),
  wins: z.number().int(),
  losses: z.number().int(),
  winRate: z.number().nullable(),
  totalPnl: Money,
  totalInvested: Money,
  totalReturnPct: z.number().nullable(),
  bankroll: Money,
  unrealizedPnl: Money,
  openPositions: z.number().int(),
});
const MonthlySchema = z.object({
  month: z.string(),
  mode: Mode,
  totalTrades: z.number().int(),
  totalInvested: Money,
  totalPnl: Money,
  winRate: z.number().nullable(),
  avgRoi: z.number().nullable(),
  categoryAnalysis: GroupRowsSchema,
  seriesAnalysis: GroupRowsSchema,
  topCategories: GroupRowsSchema,
  worstCategories: GroupRowsSchema,
  insights: z.string(),
});
const DailyReportSchema = z.object({ date: z.string(), text: z.string(), summary: MorningSummarySchema });

export const ReportsSchema = z
  .object({
    mode: Mode.openapi({ description: 'Whose monthly analyses and calibration these are: paper and live are never mixed' }),
    daily: z.array(SnapshotSchema),
    monthly: z.array(MonthlySchema),
    morningReports: z.array(DailyReportSchema),
    calibration: CalibrationSchema,
  })
  .openapi('TradingReports');

const DiagnosticStep = z.object({ step: z.string(), ok: z.boolean(), detail: z.string() });

const page = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.string().datetime().optional().openapi({ description: 'Page: rows before this time' }),
});

export const summaryRoute = protectedRoute({
  method: 'get', path: '/api/trading/summary', operationId: 'getTradingSummary', tags,
  summary: 'Bankroll, P&L, win rate, ROI, open positions, breaker state and mode (paper or live)',
  responses: { 200: { description: 'Summary', content: { 'application/json': { schema: TradingSummarySchema } } } },
});

export const positionsRoute = protectedRoute({
  method: 'get', path: '/api/trading/positions', operationId: 'listOpenPositions', tags,
  summary: 'Open positions with current price and unrealized P&L',
  request: { query: z.object({ mode: Mode.optional() }) },
  responses: { 200: { description: 'Open positions', content: { 'application/json': { schema: z.object({ positions: z.array(OpenPositionSchema) }) } } } },
});

export const tradesRoute = protectedRoute({
  method: 'get', path: '/api/trading/trades', operationId: 'listTrades', tags,
  summary: 'Every trade (position) with the AI reasoning and its outcome, newest first',
  request: { query: page.extend({ status: z.enum(['OPEN', 'WON', 'LOST', 'STOPPED', 'CLOSED']).optional(), mode: Mode.optional() }) },
  responses: { 200: { description: 'Trades', content: { 'application/json': { schema: z.object({ trades: z.array(TradeSchema) }) } } } },
});

export const decisionsRoute = protectedRoute({
  method: 'get', path: '/api/trading/decisions', operationId: 'listAiDecisions', tags,
  summary: 'Every analysis run: context, raw response, parsed decision, limit checks, tokens and cost',
  request: { query: page },
  responses: { 200: { description: 'Decisions', content: { 'application/json': { schema: z.object({ decisions: z.array(DecisionSchema) }) } } } },
});

export const qualifyingRoute = protectedRoute({
  method: 'get', path: '/api/trading/qualifying', operationId: 'getQualifyingContracts', tags,
  summary: 'The scanner funnel now: count per stage, samples, breakdown by odds and days, current criteria',
  responses: { 200: { description: 'Funnel', content: { 'application/json': { schema: QualifyingSchema } } }, ...unavailableResponse },
});

export const reportsRoute = protectedRoute({
  method: 'get', path: '/api/trading/reports', operationId: 'getTradingReports', tags,
  summary: 'Daily performance snapshots, monthly analyses, morning reports and AI calibration',
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(366).default(60),
      mode: Mode.optional().openapi({ description: 'Paper or live (default: the current mode)' }),
    }),
  },
  responses: { 200: { description: 'Reports', content: { 'application/json': { schema: ReportsSchema } } } },
});

export const resumeRoute = protectedRoute({
  method: 'post', path: '/api/trading/resume', operationId: 'resumeTrading', tags,
  summary: 'Resume new entries after a circuit breaker tripped (an authorised decision)',
  responses: { 200: { description: 'Resumed', content: { 'application/json': { schema: z.object({ resumed: z.number().int(), paused: z.boolean() }) } } } },
});

export const modeRoute = protectedRoute({
  method: 'post', path: '/api/trading/mode', operationId: 'setTradingMode', tags,
  summary: 'Switch between paper and live trading; live needs the confirmation phrase, Kalshi keys and DRY_RUN=false',
  description: "Live states the latest backtest's verdict first: a request without the phrase is refused (400) with the verdict in its detail, and the answer repeats it.",
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ mode: z.enum(['paper', 'live']), confirm: z.string().max(200).optional().openapi({ example: LIVE_CONFIRMATION }) }).openapi('TradingModeChange') } },
    },
  },
  responses: {
    200: {
      description: 'The mode now in force',
      content: {
        'application/json': {
          schema: z.object({
            mode: Mode,
            liveConfirmed: z.boolean(),
            reason: z.string(),
            backtestVerdict: VerdictText.nullable().openapi({ description: "The latest backtest's verdict when switching to live (null when switching to paper)" }),
          }),
        },
      },
    },
    409: { description: 'Live trading is not possible here (no keys or DRY_RUN)', content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } },
  },
});

export const LatestBacktestSchema = z
  .object({
    report: z.union([BacktestReportSchema, z.null()]).openapi({ description: 'The latest stored backtest (`npm run backtest`); null before the first' }),
    verdict: VerdictText,
    edge: BacktestReportSchema.shape.edge.openapi({ description: 'The edge the product states: never "demonstrated" while the main strategy\'s interval includes zero; "not demonstrated" without a backtest' }),
  })
  .openapi('LatestBacktest');

export const backtestRoute = protectedRoute({
  method: 'get', path: '/api/trading/backtest', operationId: 'getLatestBacktest', tags,
  summary: "The latest backtest's report and its verdict: \"edge not demonstrated\" whenever the interval includes zero",
  responses: { 200: { description: 'The latest backtest', content: { 'application/json': { schema: LatestBacktestSchema } } } },
});

export const kalshiDiagnosticsRoute = protectedRoute({
  method: 'get', path: '/api/trading/diagnostics/kalshi', operationId: 'diagnoseKalshi', tags: ['Trading', 'Diagnostics'],
  summary: 'Check Kalshi connectivity, authentication, balance and an order book',
  responses: { 200: { description: 'Each step', content: { 'application/json': { schema: z.object({ ok: z.boolean(), steps: z.array(DiagnosticStep) }) } } }, ...unavailableResponse },
});

export const aiDiagnosticsRoute = protectedRoute({
  method: 'post', path: '/api/trading/diagnostics/ai', operationId: 'diagnoseAi', tags: ['Trading', 'Diagnostics'],
  summary: 'Run the scan and the analysis without trading; the decision is recorded as a dry run',
  responses: {
    200: {
      description: 'The analysis',
      content: {
        'application/json': {
          schema: z.object({ decision: DecisionSchema, wouldPlace: z.array(z.object({ ticker: z.string(), side: z.enum(['YES', 'NO']), limit: Money, contracts: z.string(), maxCost: Money })) }),
        },
      },
    },
    ...unavailableResponse,
  },
});
