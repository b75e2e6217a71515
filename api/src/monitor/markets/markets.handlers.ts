import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { authenticate } from '../../auth/middleware.ts';
import { cachedJson } from '../../lib/cached-json.ts';
import { ProblemError } from '../../lib/problem.ts';
import type { AppEnv } from '../../lib/types.ts';
import { SIGNAL_INFO, SIGNAL_NAMES, WEIGHTS } from '../scoring/index.ts';
import { toAlertDto, toMarketSummary } from './markets.dto.ts';
import { getMarketDetail, listCategories, listMarkets, setUserState } from './markets.queries.ts';
import type {
  categoriesRoute,
  dismissRoute,
  getMarketRoute,
  listMarketsRoute,
  undismissRoute,
  unwatchRoute,
  watchRoute,
} from './markets.routes.ts';

async function signedIn(c: Context<AppEnv>): Promise<boolean> {
  return (await authenticate(c)).ok;
}

const now = (c: Context<AppEnv>) => c.get('deps').now?.() ?? new Date();

export const listMarketsHandler: RouteHandler<typeof listMarketsRoute, AppEnv> = async (c) => {
  const query = c.req.valid('query');
  const authenticated = await signedIn(c);
  if (query.watched !== undefined && !authenticated) {
    throw new ProblemError('unauthorized', 401, 'The watchlist is private: sign in or send the admin token.');
  }
  const { prisma } = c.get('deps').db; // outside the loader: the cache keeps it, not the request
  return cachedJson(c, `markets:${authenticated}:${JSON.stringify(query)}`, async () => {
    const { rows, total } = await listMarkets(prisma, query);
    return { markets: rows.map((r) => toMarketSummary(r, authenticated)), total, limit: query.limit, offset: query.offset };
  });
};

export const getMarketHandler: RouteHandler<typeof getMarketRoute, AppEnv> = async (c) => {
  const { ticker } = c.req.valid('param');
  const { historyHours } = c.req.valid('query');
  const market = await getMarketDetail(c.get('deps').db.pool, ticker, historyHours, now(c));
  if (!market) throw new ProblemError('not-found', 404, `No market ${ticker} is tracked.`);
  const authenticated = await signedIn(c);
  const { latestScore, history, trades, book, alerts, baseline } = market;
  const details = latestScore?.details as { facts?: Record<string, Record<string, number | string>>; baselineStatus?: string } | null;
  const facts = details?.facts ?? {};
  const subScore = (name: (typeof SIGNAL_NAMES)[number]) => (latestScore ? latestScore[name] : 0);
  return c.json(
    {
      market: {
        ...toMarketSummary(market, authenticated),
        noSubTitle: market.noSubTitle,
        rulesPrimary: market.rulesPrimary,
        seriesTicker: market.seriesTicker,
        seriesTitle: market.series.title,
        eligibilityReason: market.eligibilityReason,
        result: market.result,
      },
      score: latestScore
        ? {
            composite: latestScore.composite,
            label: latestScore.label,
            gatePassed: latestScore.gatePassed,
            scoredAt: latestScore.scoredAt,
            explanation: latestScore.explanation,
            baselineStatus: String(details?.baselineStatus ?? 'ok'),
            signals: SIGNAL_NAMES.map((name) => ({
              name,
              title: SIGNAL_INFO[name].title,
              weight: WEIGHTS[name],
              score: subScore(name),
              contribution: Math.round(WEIGHTS[name] * subScore(name)) / 100,
              facts: facts[name] ?? {},
            })),
          }
        : null,
      history,
      trades,
      book,
      baseline,
      alerts: alerts.map((a) => toAlertDto({ ...a, createdAt: new Date(a.createdAt) }, market.title)),
    },
    200,
  );
};

async function changeState(c: Context<AppEnv>, ticker: string, change: { watched?: boolean; dismissed?: boolean }) {
  const { prisma } = c.get('deps').db;
  const exists = await prisma.market.findUnique({ where: { ticker }, select: { ticker: true } });
  if (!exists) throw new ProblemError('not-found', 404, `No market ${ticker} is tracked.`);
  const state = await setUserState(prisma, ticker, change, now(c));
  c.get('readCache').clear();
  return { ticker, watched: state.watched, dismissed: state.dismissed };
}

export const watchHandler: RouteHandler<typeof watchRoute, AppEnv> = async (c) =>
  c.json(await changeState(c, c.req.valid('param').ticker, { watched: true }), 200);
export const unwatchHandler: RouteHandler<typeof unwatchRoute, AppEnv> = async (c) =>
  c.json(await changeState(c, c.req.valid('param').ticker, { watched: false }), 200);
export const dismissHandler: RouteHandler<typeof dismissRoute, AppEnv> = async (c) =>
  c.json(await changeState(c, c.req.valid('param').ticker, { dismissed: true }), 200);
export const undismissHandler: RouteHandler<typeof undismissRoute, AppEnv> = async (c) =>
  c.json(await changeState(c, c.req.valid('param').ticker, { dismissed: false }), 200);

export const categoriesHandler: RouteHandler<typeof categoriesRoute, AppEnv> = async (c) =>
  c.json({ categories: await listCategories(c.get('deps').db.prisma) }, 200);
