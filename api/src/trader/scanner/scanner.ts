// The scanner at the edge: reads the synced markets, pre-filters on cached quotes, then fetches
// the candidates' books in batches (GET /markets/orderbooks, 100 per call) to check live price
// and depth. Returns the qualified candidates and the funnel.
import type { PrismaClient } from '@sentinel/db';
import type { KalshiClient } from '../../kalshi/index.ts';
import { multiplierFrom } from '../fees.ts';
import { decToMicros } from '../money.ts';
import type { TraderParams } from '../settings.ts';
import {
  ACTIVE_STATUSES,
  type Candidate,
  DAY_MS,
  type MarketRow,
  STAGES,
  type StageName,
  checkBook,
  daysBetween,
  daysBucket,
  isFlagged,
  oddsBucket,
  preQualify,
} from './criteria.ts';

export interface FunnelStage {
  name: StageName;
  description: string;
  count: number;
}

export interface ScanResult {
  scannedAt: Date;
  candidates: Candidate[];
  /** Qualified apart from the monitor flag: shown to the AI as flagged when flags are allowed. */
  flaggedExcluded: Candidate[];
  funnel: FunnelStage[];
  /** A few markets that fell out at each stage, with the reason. */
  nearMisses: { ticker: string; stage: StageName; reason: string }[];
  byOdds: Record<string, number>;
  byDays: Record<string, number>;
}

type BookSource = Pick<KalshiClient, 'listOrderbooks'>;

export async function loadScannableMarkets(prisma: PrismaClient, params: TraderParams, now: Date): Promise<MarketRow[]> {
  const rows = await prisma.market.findMany({
    where: { status: { in: ACTIVE_STATUSES }, closeTime: { gt: now, lte: new Date(now.getTime() + params.maxDaysToClose * DAY_MS) } },
    include: { series: { select: { feeType: true, feeMultiplier: true } } },
  });
  return rows.map((r) => ({
    ticker: r.ticker,
    title: r.title,
    yesSubTitle: r.yesSubTitle,
    rulesPrimary: r.rulesPrimary,
    category: r.category,
    seriesTicker: r.seriesTicker,
    eventTicker: r.eventTicker,
    status: r.status,
    closeTime: r.closeTime,
    yesBidMicros: r.yesBid === null ? null : decToMicros(r.yesBid),
    yesAskMicros: r.yesAsk === null ? null : decToMicros(r.yesAsk),
    lastPriceMicros: r.lastPrice === null ? null : decToMicros(r.lastPrice),
    latestLabel: r.latestLabel,
    fee: { feeType: r.series.feeType, multiplier10k: multiplierFrom(r.series.feeMultiplier) },
  }));
}

export async function scanMarkets(prisma: PrismaClient, kalshi: BookSource, params: TraderParams, now: Date): Promise<ScanResult> {
  const synced = await prisma.market.count();
  const active = await prisma.market.count({ where: { status: { in: ACTIVE_STATUSES } } });
  const rows = await loadScannableMarkets(prisma, params, now);
  return scanRows(rows, kalshi, params, now, { synced, active });
}

/** The scan over already-loaded rows (the backtest replays history through this too). */
export async function scanRows(
  rows: MarketRow[],
  kalshi: BookSource,
  params: TraderParams,
  now: Date,
  totals: { synced: number; active: number },
): Promise<ScanResult> {
  const counts: Record<StageName, number> = { synced: totals.synced, active: totals.active, closingSoon: 0, validPrices: 0, odds: 0, monitorFlag: 0, depth: 0 };
  const nearMisses: ScanResult['nearMisses'] = [];
  const miss = (ticker: string, stage: StageName, reason: string) => {
    if (nearMisses.filter((m) => m.stage === stage).length < 5) nearMisses.push({ ticker, stage, reason });
  };
  const pre: { row: MarketRow; side: 'YES' | 'NO' }[] = [];
  for (const row of rows) {
    const v = preQualify(row, params, now);
    if (!v.ok) {
      const order: StageName[] = ['active', 'closingSoon', 'validPrices', 'odds'];
      // Count every stage the market passed before the one it failed.
      for (const s of order) {
        if (s === v.stage) break;
        if (s !== 'active') counts[s]++;
      }
      miss(row.ticker, v.stage, v.reason);
      continue;
    }
    counts.closingSoon++;
    counts.validPrices++;
    counts.odds++;
    pre.push({ row, side: v.side });
  }
  const flaggedRows = new Set<string>();
  const toBook = pre.filter(({ row }) => {
    if (!isFlagged(row.latestLabel)) return true;
    flaggedRows.add(row.ticker);
    if (params.excludeFlagged) miss(row.ticker, 'monitorFlag', `monitor label ${row.latestLabel}`);
    return true; // books are fetched for flagged markets too, so the AI can be told about them
  });
  counts.monitorFlag = pre.filter(({ row }) => !params.excludeFlagged || !flaggedRows.has(row.ticker)).length;

  const books = new Map<string, Awaited<ReturnType<BookSource['listOrderbooks']> extends AsyncGenerator<infer B> ? B : never>>();
  if (toBook.length > 0) {
    for await (const book of kalshi.listOrderbooks(toBook.map((p) => p.row.ticker))) books.set(book.ticker, book);
  }
  const candidates: Candidate[] = [];
  const flaggedExcluded: Candidate[] = [];
  const byOdds: Record<string, number> = {};
  const byDays: Record<string, number> = {};
  for (const { row, side } of toBook) {
    const book = books.get(row.ticker) ?? { yes: [], no: [] };
    const v = checkBook(side, book, params);
    if (!v.ok) {
      miss(row.ticker, v.stage, v.reason);
      continue;
    }
    const days = daysBetween(now, row.closeTime);
    const candidate: Candidate = {
      ticker: row.ticker,
      title: row.title,
      yesSubTitle: row.yesSubTitle ?? null,
      rules: row.rulesPrimary ?? null,
      category: row.category,
      seriesTicker: row.seriesTicker,
      side,
      priceMicros: v.priceMicros,
      yesPriceMicros: side === 'YES' ? v.priceMicros : 1_000_000n - v.priceMicros,
      closeTime: row.closeTime,
      daysToClose: days,
      depthMicros: v.depthMicros,
      limitMicros: v.limitMicros,
      monitorLabel: row.latestLabel,
      flagged: flaggedRows.has(row.ticker),
      fee: row.fee,
    };
    if (candidate.flagged && params.excludeFlagged) {
      flaggedExcluded.push(candidate);
      continue;
    }
    candidates.push(candidate);
    const ob = oddsBucket(side, candidate.yesPriceMicros);
    byOdds[ob] = (byOdds[ob] ?? 0) + 1;
    const db = daysBucket(days);
    byDays[db] = (byDays[db] ?? 0) + 1;
  }
  counts.depth = candidates.length;
  // Deepest books first: the AI sees the most tradable markets when there are many.
  candidates.sort((a, b) => (a.depthMicros > b.depthMicros ? -1 : a.depthMicros < b.depthMicros ? 1 : a.ticker.localeCompare(b.ticker)));
  return {
    scannedAt: now,
    candidates,
    flaggedExcluded,
    funnel: STAGES.map((s) => ({ name: s.name, description: s.description, count: counts[s.name] })),
    nearMisses,
    byOdds,
    byDays,
  };
}
