/**
 * Kalshi API client: `createKalshiClient(config, logger)`.
 *
 * ```ts
 * const kalshi = createKalshiClient({ apiBase: env.KALSHI_API_BASE, apiKeyId: env.KALSHI_API_KEY_ID,
 *   privateKey: env.KALSHI_PRIVATE_KEY, privateKeyPath: env.KALSHI_PRIVATE_KEY_PATH }, logger);
 * for await (const page of kalshi.listMarketPages({ status: 'open' })) handle(page.items);
 * ```
 * See schemas.ts for the parsed record shape (raw Kalshi fields + `_micros`/`_centi`/`_ms` siblings).
 */
import { createHash } from 'node:crypto';
import { systemClock, type Clock } from './clock.ts';
import { KalshiConfigError } from './errors.ts';
import { DEFAULT_KALSHI_API_BASE, deriveWsUrl, normalizeApiBase } from './hosts.ts';
import { HttpClient, type RetryOptions } from './http.ts';
import { silentLogger, type Logger } from './logger.ts';
import { createMarketData } from './market-data.ts';
import { createPortfolio } from './portfolio.ts';
import { RateLimiter, type RateLimiterOptions } from './rate-limit.ts';
import { createSigner, type KalshiSigner } from './signing.ts';
import { KalshiStats } from './stats.ts';
import { KalshiWebSocket, type KalshiWebSocketOptions } from './websocket.ts';

export interface KalshiClientConfig {
  /** REST base incl. `/trade-api/v2` (env `KALSHI_API_BASE`). Default production. */
  apiBase?: string | undefined;
  /** WebSocket URL. Default derived from `apiBase`. */
  wsUrl?: string | undefined;
  /** API key id (env `KALSHI_API_KEY_ID`). */
  apiKeyId?: string | undefined;
  /** PEM private key (env `KALSHI_PRIVATE_KEY`). */
  privateKey?: string | undefined;
  /** Path to a PEM private key (env `KALSHI_PRIVATE_KEY_PATH`). */
  privateKeyPath?: string | undefined;
  /** Sign public market-data requests too when credentials exist. Default true. */
  signPublicRequests?: boolean | undefined;
  /** Client-side token buckets: `{ tier: 'basic' }` by default; `disabled: true` to turn off. */
  rateLimit?: RateLimiterOptions | undefined;
  /** Retries: `{ attempts: 5, baseDelayMs: 250, maxDelayMs: 10000 }` by default. */
  retry?: Partial<RetryOptions> | undefined;
  /** Per-attempt HTTP timeout. Default 10 s. */
  timeoutMs?: number | undefined;
  userAgent?: string | undefined;
  clock?: Clock | undefined;
  random?: (() => number) | undefined;
}

export function createKalshiClient(config: KalshiClientConfig = {}, logger: Logger = silentLogger) {
  const apiBase = normalizeApiBase(config.apiBase || DEFAULT_KALSHI_API_BASE);
  const wsUrl = config.wsUrl || deriveWsUrl(apiBase);
  const hasKey = Boolean(config.privateKey || config.privateKeyPath);
  if (config.apiKeyId && !hasKey) throw new KalshiConfigError('KALSHI_API_KEY_ID is set but no private key (KALSHI_PRIVATE_KEY or KALSHI_PRIVATE_KEY_PATH)');
  if (hasKey && !config.apiKeyId) throw new KalshiConfigError('a Kalshi private key is set but KALSHI_API_KEY_ID is missing');
  const clock = config.clock ?? systemClock;
  const signer: KalshiSigner | undefined =
    config.apiKeyId && hasKey
      ? createSigner({ keyId: config.apiKeyId, privateKeyPem: config.privateKey, privateKeyPath: config.privateKeyPath }, () => clock.now())
      : undefined;
  const stats = new KalshiStats();
  const rateLimiter = new RateLimiter({ ...config.rateLimit, clock: config.rateLimit?.clock ?? clock });
  const http = new HttpClient({
    baseUrl: apiBase,
    logger,
    stats,
    rateLimiter,
    signer,
    signPublic: config.signPublicRequests ?? true,
    retry: config.retry,
    timeoutMs: config.timeoutMs,
    clock,
    random: config.random,
    userAgent: config.userAgent,
  });
  const ctx = { http, stats, logger };
  const marketData = createMarketData(ctx);
  const portfolio = createPortfolio(ctx, rateLimiter);

  return {
    ...marketData,
    ...portfolio,
    /** Counters: `stats.malformed` by endpoint, requests, retries, 429s, 5xx, network errors. */
    stats,
    rateLimiter,
    http,
    apiBase,
    wsUrl,
    hasCredentials: signer !== undefined,
    /**
     * Which key signs, without naming it: a SHA-256 fingerprint of the API key id (null without
     * credentials). The trader binds its live confirmation to it.
     */
    keyFingerprint: (): string | null => (signer !== undefined && config.apiKeyId ? createHash('sha256').update(config.apiKeyId).digest('hex').slice(0, 32) : null),
    /**
     * A WebSocket client on `wsUrl`, signed with the configured key, with REST trade backfill wired in.
     * Call `.connect()` and `.subscribe({ channels: ['trade'] })`.
     */
    createWebSocket(opts: Partial<Omit<KalshiWebSocketOptions, 'signer'>> = {}): KalshiWebSocket {
      if (!signer) throw new KalshiConfigError('the Kalshi WebSocket needs API credentials (the handshake is always signed)');
      return new KalshiWebSocket({
        url: wsUrl,
        logger,
        stats,
        tradeBackfill: (q) => marketData.listTrades(q),
        ...opts,
        signer,
      });
    },
  };
}

export type KalshiClient = ReturnType<typeof createKalshiClient>;

export * from './hosts.ts';
export * from './fixed-point.ts';
export * from './errors.ts';
export type { Logger } from './logger.ts';
export { KalshiStats } from './stats.ts';
export { createSigner, presignText, normalizePem, KalshiKeyError } from './signing.ts';
export type { KalshiSigner, KalshiCredentials, AuthHeaders } from './signing.ts';
export { TokenBucket, RateLimiter, CostTable, TIER_LIMITS, DEFAULT_COST, bucketFor } from './rate-limit.ts';
export type { UsageTier, BucketLimit, RateLimiterOptions, BucketName } from './rate-limit.ts';
export { startRateTierSync, RATE_LIMITS_REFRESH_MS } from './rate-tier.ts';
export type { RateTierSync, RateTierState, RateTierSetting } from './rate-tier.ts';
export { backoffDelay, DEFAULT_RETRY } from './http.ts';
export type { RetryOptions } from './http.ts';
export type { Page } from './records.ts';
export type { MarketsQuery, EventsQuery, SeriesQuery, TradesQuery, CandlesticksQuery, BatchCandlesticksQuery, HistoricalMarketsQuery, HistoricalCandlesticksQuery, ListOptions } from './market-data.ts';
export { buildCreateOrderBody } from './portfolio.ts';
export type { CreateOrderInput, CreateOrderV2Body, OrdersQuery, PositionsQuery, FillsQuery, SettlementsQuery, PositionsPage, TimeInForce } from './portfolio.ts';
export { KalshiWebSocket, fromRestTrade, tickerQuote } from './websocket.ts';
export type { KalshiWebSocketOptions, KalshiWsEvents, SubscribeParams, Subscription, TradeEvent, WsChannel, SeqInfo } from './websocket.ts';
export type {
  Market,
  Trade,
  Orderbook,
  BookLevel,
  KalshiEvent,
  Series,
  ExchangeStatus,
  Candlestick,
  HistoricalCandlestick,
  HistoricalCutoff,
  CandleNumbers,
  Balance,
  CreateOrderResult,
  CancelOrderResult,
  Order,
  MarketPosition,
  EventPosition,
  Fill,
  Settlement,
  AccountLimits,
  PriceRange,
  WsTicker,
  WsOrderbookSnapshot,
  WsOrderbookDelta,
  WsMarketLifecycle,
  WsEventLifecycle,
  WsEventFeeUpdate,
} from './schemas.ts';
