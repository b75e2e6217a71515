/**
 * Portfolio and trading (NOTES §7). Every call is signed. Order writes use the V2 endpoints
 * (`/portfolio/events/orders`, `side: bid|ask`, YES-leg price).
 *
 * Idempotency: `createOrder` fixes a `client_order_id` (the caller's, or a fresh UUID) *before* the first
 * attempt and sends the identical body on every retry, so a retried create can never open a second order.
 * If a retry meets `409 Conflict` (the first attempt did land), the error carries `clientOrderId` so the
 * caller can reconcile through `listOrders`.
 */
import { randomUUID } from 'node:crypto';
import { KalshiApiError, KalshiConfigError, KalshiResponseError } from './errors.ts';
import { formatCount, formatDollarsForRequest, parseCount, parseDollars } from './fixed-point.ts';
import type { Query } from './http.ts';
import type { RateLimiter } from './rate-limit.ts';
import { paginate, parseRecords, parseSingle, records, type ClientContext, type Page } from './records.ts';
import {
  AccountLimitsSchema,
  BalanceSchema,
  CancelOrderResponseSchema,
  CreateOrderResponseSchema,
  EndpointCostsSchema,
  EventPositionSchema,
  FillSchema,
  MarketPositionSchema,
  OrderSchema,
  SettlementSchema,
  type AccountLimits,
  type Balance,
  type CancelOrderResult,
  type CreateOrderResult,
  type EventPosition,
  type Fill,
  type MarketPosition,
  type Order,
  type Settlement,
} from './schemas.ts';

export type TimeInForce = 'fill_or_kill' | 'good_till_canceled' | 'immediate_or_cancel';

export interface CreateOrderInput {
  ticker: string;
  /** `bid` = buy YES, `ask` = sell YES (≡ buy NO at 1 − price). */
  side: 'bid' | 'ask';
  /** Contracts: bigint centi-contracts (`1000n` = 10 contracts) or a count string (`"10"`, `"10.50"`). */
  count: bigint | string;
  /** YES-leg price: bigint micro-dollars (`560000n`) or a dollar string (`"0.56"`). At most 4 decimals. */
  price: bigint | string;
  time_in_force: TimeInForce;
  /** Default `taker_at_cross`. */
  self_trade_prevention_type?: 'taker_at_cross' | 'maker';
  /** Idempotency key; a UUID is generated when omitted. */
  client_order_id?: string;
  /** Unix seconds; only with `good_till_canceled`. */
  expiration_time?: number;
  post_only?: boolean;
  reduce_only?: boolean;
  cancel_order_on_pause?: boolean;
  subaccount?: number;
  order_group_id?: string;
  exchange_index?: number;
}

/** The JSON body sent to `POST /portfolio/events/orders`. */
export interface CreateOrderV2Body {
  ticker: string;
  side: 'bid' | 'ask';
  count: string;
  price: string;
  time_in_force: TimeInForce;
  self_trade_prevention_type: 'taker_at_cross' | 'maker';
  client_order_id: string;
  expiration_time?: number;
  post_only?: boolean;
  reduce_only?: boolean;
  cancel_order_on_pause?: boolean;
  subaccount?: number;
  order_group_id?: string;
  exchange_index?: number;
}

/** Validates and normalises an order into the V2 body (pure; exported for tests). */
export function buildCreateOrderBody(input: CreateOrderInput, newId: () => string = randomUUID): CreateOrderV2Body {
  if (!input.ticker) throw new KalshiConfigError('order: ticker is required');
  if (input.side !== 'bid' && input.side !== 'ask') throw new KalshiConfigError('order: side must be "bid" or "ask"');
  const countCenti = typeof input.count === 'bigint' ? input.count : parseCount(input.count);
  if (countCenti <= 0n) throw new KalshiConfigError('order: count must be positive');
  const priceMicros = typeof input.price === 'bigint' ? input.price : parseDollars(input.price);
  if (priceMicros <= 0n || priceMicros >= 1_000_000n) throw new KalshiConfigError('order: price must be strictly between 0 and 1 dollar');
  if (input.expiration_time !== undefined && input.time_in_force !== 'good_till_canceled') {
    throw new KalshiConfigError('order: expiration_time requires time_in_force good_till_canceled');
  }
  const body: CreateOrderV2Body = {
    ticker: input.ticker,
    side: input.side,
    count: formatCount(countCenti),
    price: formatDollarsForRequest(priceMicros),
    time_in_force: input.time_in_force,
    self_trade_prevention_type: input.self_trade_prevention_type ?? 'taker_at_cross',
    client_order_id: input.client_order_id ?? newId(),
  };
  for (const k of ['expiration_time', 'post_only', 'reduce_only', 'cancel_order_on_pause', 'subaccount', 'order_group_id', 'exchange_index'] as const) {
    if (input[k] !== undefined) (body as unknown as Record<string, unknown>)[k] = input[k];
  }
  return body;
}

export interface OrdersQuery {
  ticker?: string;
  /** Up to 10 event tickers (comma-separated). */
  event_ticker?: readonly string[] | string;
  min_ts?: number;
  max_ts?: number;
  status?: 'resting' | 'canceled' | 'executed';
  limit?: number;
  cursor?: string;
  subaccount?: number;
  exchange_index?: number;
}

export interface PositionsQuery {
  cursor?: string;
  limit?: number;
  /** e.g. `position` or `position,total_traded`. */
  count_filter?: string;
  ticker?: string;
  event_ticker?: string;
  subaccount?: number;
  exchange_index?: number;
}

export interface FillsQuery {
  ticker?: string;
  order_id?: string;
  min_ts?: number;
  max_ts?: number;
  limit?: number;
  cursor?: string;
  subaccount?: number;
  exchange_index?: number;
}

export interface SettlementsQuery {
  limit?: number;
  cursor?: string;
  ticker?: string;
  event_ticker?: string;
  min_ts?: number;
  max_ts?: number;
  subaccount?: number;
}

export interface PositionsPage {
  market_positions: MarketPosition[];
  event_positions: EventPosition[];
  cursor: string | null;
  requestCursor: string | null;
  malformed: number;
}

export interface PageOptions {
  maxPages?: number;
  signal?: AbortSignal;
}

function commaList(v: readonly string[] | string | undefined): string | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : v.join(',');
}

export function createPortfolio(ctx: ClientContext, rateLimiter: RateLimiter) {
  const { http } = ctx;
  const signed = { auth: 'required' } as const;

  const api = {
    /** `GET /portfolio/balance`. */
    async getBalance(q: { subaccount?: number; exchange_index?: number } = {}, signal?: AbortSignal): Promise<Balance> {
      const json = await http.request('GET', '/portfolio/balance', { ...signed, query: { ...q }, signal });
      return parseSingle(ctx, 'GET /portfolio/balance', BalanceSchema, json);
    },

    /**
     * `POST /portfolio/events/orders` (V2). Retried on 429/5xx/timeouts with the same `client_order_id`.
     * The result always has `client_order_id` (ours if the server omitted it).
     */
    async createOrder(input: CreateOrderInput, signal?: AbortSignal): Promise<CreateOrderResult & { client_order_id: string }> {
      const body = buildCreateOrderBody(input);
      let json: unknown;
      try {
        json = await http.request('POST', '/portfolio/events/orders', {
          ...signed,
          body,
          idempotent: true,
          signal,
          logContext: { ticker: body.ticker, client_order_id: body.client_order_id },
        });
      } catch (err) {
        if (err instanceof KalshiApiError) err.clientOrderId = body.client_order_id;
        throw err;
      }
      const res = parseSingle(ctx, 'POST /portfolio/events/orders', CreateOrderResponseSchema, json);
      return { ...res, client_order_id: res.client_order_id || body.client_order_id };
    },

    /** `DELETE /portfolio/events/orders/{order_id}` (V2 cancel = reduce remaining to zero). */
    async cancelOrder(orderId: string, q: { subaccount?: number; exchange_index?: number; market_ticker?: string } = {}, signal?: AbortSignal): Promise<CancelOrderResult> {
      if (!orderId) throw new KalshiConfigError('cancelOrder: order id is required');
      const json = await http.request('DELETE', `/portfolio/events/orders/${encodeURIComponent(orderId)}`, { ...signed, query: { ...q }, signal });
      return parseSingle(ctx, 'DELETE /portfolio/events/orders/{order_id}', CancelOrderResponseSchema, json);
    },

    /** `GET /portfolio/orders` page by page. */
    listOrderPages(q: OrdersQuery = {}, o: PageOptions = {}): AsyncGenerator<Page<Order>> {
      const query: Query = { ...q, event_ticker: commaList(q.event_ticker), limit: q.limit ?? 1000, cursor: undefined };
      return paginate(ctx, { path: '/portfolio/orders', query, key: 'orders', schema: OrderSchema, cursor: q.cursor, auth: 'required', maxPages: o.maxPages, signal: o.signal, idOf: (r) => r.order_id });
    },

    listOrders(q: OrdersQuery = {}, o: PageOptions = {}): AsyncGenerator<Order> {
      return records(api.listOrderPages(q, o));
    },

    /** `GET /portfolio/orders/{order_id}`; `null` on 404. */
    async getOrder(orderId: string, signal?: AbortSignal): Promise<Order | null> {
      let json: unknown;
      try {
        json = await http.request('GET', `/portfolio/orders/${encodeURIComponent(orderId)}`, { ...signed, signal });
      } catch (err) {
        if (err instanceof KalshiApiError && err.status === 404) return null;
        throw err;
      }
      return parseSingle(ctx, 'GET /portfolio/orders/{order_id}', OrderSchema, (json as { order?: unknown } | null)?.order);
    },

    /** `GET /portfolio/positions` page by page (unsettled positions only). */
    async *listPositionPages(q: PositionsQuery = {}, o: PageOptions = {}): AsyncGenerator<PositionsPage> {
      let cursor: string | null = q.cursor || null;
      let pages = 0;
      for (;;) {
        const json = await http.request('GET', '/portfolio/positions', { ...signed, query: { ...q, limit: q.limit ?? 1000, cursor: cursor ?? undefined }, signal: o.signal });
        if (!json || typeof json !== 'object') throw new KalshiResponseError('GET', '/portfolio/positions', 'response is not an object');
        const env = json as { market_positions?: unknown; event_positions?: unknown; cursor?: unknown };
        const mp = Array.isArray(env.market_positions) ? env.market_positions : [];
        const ep = Array.isArray(env.event_positions) ? env.event_positions : [];
        const before = ctx.stats.malformedTotal;
        const market_positions = parseRecords(ctx, 'GET /portfolio/positions', MarketPositionSchema, mp);
        const event_positions = parseRecords(ctx, 'GET /portfolio/positions', EventPositionSchema, ep);
        const next = typeof env.cursor === 'string' && env.cursor !== '' ? env.cursor : null;
        yield { market_positions, event_positions, cursor: next, requestCursor: cursor, malformed: ctx.stats.malformedTotal - before };
        pages++;
        if (next === null || next === cursor || (o.maxPages !== undefined && pages >= o.maxPages)) return;
        cursor = next;
      }
    },

    /** Market positions record by record. */
    async *listMarketPositions(q: PositionsQuery = {}, o: PageOptions = {}): AsyncGenerator<MarketPosition> {
      for await (const p of api.listPositionPages(q, o)) yield* p.market_positions;
    },

    /** `GET /portfolio/fills` page by page. */
    listFillPages(q: FillsQuery = {}, o: PageOptions = {}): AsyncGenerator<Page<Fill>> {
      return paginate(ctx, { path: '/portfolio/fills', query: { ...q, limit: q.limit ?? 1000, cursor: undefined }, key: 'fills', schema: FillSchema, cursor: q.cursor, auth: 'required', maxPages: o.maxPages, signal: o.signal, idOf: (r) => r.fill_id });
    },

    listFills(q: FillsQuery = {}, o: PageOptions = {}): AsyncGenerator<Fill> {
      return records(api.listFillPages(q, o));
    },

    /** `GET /portfolio/settlements` page by page. */
    listSettlementPages(q: SettlementsQuery = {}, o: PageOptions = {}): AsyncGenerator<Page<Settlement>> {
      return paginate(ctx, { path: '/portfolio/settlements', query: { ...q, limit: q.limit ?? 1000, cursor: undefined }, key: 'settlements', schema: SettlementSchema, cursor: q.cursor, auth: 'required', maxPages: o.maxPages, signal: o.signal });
    },

    listSettlements(q: SettlementsQuery = {}, o: PageOptions = {}): AsyncGenerator<Settlement> {
      return records(api.listSettlementPages(q, o));
    },

    /** `GET /account/limits`: usage tier and token-bucket budgets. */
    async getAccountLimits(signal?: AbortSignal): Promise<AccountLimits> {
      const json = await http.request('GET', '/account/limits', { ...signed, signal });
      return parseSingle(ctx, 'GET /account/limits', AccountLimitsSchema, json);
    },

    /** Reads `GET /account/limits` and reconfigures the local read/write buckets to match. */
    async applyAccountLimits(signal?: AbortSignal): Promise<AccountLimits> {
      const limits = await api.getAccountLimits(signal);
      rateLimiter.apply(limits);
      ctx.logger.info({ tier: limits.usage_tier, read: limits.read, write: limits.write }, 'kalshi: rate limits loaded from /account/limits');
      return limits;
    },

    /** Reads the public `GET /account/endpoint_costs` and loads the non-default costs into the limiter. */
    async applyEndpointCosts(signal?: AbortSignal): Promise<void> {
      const json = await http.request('GET', '/account/endpoint_costs', { signal });
      const costs = parseSingle(ctx, 'GET /account/endpoint_costs', EndpointCostsSchema, json);
      rateLimiter.costs.load(costs.default_cost, costs.endpoint_costs ?? []);
    },
  };
  return api;
}

export type PortfolioApi = ReturnType<typeof createPortfolio>;
