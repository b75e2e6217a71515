import { z } from '@hono/zod-openapi';
import { authErrorResponses, notFoundResponse } from '../../lib/problem.ts';
import { protectedRoute, publicRoute } from '../../lib/router.ts';
import { LABELS } from '../scoring/index.ts';
import { MarketDetailSchema, MarketSummarySchema, UserStateSchema } from './markets.schemas.ts';

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
const TickerParam = z.object({
  ticker: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9._-]+$/, 'must be a Kalshi ticker')
    .openapi({ param: { name: 'ticker', in: 'path' }, example: 'KXHIGHNY-26NOV22-T55' }),
});

export const listMarketsRoute = publicRoute({
  method: 'get',
  path: '/api/markets',
  operationId: 'listMarkets',
  tags: ['Markets'],
  summary: 'Markets with their latest unusual-activity score',
  description: 'Filter by label, minimum label, category, watched (signed-in only) and search; sort and page. Dismissed markets are hidden unless includeDismissed=true.',
  request: {
    query: z.object({
      label: z.enum(LABELS).optional(),
      minLabel: z.enum(LABELS).optional().openapi({ description: 'MEDIUM shows Medium and above (the dashboard)' }),
      category: z.string().max(64).optional(),
      watched: booleanQuery.optional().openapi({ description: 'Needs sign-in: your watchlist' }),
      includeDismissed: booleanQuery.default(false),
      eligibleOnly: booleanQuery.default(true),
      search: z.string().max(100).optional(),
      sort: z.enum(['score', 'volume24h', 'closeTime', 'ticker']).default('score'),
      order: z.enum(['asc', 'desc']).default('desc'),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    }),
  },
  responses: {
    200: {
      description: 'A page of markets',
      content: {
        'application/json': {
          schema: z.object({ markets: z.array(MarketSummarySchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() }),
        },
      },
    },
    ...authErrorResponses,
  },
});

export const getMarketRoute = publicRoute({
  method: 'get',
  path: '/api/markets/{ticker}',
  operationId: 'getMarket',
  tags: ['Markets'],
  summary: 'One market: score breakdown with weights, history, trades, book, explanation and alerts',
  request: {
    params: TickerParam,
    query: z.object({ historyHours: z.coerce.number().int().min(1).max(24 * 14).default(48) }),
  },
  responses: {
    200: { description: 'The market', content: { 'application/json': { schema: MarketDetailSchema } } },
    ...notFoundResponse,
  },
});

function stateRoute(method: 'post' | 'delete', what: 'watch' | 'dismiss') {
  const undo = method === 'delete';
  return protectedRoute({
    method,
    path: `/api/markets/{ticker}/${what}`,
    operationId: `${undo ? 'un' : ''}${what}Market`,
    tags: ['Markets'],
    summary: undo ? `Undo ${what}` : what === 'watch' ? 'Add to your watchlist' : 'Hide from the dashboard',
    request: { params: TickerParam },
    responses: {
      200: { description: 'The market\'s state now', content: { 'application/json': { schema: UserStateSchema.extend({ ticker: z.string() }) } } },
      ...notFoundResponse,
    },
  });
}

export const watchRoute = stateRoute('post', 'watch');
export const unwatchRoute = stateRoute('delete', 'watch');
export const dismissRoute = stateRoute('post', 'dismiss');
export const undismissRoute = stateRoute('delete', 'dismiss');

export const categoriesRoute = publicRoute({
  method: 'get',
  path: '/api/categories',
  operationId: 'listCategories',
  tags: ['Markets'],
  summary: 'Categories of the tracked markets',
  responses: {
    200: {
      description: 'Categories',
      content: { 'application/json': { schema: z.object({ categories: z.array(z.object({ category: z.string(), markets: z.number().int() })) }) } },
    },
  },
});
