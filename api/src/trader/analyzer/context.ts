// The learning module: what the AI is told about our own history (the spec's list) plus the
// candidates. Pure functions over position rows; one loader at the edge.
import type { PrismaClient } from '@sentinel/db';
import type { Candidate } from '../scanner/criteria.ts';
import { oddsBucket } from '../scanner/criteria.ts';
import { decToMicros, dollars, priceNumber } from '../money.ts';

export interface HistoryTrade {
  ticker: string;
  title: string;
  category: string;
  side: 'YES' | 'NO';
  status: 'OPEN' | 'WON' | 'LOST' | 'STOPPED' | 'CLOSED';
  entryPriceMicros: bigint;
  costMicros: bigint;
  pnlMicros: bigint | null;
  aiProbability: number | null;
  aiConfidence: number | null;
  aiReasoning: string;
  riskFactors: string[];
  openedAt: Date;
}

export interface RateRow {
  bucket: string;
  trades: number;
  wins: number;
  winRate: number | null;
}

export function isWin(t: Pick<HistoryTrade, 'status' | 'pnlMicros'>): boolean {
  return t.status === 'WON' || (t.status === 'CLOSED' && (t.pnlMicros ?? 0n) > 0n);
}

export function isResolved(t: Pick<HistoryTrade, 'status'>): boolean {
  return t.status !== 'OPEN';
}

export function confidenceBucket(c: number | null): string {
  if (c === null) return 'unknown';
  if (c < 0.7) return '< 0.70';
  if (c < 0.8) return '0.70–0.80';
  if (c < 0.9) return '0.80–0.90';
  return '≥ 0.90';
}

export function winRates(trades: readonly HistoryTrade[], key: (t: HistoryTrade) => string): RateRow[] {
  const map = new Map<string, { trades: number; wins: number }>();
  for (const t of trades) {
    if (!isResolved(t)) continue;
    const k = key(t);
    const row = map.get(k) ?? { trades: 0, wins: 0 };
    row.trades++;
    if (isWin(t)) row.wins++;
    map.set(k, row);
  }
  return [...map.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([bucket, r]) => ({ bucket, trades: r.trades, wins: r.wins, winRate: r.trades ? Math.round((r.wins / r.trades) * 1000) / 1000 : null }));
}

/** Win rates of our own resolved trades by odds band (what the AI is shown and the rules selector learns from). */
export function winRatesByOdds(trades: readonly HistoryTrade[]): RateRow[] {
  return winRates(trades, (t) => oddsBucket(t.side, t.side === 'YES' ? t.entryPriceMicros : 1_000_000n - t.entryPriceMicros));
}

export interface AiContext {
  bankroll: string;
  dailyBudget: string;
  budgetRemainingToday: string;
  hardLimits: { maxContracts: number; minAllocation: string; maxAllocation: string };
  recentTrades: {
    ticker: string;
    category: string;
    side: string;
    entryPrice: number;
    cost: string;
    outcome: string;
    pnl: string | null;
    confidence: number | null;
    reasoning: string;
  }[];
  winRateByConfidence: RateRow[];
  winRateByOdds: RateRow[];
  winRateByCategory: RateRow[];
  lessonsFromLosses: { ticker: string; category: string; reasoning: string; riskFactors: string[]; pnl: string | null }[];
}

export interface CandidateData {
  ticker: string;
  side: 'YES' | 'NO';
  question: string;
  yes_outcome: string | null;
  rules: string | null;
  price_of_side: number;
  yes_price: number;
  days_to_close: number;
  depth_dollars: string;
  category: string;
  series: string;
  monitor_flag: string | null;
}

export function buildContext(input: {
  history: readonly HistoryTrade[];
  bankrollMicros: bigint;
  dailyBudgetMicros: bigint;
  remainingMicros: bigint;
  maxContracts: number;
  minPositionMicros: bigint;
  maxPositionMicros: bigint;
}): AiContext {
  const last50 = input.history.slice(0, 50);
  const resolved = input.history.filter(isResolved);
  return {
    bankroll: dollars(input.bankrollMicros),
    dailyBudget: dollars(input.dailyBudgetMicros),
    budgetRemainingToday: dollars(input.remainingMicros),
    hardLimits: { maxContracts: input.maxContracts, minAllocation: dollars(input.minPositionMicros), maxAllocation: dollars(input.maxPositionMicros) },
    recentTrades: last50.map((t) => ({
      ticker: t.ticker,
      category: t.category,
      side: t.side,
      entryPrice: priceNumber(t.entryPriceMicros),
      cost: dollars(t.costMicros),
      outcome: t.status.toLowerCase(),
      pnl: t.pnlMicros === null ? null : dollars(t.pnlMicros),
      confidence: t.aiConfidence,
      reasoning: t.aiReasoning.slice(0, 600),
    })),
    winRateByConfidence: winRates(resolved, (t) => confidenceBucket(t.aiConfidence)),
    winRateByOdds: winRatesByOdds(resolved),
    winRateByCategory: winRates(resolved, (t) => t.category),
    lessonsFromLosses: resolved
      .filter((t) => !isWin(t))
      .slice(0, 10)
      .map((t) => ({ ticker: t.ticker, category: t.category, reasoning: t.aiReasoning.slice(0, 400), riskFactors: t.riskFactors.slice(0, 5), pnl: t.pnlMicros === null ? null : dollars(t.pnlMicros) })),
  };
}

export function candidateData(c: Candidate): CandidateData {
  return {
    ticker: c.ticker,
    side: c.side,
    question: c.title.slice(0, 500),
    yes_outcome: c.yesSubTitle?.slice(0, 200) ?? null,
    rules: c.rules?.slice(0, 1000) ?? null,
    price_of_side: priceNumber(c.priceMicros),
    yes_price: priceNumber(c.yesPriceMicros),
    days_to_close: c.daysToClose,
    depth_dollars: dollars(c.depthMicros),
    category: c.category,
    series: c.seriesTicker,
    monitor_flag: c.flagged ? `${c.monitorLabel}: the unusual-activity monitor flagged this market; someone may know more` : null,
  };
}

export async function loadHistory(prisma: PrismaClient, mode: 'PAPER' | 'LIVE', limit = 500): Promise<HistoryTrade[]> {
  const rows = await prisma.position.findMany({ where: { mode }, orderBy: { openedAt: 'desc' }, take: limit });
  return rows.map((r) => ({
    ticker: r.ticker,
    title: r.title,
    category: r.category,
    side: r.side,
    status: r.status,
    entryPriceMicros: decToMicros(r.entryPrice),
    costMicros: decToMicros(r.cost),
    pnlMicros: r.pnl === null ? null : decToMicros(r.pnl),
    aiProbability: r.aiProbability,
    aiConfidence: r.aiConfidence,
    aiReasoning: r.aiReasoning,
    riskFactors: Array.isArray(r.riskFactors) ? (r.riskFactors as unknown[]).map(String) : [],
    openedAt: r.openedAt,
  }));
}

