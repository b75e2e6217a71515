// KALSHI_RATE_TIER=auto end to end against the local exchange: with keys the client's buckets
// take the account's budgets from GET /account/limits (and the costs from
// GET /account/endpoint_costs), at start and on every refresh; without keys, or when the
// limits cannot be read, Basic, logged once.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { type RunningExchange, startExchange } from '@sentinel/exchange';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKalshiClient, startRateTierSync, type RateTierSync } from './index.ts';
import { TIER_LIMITS } from './rate-limit.ts';
import { recordingLogger } from './testing/fake-server.ts';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const PUB = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const KEY_ID = randomUUID();

let ex: RunningExchange;
const syncs: RateTierSync[] = [];

beforeAll(async () => {
  ex = await startExchange({ seed: 3, markets: 50, historyDays: 1, speed: 0, keys: [{ apiKeyId: KEY_ID, publicKeyPem: PUB, usageTier: 'premier' }] });
}, 120_000);
afterAll(async () => {
  await ex?.close();
});
afterEach(async () => {
  for (const s of syncs.splice(0)) s.stop();
  await control('PUT', '/faults', { rate5xx: 0 });
});

function control(method: string, path: string, body: unknown) {
  return fetch(`${ex.baseUrl}/_exchange${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

function client(withKeys: boolean) {
  const logger = recordingLogger();
  const kalshi = createKalshiClient(
    { apiBase: ex.url, retry: { attempts: 1 }, ...(withKeys ? { apiKeyId: KEY_ID, privateKey: PEM } : {}) },
    logger,
  );
  return { kalshi, logger };
}

function start(kalshi: ReturnType<typeof client>['kalshi'], logger: ReturnType<typeof recordingLogger>, tier: 'auto' | 'expert' = 'auto', intervalMs?: number) {
  const sync = startRateTierSync(kalshi, { tier, logger, intervalMs });
  syncs.push(sync);
  return sync;
}

const buckets = (k: ReturnType<typeof client>['kalshi']) => ({
  tier: k.rateLimiter.tier,
  read: { refillRate: k.rateLimiter.read.refillRate, capacity: k.rateLimiter.read.capacity },
  write: { refillRate: k.rateLimiter.write.refillRate, capacity: k.rateLimiter.write.capacity },
});

describe('KALSHI_RATE_TIER=auto', () => {
  it('with keys: the buckets take the account budgets and the endpoint costs at start, and follow a tier change', async () => {
    const { kalshi, logger } = client(true);
    expect(buckets(kalshi)).toEqual({ tier: 'basic', ...TIER_LIMITS.basic });
    const sync = start(kalshi, logger, 'auto', 200);
    const state = await sync.refresh();
    expect(state).toMatchObject({ source: 'account', tier: 'premier', costsLoaded: true });
    expect(buckets(kalshi)).toEqual({ tier: 'premier', read: { refillRate: 1000, capacity: 1000 }, write: { refillRate: 1000, capacity: 2000 } });
    // The exchange lists a batch cancel at 2 tokens; the built-in table has no such entry.
    expect(kalshi.rateLimiter.costs.cost('DELETE', '/portfolio/events/orders/batched')).toBe(2);
    expect(kalshi.rateLimiter.costs.cost('GET', '/markets')).toBe(10);

    // Kalshi moves the account to another tier: the periodic refresh resizes the buckets.
    expect((await control('POST', `/accounts/${KEY_ID}/usage_tier`, { usage_tier: 'advanced' })).status).toBe(200);
    await expect.poll(() => kalshi.rateLimiter.tier, { timeout: 5_000, interval: 50 }).toBe('advanced');
    expect(buckets(kalshi)).toEqual({ tier: 'advanced', read: { refillRate: 300, capacity: 600 }, write: { refillRate: 300, capacity: 600 } });
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([]);
    await control('POST', `/accounts/${KEY_ID}/usage_tier`, { usage_tier: 'premier' });
  });

  it('without keys: Basic budgets (costs still read), logged once however often it refreshes', async () => {
    const { kalshi, logger } = client(false);
    const sync = start(kalshi, logger);
    await sync.refresh();
    await sync.refresh();
    expect(sync.state).toMatchObject({ source: 'basic', tier: 'basic', costsLoaded: true });
    expect(buckets(kalshi)).toEqual({ tier: 'basic', ...TIER_LIMITS.basic });
    expect(logger.lines.filter((l) => /without Kalshi keys/.test(l.msg ?? ''))).toHaveLength(1);
  });

  it('when /account/limits fails: Basic, one warning for many failed refreshes; the next success applies', async () => {
    await control('PUT', '/faults', { rate5xx: 1 });
    const { kalshi, logger } = client(true);
    const sync = start(kalshi, logger);
    await sync.refresh();
    await sync.refresh();
    await sync.refresh();
    expect(sync.state).toMatchObject({ source: 'basic', tier: 'basic', costsLoaded: false });
    expect(buckets(kalshi)).toEqual({ tier: 'basic', ...TIER_LIMITS.basic });
    const warnings = logger.lines.filter((l) => l.level === 'warn').map((l) => l.msg);
    expect(warnings.filter((m) => /\/account\/limits/.test(m ?? ''))).toHaveLength(1);
    expect(warnings.filter((m) => /\/account\/endpoint_costs/.test(m ?? ''))).toHaveLength(1);

    await control('PUT', '/faults', { rate5xx: 0 });
    expect(await sync.refresh()).toMatchObject({ source: 'account', tier: 'premier', costsLoaded: true });
  });

  it('a configured tier is kept: /account/limits is not read', async () => {
    const logger = recordingLogger();
    const k = createKalshiClient({ apiBase: ex.url, apiKeyId: KEY_ID, privateKey: PEM, rateLimit: { tier: 'expert' } }, logger);
    const sync = start(k, logger, 'expert');
    expect(await sync.refresh()).toMatchObject({ source: 'configured', tier: 'expert', costsLoaded: true });
    expect(buckets(k)).toEqual({ tier: 'expert', ...TIER_LIMITS.expert });
  });
});
