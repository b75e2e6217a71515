// Data access for the market pages: plain functions taking the database first.
import { type Alert, type Prisma, type PrismaClient, ScoreLabel } from '@sentinel/db';
import type pg from 'pg';
import { LABEL_BOUNDS } from '../scoring/index.ts';

export type MarketSort = 'score' | 'volume24h' | 'closeTime' | 'ticker';

export interface MarketListQuery {
  label?: ScoreLabel;
  minLabel?: ScoreLabel;
  category?: string;
  watched?: boolean;
  includeDismissed: boolean;
  eligibleOnly: boolean;
  search?: string;
  sort: MarketSort;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

const LABEL_FLOOR: Record<ScoreLabel, number> = {
  LOW: 0,
  MEDIUM: LABEL_BOUNDS.MEDIUM,
  HIGH: LABEL_BOUNDS.HIGH,
  CRITICAL: LABEL_BOUNDS.CRITICAL,
};

export function marketWhere(q: MarketListQuery): Prisma.MarketWhereInput {
  const and: Prisma.MarketWhereInput[] = [];
  if (q.eligibleOnly) and.push({ eligible: true });
  if (q.label) and.push({ latestLabel: q.label });
  if (q.minLabel && q.minLabel !== 'LOW') and.push({ latestComposite: { gte: LABEL_FLOOR[q.minLabel] } });
  if (q.category) and.push({ category: { equals: q.category, mode: 'insensitive' } });
  if (q.watched !== undefined) and.push(q.watched ? { userState: { watched: true } } : { NOT: { userState: { watched: true } } });
  if (!q.includeDismissed) and.push({ NOT: { userState: { dismissed: true } } });
  if (q.search) {
    and.push({
      OR: [
        { ticker: { contains: q.search, mode: 'insensitive' } },
        { title: { contains: q.search, mode: 'insensitive' } },
        { yesSubTitle: { contains: q.search, mode: 'insensitive' } },
        { event: { title: { contains: q.search, mode: 'insensitive' } } },
      ],
    });
  }
  return { AND: and };
}

function orderBy(q: MarketListQuery): Prisma.MarketOrderByWithRelationInput[] {
  switch (q.sort) {
    case 'score': {
      // A score floor (label or minLabel above LOW, as the dashboard asks) already excludes NULL
      // scores; a plain DESC then lets PostgreSQL walk the (eligible, latest_composite DESC) index
      // and stop at the page, where NULLS LAST forced a sort of every match. At 100,000 markets
      // this took the dashboard list from ~100 ms to ~1 ms (found with EXPLAIN by bench:load).
      const floor = Boolean(q.label || (q.minLabel && q.minLabel !== 'LOW'));
      return [{ latestComposite: floor ? q.order : { sort: q.order, nulls: 'last' } }, { ticker: 'asc' }];
    }
    case 'volume24h':
      return [{ volume24h: q.order }, { ticker: 'asc' }];
    case 'closeTime':
      return [{ closeTime: q.order }, { ticker: 'asc' }];
    case 'ticker':
      return [{ ticker: q.order }];
  }
}

const listSelect = {
  ticker: true,
  title: true,
  yesSubTitle: true,
  eventTicker: true,
  category: true,
  status: true,
  closeTime: true,
  yesBid: true,
  yesAsk: true,
  lastPrice: true,
  volume: true,
  volume24h: true,
  openInterest: true,
  eligible: true,
  latestComposite: true,
  latestLabel: true,
  latestScoredAt: true,
  event: { select: { title: true } },
  userState: { select: { watched: true, dismissed: true } },
} satisfies Prisma.MarketSelect;

export type MarketListRow = Prisma.MarketGetPayload<{ select: typeof listSelect }>;

export async function listMarkets(prisma: PrismaClient, q: MarketListQuery) {
  const where = marketWhere(q);
  const [rows, total] = await Promise.all([
    prisma.market.findMany({ where, orderBy: orderBy(q), take: q.limit, skip: q.offset, select: listSelect }),
    prisma.market.count({ where }),
  ]);
  return { rows, total };
}

// Timestamps leave SQL exactly as Date.toISOString() writes them (the columns keep milliseconds),
// and decimals as the exact text Prisma's Decimal.toFixed() gives (no trailing zeros).
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const exact = (column: string) => `trim_scale(${column})::text`;

// The market page in one round trip. Through Prisma it took ten queries (one per table and
// relation); under load (bench:load, 50 connections) writing those queries to PostgreSQL's
// socket and compiling them was most of the API's CPU. Every part is an index lookup on ticker.
const MARKET_DETAIL_SQL = `
SELECT m.ticker, m.title, m.yes_sub_title AS "yesSubTitle", m.no_sub_title AS "noSubTitle", m.rules_primary AS "rulesPrimary",
  m.event_ticker AS "eventTicker", m.series_ticker AS "seriesTicker", m.category, m.status, m.close_time AS "closeTime",
  ${exact('m.yes_bid')} AS "yesBid", ${exact('m.yes_ask')} AS "yesAsk", ${exact('m.last_price')} AS "lastPrice",
  ${exact('m.volume')} AS volume, ${exact('m.volume_24h')} AS "volume24h", ${exact('m.open_interest')} AS "openInterest",
  m.eligible, m.eligibility_reason AS "eligibilityReason", m.result,
  m.latest_composite AS "latestComposite", m.latest_label AS "latestLabel", m.latest_scored_at AS "latestScoredAt",
  json_build_object('title', e.title) AS event, json_build_object('title', s.title) AS series,
  CASE WHEN u.ticker IS NULL THEN NULL ELSE json_build_object('watched', u.watched, 'dismissed', u.dismissed) END AS "userState",
  (SELECT json_build_object('composite', x.composite, 'label', x.label, 'gatePassed', x.gate_passed, 'scoredAt', ${iso('x.scored_at')},
      'explanation', x.explanation, 'details', x.details, 'tradeSize', x.trade_size, 'priceImpact', x.price_impact,
      'liquidity', x.liquidity, 'clustering', x.clustering, 'timing', x.timing, 'crossMarket', x.cross_market)
    FROM market_scores x WHERE x.ticker = m.ticker ORDER BY x.scored_at DESC LIMIT 1) AS "latestScore",
  (SELECT coalesce(json_agg(h ORDER BY h."scoredAt"), '[]') FROM (
    SELECT ${iso('x.scored_at')} AS "scoredAt", x.composite, x.label, x.trade_size AS "tradeSize", x.price_impact AS "priceImpact",
      x.liquidity, x.clustering, x.timing, x.cross_market AS "crossMarket"
    FROM market_scores x WHERE x.ticker = m.ticker AND x.scored_at >= $2 ORDER BY x.scored_at LIMIT 2000) h) AS history,
  (SELECT coalesce(json_agg(t ORDER BY t."createdTime" DESC, t."tradeId" DESC), '[]') FROM (
    SELECT x.trade_id AS "tradeId", ${iso('x.created_time')} AS "createdTime", ${exact('x.yes_price')} AS "yesPrice",
      ${exact('x.no_price')} AS "noPrice", ${exact('x.count')} AS count, CASE WHEN x.taker_outcome_side = 'no' THEN 'no' ELSE 'yes' END AS "takerSide"
    FROM market_trades x WHERE x.ticker = m.ticker ORDER BY x.created_time DESC LIMIT 50) t) AS trades,
  (SELECT json_build_object('capturedAt', ${iso('x.captured_at')}, 'bestYesBid', ${exact('x.best_yes_bid')}, 'bestYesAsk', ${exact('x.best_yes_ask')},
      'spread', ${exact('x.spread')}, 'yesDepth', ${exact('x.yes_depth')}, 'noDepth', ${exact('x.no_depth')},
      'yesDepthDollars', ${exact('x.yes_depth_dollars')}, 'noDepthDollars', ${exact('x.no_depth_dollars')}, 'levels', x.levels)
    FROM orderbook_snapshots x WHERE x.ticker = m.ticker ORDER BY x.captured_at DESC LIMIT 1) AS book,
  (SELECT coalesce(json_agg(a ORDER BY a."createdAt" DESC), '[]') FROM (
    SELECT x.id, x.ticker, ${iso('x.created_at')} AS "createdAt", x.composite, x.label, x.explanation, x.is_escalation AS "isEscalation",
      x.score_delta AS "scoreDelta", x.signals, x.baseline, x.trigger_trades AS "triggerTrades"
    FROM alerts x WHERE x.ticker = m.ticker ORDER BY x.created_at DESC LIMIT 20) a) AS alerts,
  (SELECT x.extra || jsonb_build_object('computedAt', ${iso('x.computed_at')}) FROM baselines x WHERE x.ticker = m.ticker) AS baseline
FROM markets m
JOIN events e ON e.event_ticker = m.event_ticker
JOIN series s ON s.ticker = m.series_ticker
LEFT JOIN market_user_states u ON u.ticker = m.ticker
WHERE m.ticker = $1`;

type Iso = string;
type Exact = string;
type SubScores = Record<'tradeSize' | 'priceImpact' | 'liquidity' | 'clustering' | 'timing' | 'crossMarket', number>;

/** One market with everything its page shows; decimals as exact strings, times as ISO strings. */
export interface MarketDetailRow {
  ticker: string;
  title: string;
  yesSubTitle: string | null;
  noSubTitle: string | null;
  rulesPrimary: string | null;
  eventTicker: string;
  seriesTicker: string;
  category: string;
  status: string;
  closeTime: Date;
  yesBid: Exact | null;
  yesAsk: Exact | null;
  lastPrice: Exact | null;
  volume: Exact;
  volume24h: Exact;
  openInterest: Exact;
  eligible: boolean;
  eligibilityReason: string | null;
  result: string | null;
  latestComposite: number | null;
  latestLabel: ScoreLabel | null;
  latestScoredAt: Date | null;
  event: { title: string };
  series: { title: string };
  userState: { watched: boolean; dismissed: boolean } | null;
  latestScore: (SubScores & { composite: number; label: ScoreLabel; gatePassed: boolean; scoredAt: Iso; explanation: string; details: unknown }) | null;
  history: (SubScores & { scoredAt: Iso; composite: number; label: ScoreLabel })[];
  trades: { tradeId: string; createdTime: Iso; yesPrice: Exact; noPrice: Exact; count: Exact; takerSide: 'yes' | 'no' }[];
  book: {
    capturedAt: Iso;
    bestYesBid: Exact | null;
    bestYesAsk: Exact | null;
    spread: Exact | null;
    yesDepth: Exact;
    noDepth: Exact;
    yesDepthDollars: Exact;
    noDepthDollars: Exact;
    levels: { yes: [string, string][]; no: [string, string][] };
  } | null;
  alerts: (Omit<Alert, 'createdAt' | 'previousAlertId' | 'dedupKey' | 'scoreId'> & { createdAt: Iso })[];
  baseline: (Record<string, number | string | null | number[] | Record<string, number>> & { computedAt: Iso }) | null;
}

export async function getMarketDetail(pool: Pick<pg.Pool, 'query'>, ticker: string, historyHours: number, now: Date): Promise<MarketDetailRow | null> {
  const since = new Date(now.getTime() - historyHours * 3600_000);
  const { rows } = await pool.query<MarketDetailRow>(MARKET_DETAIL_SQL, [ticker, since]);
  return rows[0] ?? null;
}

export async function setUserState(prisma: PrismaClient, ticker: string, change: { watched?: boolean; dismissed?: boolean }, now: Date) {
  const data = {
    ...(change.watched !== undefined ? { watched: change.watched, watchedAt: change.watched ? now : null } : {}),
    ...(change.dismissed !== undefined ? { dismissed: change.dismissed, dismissedAt: change.dismissed ? now : null } : {}),
  };
  return prisma.marketUserState.upsert({ where: { ticker }, create: { ticker, ...data }, update: data });
}

export async function listCategories(prisma: PrismaClient) {
  const rows = await prisma.market.groupBy({ by: ['category'], _count: { _all: true }, orderBy: { category: 'asc' } });
  return rows.map((r) => ({ category: r.category, markets: r._count._all }));
}

export async function monitorSummary(prisma: PrismaClient, now: Date) {
  const dayAgo = new Date(now.getTime() - 24 * 3600_000);
  const [tracked, eligible, byLabel, alerts24h, lastCycle] = await Promise.all([
    prisma.market.count(),
    prisma.market.count({ where: { eligible: true } }),
    prisma.market.groupBy({ by: ['latestLabel'], where: { eligible: true }, _count: { _all: true } }),
    prisma.alert.count({ where: { createdAt: { gte: dayAgo } } }),
    prisma.jobRun.findFirst({ where: { job: 'monitor-cycle', status: { in: ['SUCCEEDED', 'FAILED'] } }, orderBy: { startedAt: 'desc' } }),
  ]);
  const labels = { LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 } as Record<ScoreLabel, number>;
  for (const row of byLabel) if (row.latestLabel) labels[row.latestLabel] = row._count._all;
  return { tracked, eligible, labels, alerts24h, lastCycle };
}

export { ScoreLabel };
