import type { z } from '@hono/zod-openapi';
import type { DecisionContextSchema, GroupRowsSchema, MorningSummarySchema, StoredEnvelopeSchema } from './stored-shapes.ts';
import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ProblemError } from '../lib/problem.ts';
import type { AppEnv } from '../lib/types.ts';
import { redactSecrets } from '../lib/redact.ts';
import { latestBacktestReport } from './backtest/store.ts';
import { backtestVerdict, edgeOf } from './backtest/verdict.ts';
import { LIVE_CONFIRMATION, TRADER_DEFAULTS } from './constants.ts';
import { centiToDec, decToMicros, dollars } from './money.ts';
import { type TraderDeps, runTradingCycle } from './pipeline.ts';
import { resumeTrading, activePause } from './risk/breakers.ts';
import { calibration } from './reports/metrics.ts';
import { buildSummary, openPositions } from './reports/performance.ts';
import { toOutcome } from './reports/queries.ts';
import type { Candidate } from './scanner/criteria.ts';
import { scanMarkets } from './scanner/scanner.ts';
import { loadTraderParams } from './settings.ts';
import { getModeState, setLiveConfirmed } from './state.ts';
import type {
  aiDiagnosticsRoute,
  backtestRoute,
  decisionsRoute,
  kalshiDiagnosticsRoute,
  modeRoute,
  positionsRoute,
  qualifyingRoute,
  reportsRoute,
  resumeRoute,
  summaryRoute,
  tradesRoute,
} from './trading.routes.ts';

type H<R extends RouteConfig> = RouteHandler<R, AppEnv>;

/** Stored JSON is parsed through its schema when written (stored-shapes.ts), so it is read as that type. */
type Stored<T extends z.ZodType> = z.output<T>;

function traderDeps(c: Context<AppEnv>): TraderDeps {
  const deps = c.get('deps');
  if (!deps.services) throw new ProblemError('unavailable', 503, 'The trader needs the Kalshi and AI services, which this instance was started without.');
  return { prisma: deps.db.prisma, services: deps.services, logger: c.get('logger'), now: deps.now ?? (() => new Date()) };
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const dec = (v: { toFixed(d: number): string } | null) => (v === null ? null : dollars(decToMicros(v)));

export const summaryHandler: H<typeof summaryRoute> = async (c) => {
  const s = await buildSummary(traderDeps(c));
  return c.json(
    {
      mode: s.mode,
      modeReason: s.modeReason,
      liveConfirmed: s.liveConfirmed,
      selector: s.selector,
      bankroll: s.bankrollMicros === null ? null : dollars(s.bankrollMicros),
      bankrollError: s.bankrollError ? redactSecrets(s.bankrollError, c.get('deps').services?.secrets ?? []) : null,
      totalPnl: dollars(s.stats.pnlMicros),
      totalInvested: dollars(s.stats.investedMicros),
      unrealizedPnl: dollars(s.unrealizedMicros),
      winRate: s.stats.winRate,
      roi: s.stats.roi,
      trades: s.stats.closed,
      wins: s.stats.wins,
      losses: s.stats.losses,
      openPositions: s.openPositions,
      breaker: { paused: s.breaker.paused, reason: s.breaker.reason, pausedAt: iso(s.breaker.pausedAt) },
      calibration: s.calibration,
    },
    200,
  );
};

export const positionsHandler: H<typeof positionsRoute> = async (c) => {
  const { mode } = c.req.valid('query');
  const rows = await openPositions(c.get('deps').db.prisma, mode);
  return c.json(
    {
      positions: rows.map((p) => ({
        id: p.id,
        ticker: p.ticker,
        title: p.title,
        category: p.category,
        side: p.side,
        mode: p.mode,
        contracts: centiToDec(p.contracts),
        entryPrice: dollars(p.entryPriceMicros),
        cost: dollars(p.costMicros),
        entryFees: dollars(p.entryFeesMicros),
        currentPrice: p.currentPriceMicros === null ? null : dollars(p.currentPriceMicros),
        unrealizedPnl: dollars(p.unrealizedMicros),
        aiConfidence: p.aiConfidence,
        openedAt: p.openedAt.toISOString(),
      })),
    },
    200,
  );
};

export const tradesHandler: H<typeof tradesRoute> = async (c) => {
  const { limit, before, status, mode } = c.req.valid('query');
  const rows = await c.get('deps').db.prisma.position.findMany({
    where: { ...(status ? { status } : {}), ...(mode ? { mode } : {}), ...(before ? { openedAt: { lt: new Date(before) } } : {}) },
    orderBy: { openedAt: 'desc' },
    take: limit,
  });
  return c.json(
    {
      trades: rows.map((p) => ({
        id: p.id,
        mode: p.mode,
        ticker: p.ticker,
        seriesTicker: p.seriesTicker,
        category: p.category,
        title: p.title,
        side: p.side,
        status: p.status,
        contracts: p.contracts.toFixed(2),
        entryPrice: dec(p.entryPrice)!,
        cost: dec(p.cost)!,
        entryFees: dec(p.entryFees)!,
        exitPrice: dec(p.exitPrice),
        proceeds: dec(p.proceeds),
        exitFees: dec(p.exitFees)!,
        pnl: dec(p.pnl),
        aiProbability: p.aiProbability,
        aiConfidence: p.aiConfidence,
        aiReasoning: p.aiReasoning,
        riskFactors: Array.isArray(p.riskFactors) ? (p.riskFactors as unknown[]).map(String) : [],
        decisionId: p.decisionId,
        openedAt: p.openedAt.toISOString(),
        closedAt: iso(p.closedAt),
      })),
    },
    200,
  );
};

type DecisionRow = Awaited<ReturnType<TraderDeps['prisma']['aiDecision']['findFirstOrThrow']>>;

function decisionDto(d: DecisionRow) {
  return {
    id: d.id,
    runAt: d.runAt.toISOString(),
    selector: d.selector,
    model: d.model,
    dryRun: d.dryRun,
    contractsAnalyzed: d.contractsAnalyzed,
    contractsSelected: d.contractsSelected,
    totalAllocated: dec(d.totalAllocated)!,
    strategyNotes: d.strategyNotes,
    checks: (Array.isArray(d.checks) ? d.checks : []) as { check: string; passed: boolean; reason: string; ticker?: string }[],
    parsed: d.parsed as Stored<typeof StoredEnvelopeSchema> | null,
    rawResponse: d.rawResponse,
    context: d.context as Stored<typeof DecisionContextSchema>,
    inputTokens: d.inputTokens,
    outputTokens: d.outputTokens,
    cost: dec(d.costUsd)!,
    error: d.error,
  };
}

export const decisionsHandler: H<typeof decisionsRoute> = async (c) => {
  const { limit, before } = c.req.valid('query');
  const rows = await c.get('deps').db.prisma.aiDecision.findMany({ where: before ? { runAt: { lt: new Date(before) } } : {}, orderBy: { runAt: 'desc' }, take: limit });
  return c.json({ decisions: rows.map(decisionDto) }, 200);
};

function candidateDto(x: Candidate) {
  return {
    ticker: x.ticker,
    title: x.title,
    category: x.category,
    side: x.side,
    price: dollars(x.priceMicros),
    yesPrice: dollars(x.yesPriceMicros),
    limit: dollars(x.limitMicros),
    daysToClose: x.daysToClose,
    depth: dollars(x.depthMicros),
    monitorLabel: x.monitorLabel,
    flagged: x.flagged,
  };
}

export const qualifyingHandler: H<typeof qualifyingRoute> = async (c) => {
  const deps = traderDeps(c);
  const params = await loadTraderParams(deps.prisma);
  const scan = await scanMarkets(deps.prisma, deps.services.kalshi, params, deps.now());
  const settings = { ...TRADER_DEFAULTS, ...(await deps.prisma.setting.findMany({ where: { key: { in: Object.keys(TRADER_DEFAULTS) } } })).reduce<Record<string, unknown>>((a, r) => ({ ...a, [r.key]: r.value }), {}) };
  const criteria = Object.fromEntries(Object.entries(settings).filter(([, v]) => ['number', 'boolean', 'string'].includes(typeof v))) as Record<string, number | boolean | string>;
  return c.json(
    {
      scannedAt: scan.scannedAt.toISOString(),
      funnel: scan.funnel,
      samples: scan.candidates.slice(0, 20).map(candidateDto),
      flaggedExcluded: scan.flaggedExcluded.slice(0, 20).map(candidateDto),
      nearMisses: scan.nearMisses,
      byOdds: scan.byOdds,
      byDays: scan.byDays,
      criteria,
    },
    200,
  );
};

export const reportsHandler: H<typeof reportsRoute> = async (c) => {
  const { limit, mode: asked } = c.req.valid('query');
  const deps = c.get('deps');
  const prisma = deps.db.prisma;
  const mode = asked ?? (await getModeState(prisma, deps.services)).mode;
  const [daily, monthly, morning, positions] = await Promise.all([
    prisma.performanceSnapshot.findMany({ where: { mode }, orderBy: { date: 'desc' }, take: limit }),
    prisma.monthlyAnalysis.findMany({ where: { mode }, orderBy: { monthStart: 'desc' }, take: 24 }),
    prisma.dailyReport.findMany({ orderBy: { date: 'desc' }, take: Math.min(limit, 30) }),
    prisma.position.findMany({ where: { mode, status: { not: 'OPEN' } }, select: { status: true, cost: true, entryFees: true, pnl: true, aiProbability: true, aiConfidence: true } }),
  ]);
  return c.json(
    {
      mode,
      daily: daily.map((d) => ({
        date: d.date.toISOString().slice(0, 10),
        totalTrades: d.totalTrades,
        wins: d.wins,
        losses: d.losses,
        winRate: d.winRate,
        totalPnl: dec(d.totalPnl)!,
        totalInvested: dec(d.totalInvested)!,
        totalReturnPct: d.totalReturnPct,
        bankroll: dec(d.bankroll)!,
        unrealizedPnl: dec(d.unrealizedPnl)!,
        openPositions: d.openPositions,
      })),
      monthly: monthly.map((m) => ({
        month: m.monthStart.toISOString().slice(0, 7),
        mode: m.mode,
        totalTrades: m.totalTrades,
        totalInvested: dec(m.totalInvested)!,
        totalPnl: dec(m.totalPnl)!,
        winRate: m.winRate,
        avgRoi: m.avgRoi,
        categoryAnalysis: m.categoryAnalysis as Stored<typeof GroupRowsSchema>,
        seriesAnalysis: m.seriesAnalysis as Stored<typeof GroupRowsSchema>,
        topCategories: m.topCategories as Stored<typeof GroupRowsSchema>,
        worstCategories: m.worstCategories as Stored<typeof GroupRowsSchema>,
        insights: m.insights,
      })),
      morningReports: morning.map((r) => ({ date: r.date.toISOString().slice(0, 10), text: r.text, summary: r.summary as Stored<typeof MorningSummarySchema> })),
      calibration: calibration(positions.map(toOutcome)),
    },
    200,
  );
};

export const resumeHandler: H<typeof resumeRoute> = async (c) => {
  const deps = c.get('deps');
  const { prisma } = deps.db;
  const resumed = await resumeTrading(prisma, (deps.now ?? (() => new Date()))());
  c.get('logger').warn({ resumed }, 'trading resumed by an authorised user');
  const { mode } = await getModeState(prisma, deps.services);
  return c.json({ resumed, paused: Boolean(await activePause(prisma, mode)) }, 200);
};

export const modeHandler: H<typeof modeRoute> = async (c) => {
  const { mode, confirm } = c.req.valid('json');
  const deps = c.get('deps');
  const now = (deps.now ?? (() => new Date()))();
  // Live shows the evidence first: whoever asks for real money reads the backtest's verdict before the phrase is accepted.
  const evidence = mode === 'live' ? backtestVerdict(await latestBacktestReport(deps.db.prisma)) : null;
  if (mode === 'live') {
    if (confirm !== LIVE_CONFIRMATION) throw new ProblemError('validation', 400, `${evidence} Switching to live trading needs confirm: "${LIVE_CONFIRMATION}".`);
    if (!deps.services?.kalshiAuthenticated) throw new ProblemError('conflict', 409, 'Live trading needs Kalshi API keys (KALSHI_API_KEY_ID and a private key).');
    if (deps.services.dryRun) throw new ProblemError('conflict', 409, 'Live trading is disabled while DRY_RUN is not false.');
  }
  await setLiveConfirmed(deps.db.prisma, mode === 'live', now, deps.services?.kalshi.keyFingerprint() ?? null);
  c.get('logger').warn({ mode }, 'trading mode changed');
  const state = await getModeState(deps.db.prisma, deps.services);
  return c.json({ mode: state.mode, liveConfirmed: state.liveConfirmed, reason: state.reason, backtestVerdict: evidence }, 200);
};

export const backtestHandler: H<typeof backtestRoute> = async (c) => {
  const report = await latestBacktestReport(c.get('deps').db.prisma);
  return c.json({ report, verdict: backtestVerdict(report), edge: edgeOf(report) }, 200);
};

export const kalshiDiagnosticsHandler: H<typeof kalshiDiagnosticsRoute> = async (c) => {
  const deps = traderDeps(c);
  const { kalshi, kalshiAuthenticated, secrets } = deps.services;
  const steps: { step: string; ok: boolean; detail: string }[] = [];
  const clean = (e: unknown) => redactSecrets((e as Error).message ?? String(e), secrets).slice(0, 300);
  let ticker: string | null = null;
  try {
    const status = await kalshi.getExchangeStatus();
    steps.push({ step: 'connectivity', ok: true, detail: `exchange_active=${status.exchange_active} trading_active=${status.trading_active}` });
  } catch (e) {
    steps.push({ step: 'connectivity', ok: false, detail: clean(e) });
  }
  if (!kalshiAuthenticated) {
    steps.push({ step: 'authentication', ok: false, detail: 'no Kalshi API keys configured: paper trading only' });
  } else {
    try {
      const balance = await kalshi.getBalance();
      steps.push({ step: 'authentication', ok: true, detail: 'signed request accepted' });
      steps.push({ step: 'balance', ok: true, detail: `balance ${dollars(balance.balance_micros)}` });
    } catch (e) {
      steps.push({ step: 'authentication', ok: false, detail: clean(e) });
    }
  }
  try {
    const m = await deps.prisma.market.findFirst({ where: { status: { in: ['active', 'open'] } }, orderBy: { volume24h: 'desc' } });
    ticker = m?.ticker ?? null;
    if (!ticker) for await (const mk of kalshi.listMarkets({ status: 'open' }, { maxPages: 1 })) { ticker = mk.ticker; break; }
    if (!ticker) steps.push({ step: 'orderbook', ok: false, detail: 'no open market to read' });
    else {
      const book = await kalshi.getOrderbook(ticker);
      steps.push({ step: 'orderbook', ok: true, detail: `${ticker}: ${book.yes.length} YES and ${book.no.length} NO bid levels` });
    }
  } catch (e) {
    steps.push({ step: 'orderbook', ok: false, detail: clean(e) });
  }
  const required = steps.filter((s) => s.step !== 'authentication' || kalshiAuthenticated);
  return c.json({ ok: required.every((s) => s.ok), steps }, 200);
};

export const aiDiagnosticsHandler: H<typeof aiDiagnosticsRoute> = async (c) => {
  const deps = traderDeps(c);
  const run = await runTradingCycle(deps, { analysisOnly: true });
  const decision = await deps.prisma.aiDecision.findUniqueOrThrow({ where: { id: run.decisionId } });
  return c.json(
    {
      decision: decisionDto(decision),
      wouldPlace: run.approvedOrders.map((o) => ({ ticker: o.ticker, side: o.side, limit: dollars(o.limitMicros), contracts: centiToDec(o.countCenti), maxCost: dollars(o.maxCostMicros) })),
    },
    200,
  );
};

