// The daily trading cycle: scan → analyse (Claude, or the rules without a key) → hard limits →
// execute. Every run leaves an AiDecision row, whatever happened.
import type { PrismaClient } from '@sentinel/db';
import { recordError } from '../errors/error-log.ts';
import { redactJson, redactSecrets } from '../lib/redact.ts';
import type { Logger } from '../lib/logger.ts';
import type { Services } from '../services.ts';
import { type AnalyzerOutcome, callClaude } from './analyzer/claude.ts';
import { buildContext, candidateData, loadHistory, winRatesByOdds } from './analyzer/context.ts';
import { SYSTEM_PROMPT, buildUserMessage } from './analyzer/prompt.ts';
import { selectByRules } from './analyzer/rules.ts';
import { enterPosition } from './execution/executor.ts';
import { createLiveVenue, createPaperVenue, type Venue } from './execution/venue.ts';
import { dollars, maxBig, microsToDec } from './money.ts';
import { type ApprovedOrder, applyLimits } from './risk/limits.ts';
import { checkBreakers } from './risk/breakers.ts';
import type { Candidate } from './scanner/criteria.ts';
import { scanMarkets } from './scanner/scanner.ts';
import { loadTraderParams } from './settings.ts';
import { getModeState, type Mode, paperBalance, spentToday, startOfEasternDay } from './state.ts';
import { DecisionContextSchema, storedEnvelope } from './stored-shapes.ts';

export type TraderServices = Pick<Services, 'kalshi' | 'ai' | 'dryRun' | 'kalshiAuthenticated' | 'secrets'>;

export interface TraderDeps {
  prisma: PrismaClient;
  services: TraderServices;
  logger: Logger;
  now: () => Date;
}

export function venueFor(mode: Mode, deps: TraderDeps): Venue {
  return mode === 'LIVE' ? createLiveVenue(deps.services.kalshi) : createPaperVenue(deps.services.kalshi, deps.now);
}

export async function bankroll(deps: TraderDeps, mode: Mode, params: Awaited<ReturnType<typeof loadTraderParams>>): Promise<bigint> {
  if (mode === 'LIVE') return (await deps.services.kalshi.getBalance()).balance_micros;
  return paperBalance(deps.prisma, params);
}

export interface RunSummary {
  decisionId: string;
  mode: Mode;
  selector: 'claude' | 'rules';
  candidates: number;
  selected: number;
  approved: number;
  ordersPlaced: number;
  positionsOpened: number;
  paused: string | null;
  error: string | null;
  approvedOrders: ApprovedOrder[];
}

function jsonSafe(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}

/** Tickers the mode holds open, or has an entry order in flight for today (no position yet). */
export async function heldTickers(prisma: PrismaClient, mode: Mode, now: Date): Promise<Set<string>> {
  const open = await prisma.position.findMany({ where: { mode, status: 'OPEN' }, select: { ticker: true } });
  const inFlight = await prisma.traderOrder.findMany({
    where: { mode, purpose: 'ENTRY', positionId: null, status: { in: ['PENDING', 'EXECUTED'] }, createdAt: { gte: startOfEasternDay(now) } },
    select: { ticker: true },
  });
  return new Set([...open, ...inFlight].map((r) => r.ticker));
}

/**
 * The balance that can pay for an order in `ticker`: its shard's entry in `balance_breakdown`
 * (Kalshi holds collateral per exchange shard, and an order draws only on its market's), or the
 * whole balance when the breakdown does not name that shard (no breakdown, a subaccount key).
 */
export async function shardBalance(kalshi: Pick<TraderServices['kalshi'], 'getBalance' | 'getMarket'>, ticker: string): Promise<{ balanceMicros: bigint; exchangeIndex: number | null }> {
  const [balance, market] = await Promise.all([kalshi.getBalance(), kalshi.getMarket(ticker)]);
  const breakdown = balance.balance_breakdown;
  if (!breakdown || breakdown.length === 0) return { balanceMicros: balance.balance_micros, exchangeIndex: null };
  const index = market?.exchange_index ?? 0;
  const entry = breakdown.find((b) => b.exchange_index === index);
  if (!entry || entry.balance_micros === null) return { balanceMicros: balance.balance_micros, exchangeIndex: null };
  return { balanceMicros: entry.balance_micros, exchangeIndex: index };
}

/** One cycle. `analysisOnly` (the AI diagnostic) records the decision but never trades. */
export async function runTradingCycle(deps: TraderDeps, opts: { analysisOnly?: boolean } = {}): Promise<RunSummary> {
  const { prisma, services, logger } = deps;
  const now = deps.now();
  const params = await loadTraderParams(prisma);
  const modeState = await getModeState(prisma, services);
  const mode = modeState.mode;
  const breaker = await checkBreakers(prisma, params, now, mode);
  const scan = await scanMarkets(prisma, services.kalshi, params, now);
  const history = await loadHistory(prisma, mode);
  let balanceMicros = 0n;
  let balanceError: string | null = null;
  try {
    balanceMicros = await bankroll(deps, mode, params);
  } catch (error) {
    balanceError = `balance unavailable: ${(error as Error).message}`;
    await recordError(prisma, services.secrets, { source: 'trader:balance', error, context: { mode } }).catch(() => {});
  }
  const spent = await spentToday(prisma, mode, now);
  const remaining = maxBig(0n, params.dailyBudgetMicros - spent);
  // One position per ticker: what this mode holds (or is buying) is not offered again.
  const held = await heldTickers(prisma, mode, now);
  const offered = params.allowAddingToPositions ? scan.candidates : scan.candidates.filter((c) => !held.has(c.ticker));
  const toAi: Candidate[] = offered.slice(0, params.maxCandidatesToAi);
  const context = buildContext({
    history,
    bankrollMicros: balanceMicros,
    dailyBudgetMicros: params.dailyBudgetMicros,
    remainingMicros: remaining,
    maxContracts: params.maxContracts,
    minPositionMicros: params.minPositionMicros,
    maxPositionMicros: params.maxPositionMicros,
  });
  const data = toAi.map(candidateData);
  const useClaude = Boolean(services.ai.apiKey);
  const selector: 'claude' | 'rules' = useClaude ? 'claude' : 'rules';

  let outcome: AnalyzerOutcome;
  if (toAi.length === 0) {
    outcome = { ok: true, envelope: { selected_contracts: [], total_allocated: 0, strategy_notes: 'No qualifying candidates: nothing to analyse.' }, rawResponse: '', inputTokens: 0, outputTokens: 0, costMicros: 0n };
  } else if (useClaude) {
    outcome = await callClaude({
      apiKey: services.ai.apiKey!,
      baseUrl: services.ai.baseUrl,
      model: services.ai.model,
      timeoutMs: params.aiTimeoutMs,
      system: SYSTEM_PROMPT,
      user: buildUserMessage(context, data),
    });
  } else {
    const envelope = selectByRules(toAi, {
      maxContracts: params.maxContracts,
      minPositionMicros: params.minPositionMicros,
      maxPositionMicros: params.maxPositionMicros,
      budgetMicros: remaining < balanceMicros ? remaining : balanceMicros,
      oddsRates: winRatesByOdds(history),
      minRewardToRiskPpm: params.minRewardToRiskPpm,
    });
    outcome = { ok: true, envelope, rawResponse: JSON.stringify(envelope), inputTokens: 0, outputTokens: 0, costMicros: 0n };
  }

  const selections = outcome.ok ? outcome.envelope.selected_contracts : [];
  const { approved, checks } = applyLimits({
    selections,
    // Held candidates stay known, so a pick of one is refused as held rather than as unknown.
    candidates: new Map([...toAi, ...scan.candidates.filter((c) => held.has(c.ticker))].map((c) => [c.ticker, c])),
    heldTickers: held,
    params,
    remainingBudgetMicros: remaining,
    availableBalanceMicros: balanceError ? 0n : balanceMicros,
    pause: breaker.pause ? { reason: breaker.pause.reason } : null,
  });
  if (!outcome.ok) checks.unshift({ check: 'ai-response', passed: false, reason: outcome.error });
  if (balanceError) checks.unshift({ check: 'balance', passed: false, reason: balanceError });
  // The AI endpoint's answers (and its errors) are text from outside: an endpoint that echoes
  // the request's headers back would otherwise put the API key into the table and the API.
  const secrets = services.secrets;
  for (const check of checks) if (check.reason) check.reason = redactSecrets(check.reason, secrets);
  const errorText = outcome.ok ? null : redactSecrets(outcome.error, secrets);
  const decision = await prisma.aiDecision.create({
    data: {
      runAt: now,
      selector,
      model: useClaude ? services.ai.model : null,
      dryRun: Boolean(opts.analysisOnly),
      contractsAnalyzed: toAi.length,
      contractsSelected: selections.length,
      totalAllocated: microsToDec(approved.reduce((a, o) => a + o.maxCostMicros, 0n)),
      context: redactJson(DecisionContextSchema.parse(jsonSafe({ mode, modeReason: modeState.reason, ...context, candidates: data, funnel: scan.funnel, flaggedExcluded: scan.flaggedExcluded.map((c) => c.ticker) })), secrets) as never,
      rawResponse: redactSecrets(outcome.rawResponse, secrets),
      parsed: outcome.ok ? (redactJson(storedEnvelope(outcome.envelope), secrets) as never) : undefined,
      strategyNotes: outcome.ok ? redactSecrets(outcome.envelope.strategy_notes, secrets).slice(0, 8000) : null,
      checks: redactJson(jsonSafe(checks), secrets) as never,
      inputTokens: outcome.inputTokens,
      outputTokens: outcome.outputTokens,
      costUsd: microsToDec(outcome.costMicros),
      error: errorText,
    },
  });
  if (!outcome.ok) {
    await recordError(prisma, services.secrets, { source: 'trader:ai', error: new Error(outcome.error), context: { decisionId: decision.id, selector } }).catch(() => {});
  }

  let ordersPlaced = 0;
  let positionsOpened = 0;
  if (!opts.analysisOnly && approved.length > 0) {
    const venue = venueFor(mode, deps);
    let balance = balanceMicros;
    for (const order of approved) {
      let where = '';
      if (mode === 'LIVE') {
        // The exchange's balance, read again before each order: other spending may have happened.
        // Collateral is per shard: only the market's own shard can pay for it.
        const shard = await shardBalance(services.kalshi, order.ticker);
        balance = shard.balanceMicros;
        where = shard.exchangeIndex === null ? '' : ` on exchange shard ${shard.exchangeIndex}`;
      }
      if (balance < order.maxCostMicros) {
        await recordError(prisma, services.secrets, { source: 'trader:order', error: new Error(`insufficient balance ${dollars(balance)}${where} for ${order.ticker} (needs ${dollars(order.maxCostMicros)})`), context: { decisionId: decision.id } }).catch(() => {});
        continue;
      }
      const { placed, position } = await enterPosition({ prisma, venue, secrets: services.secrets, now: deps.now }, order, decision.id);
      ordersPlaced++;
      if (position) positionsOpened++;
      balance -= placed.costMicros + placed.feeMicros;
    }
  }
  logger.info({ decisionId: decision.id, mode, selector, candidates: toAi.length, approved: approved.length, ordersPlaced, positionsOpened }, 'trading cycle done');
  return {
    decisionId: decision.id,
    mode,
    selector,
    candidates: toAi.length,
    selected: selections.length,
    approved: approved.length,
    ordersPlaced,
    positionsOpened,
    paused: breaker.pause?.reason ?? null,
    error: errorText,
    approvedOrders: approved,
  };
}
