// Wiring for the resilience suite: the whole product assembled exactly as src/index.ts does it
// (environment → services → monitor → jobs → scheduler → app), known secret values, a TCP proxy
// the tests can cut to take "the database" away, and a spawned app process for crash tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { type Server, type Socket, createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { type Database, createSidePool } from '@sentinel/db';
import { createApp } from '../../src/app.ts';
import { parseEnv } from '../../src/env.ts';
import { createAdvisoryLock, createLocalLock } from '../../src/jobs/locks.ts';
import { createJobs, createMonitor } from '../../src/jobs/registry.ts';
import { type Scheduler, createScheduler } from '../../src/jobs/scheduler.ts';
import { EventBus } from '../../src/lib/event-bus.ts';
import { createLogger } from '../../src/lib/logger.ts';
import type { AppDeps } from '../../src/lib/types.ts';
import { API_VERSION } from '../../src/openapi-document.ts';
import { type Services, createServices } from '../../src/services.ts';
import { LogCapture } from '../support/app.ts';
import { LOOSER_THAN_SPEC_CONFIRMATION } from '../../src/trader/constants.ts';
import { clockFrom } from '../trader/support.ts';

export const API_DIR = join(import.meta.dirname, '../..');
export const REPO_DIR = join(API_DIR, '..');

/** Distinctive secret values: any appearance of one in output is a leak. */
export const SECRETS = {
  adminToken: 'resilience-admin-token-9f8e7d6c5b4a3210',
  anthropicKey: 'sk-ant-api03-RESILIENCE-secret-0123456789abcdef',
  resendKey: 're_RESILIENCE_secret_0123456789abcdef',
  webhookSecret: 'whsec-RESILIENCE-0123456789abcdef',
} as const;

export function rsaKeyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** Long fragments of a PEM (each base64 line): a partial key in output is as bad as the whole. */
export function pemFragments(pem: string): string[] {
  return pem
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length >= 40 && !l.startsWith('-----'));
}

export interface FullStack {
  monitor: ReturnType<typeof createMonitor>;
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  scheduler: Scheduler;
  services: Services;
  logs: LogCapture;
  auth: { Authorization: string };
}

/**
 * The product as src/index.ts builds it, on a database the test owns, configured through the
 * same environment parser (so every secret takes the path a real deployment's would).
 */
export function createFullStack(db: Database, env: Record<string, string>, options: { now?: () => Date; instanceId?: string } = {}): FullStack {
  const config = parseEnv({ NODE_ENV: 'test', LOG_LEVEL: 'debug', ...env }, API_DIR);
  const logs = new LogCapture();
  const logger = createLogger({ level: config.LOG_LEVEL, destination: logs });
  const adminToken = config.ADMIN_TOKEN ?? SECRETS.adminToken;
  const services = createServices(config, logger, adminToken);
  const events = new EventBus();
  const monitor = createMonitor({ db, services, events });
  const jobs = createJobs({ db, services, events, monitor });
  // As src/index.ts: the advisory locks on a pool of their own.
  const lockPool = db.kind === 'postgresql' ? createSidePool(db.url, jobs.length + 1) : null;
  const scheduler = createScheduler({
    prisma: db.prisma,
    lock: lockPool ? createAdvisoryLock(lockPool) : createLocalLock(),
    logger,
    jobs,
    secrets: services.secrets,
    now: options.now,
    instanceId: options.instanceId,
  });
  const deps: AppDeps = {
    db,
    logger,
    adminToken,
    version: API_VERSION,
    startedAt: new Date(),
    corsOrigins: config.CORS_ORIGINS,
    cookieSecure: config.COOKIE_SECURE,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    publicUrl: config.PUBLIC_URL,
    trustProxyHops: config.TRUST_PROXY_HOPS,
    scheduler,
    services,
    events,
    now: options.now,
  };
  return { monitor, app: createApp(deps), deps, scheduler, services, logs, auth: { Authorization: `Bearer ${adminToken}` } };
}

/**
 * A TCP proxy in front of a database. `cut()` drops every open connection and refuses new ones
 * (as a stopped server does); `restore()` accepts again on the same port.
 */
export interface TcpProxy {
  port: number;
  url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port || 5432);
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;

  async function listen() {
    server = createServer((client) => {
      const upstream = createConnection({ host: target.hostname, port: targetPort });
      sockets.add(client);
      sockets.add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(port, '127.0.0.1', () => resolve());
    });
    port = (server!.address() as { port: number }).port;
  }
  async function stop() {
    const s = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  await listen();
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    port,
    url: url.toString(),
    cut: stop,
    restore: listen,
    close: stop,
  };
}

export interface AppProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** `node --import tsx api/src/index.ts` with only the environment given (no CI variables leak in). */
export function spawnApp(env: Record<string, string>): AppProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: API_DIR,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function waitForHealth(url: string, running: AppProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (running.child.exitCode !== null || running.child.signalCode !== null) throw new Error(`exited early:\n${running.output().slice(-4000)}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no health within ${timeoutMs} ms:\n${running.output().slice(-4000)}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Exchange control plane. */
export async function exchangeControl(baseUrl: string, path: string, body?: unknown, method = 'POST') {
  const response = await fetch(`${baseUrl}/_exchange${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} /_exchange${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

export interface GroundTruthTrade {
  trade_id: string;
  ticker: string;
  created_time: string;
  count_fp: string;
  yes_price_dollars: string;
}

export async function exchangeTrades(baseUrl: string, minTs: number, maxTs: number): Promise<GroundTruthTrade[]> {
  const r = await fetch(`${baseUrl}/_exchange/trades?min_ts=${minTs}&max_ts=${maxTs}&limit=1000000`);
  const body = (await r.json()) as { count: number; trades: GroundTruthTrade[] };
  if (body.trades.length !== body.count) throw new Error(`ground truth truncated: ${body.trades.length} of ${body.count}`);
  return body.trades;
}

export interface World {
  exchange: import('@sentinel/exchange').RunningExchange;
  db: Database;
  stack: FullStack;
  resend: import('../support/fakes/resend.ts').FakeResend;
  ai: import('../support/fakes/anthropic.ts').FakeAnthropic;
  webhook: import('../support/fakes/webhook.ts').FakeWebhook;
  privateKeyPem: string;
  /** Every configured secret value, and fragments of the private key. */
  secretValues: string[];
  close(): Promise<void>;
}

/**
 * The whole product with every integration configured with a known secret: a small local
 * exchange (signed key registered), Resend, Anthropic and a webhook receiver on loopback.
 */
export const WORLD_START = '2026-11-18T18:00:00Z';

export async function startWorld(options: { markets?: number; env?: Record<string, string> } = {}): Promise<World> {
  const { startExchange } = await import('@sentinel/exchange');
  const { createTestDatabase } = await import('@sentinel/db/testing');
  const { startFakeResend } = await import('../support/fakes/resend.ts');
  const { startFakeAnthropic } = await import('../support/fakes/anthropic.ts');
  const { startFakeWebhook } = await import('../support/fakes/webhook.ts');
  const { updateSettings } = await import('../../src/settings/settings.queries.ts');
  const keys = rsaKeyPair();
  const apiKeyId = 'resilience-key-id';
  // Frozen at a fixed weekday afternoon, with the app on the same clock: which markets the trader
  // finds, and how busy the tape is, follow the time of day, so nothing here depends on the hour.
  const exchange = await startExchange({ markets: options.markets ?? 150, historyDays: 1, seed: 21, speed: 0, startTime: WORLD_START, keys: [{ apiKeyId, publicKeyPem: keys.publicKeyPem, balanceDollars: '5000.00' }] });
  const now = clockFrom(exchange);
  const [db, resend, ai, webhook] = await Promise.all([
    createTestDatabase(),
    startFakeResend({ apiKey: SECRETS.resendKey }),
    startFakeAnthropic(),
    startFakeWebhook(),
  ]);
  const stack = createFullStack(db, {
    ADMIN_TOKEN: SECRETS.adminToken,
    KALSHI_API_BASE: exchange.url,
    KALSHI_API_KEY_ID: apiKeyId,
    // As a .env file would carry it: one line with \n escapes.
    KALSHI_PRIVATE_KEY: keys.privateKeyPem.replace(/\n/g, '\\n'),
    KALSHI_RATE_TIER: 'prestige',
    RESEND_API_KEY: SECRETS.resendKey,
    RESEND_BASE_URL: resend.url,
    ANTHROPIC_API_KEY: SECRETS.anthropicKey,
    ANTHROPIC_BASE_URL: ai.baseUrl,
    WEBHOOK_SIGNING_SECRET: SECRETS.webhookSecret,
    // The webhook receiver is a loopback fake: allowed by name, as a deployment would.
    WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
    MONITOR_BACKFILL_HOURS: '2',
    ...options.env,
  }, { now });
  await updateSettings(db.prisma, {
    excludedCategories: [],
    minVolume: 0,
    minOpenInterest: 0,
    alertThreshold: 0,
    alertEmails: ['ops@example.com'],
    webhookUrl: webhook.url,
    // The synthetic books are thinner than Kalshi's: let them qualify for the trader.
    minDepthDollars: 50,
  } as never, { confirmLooserThanSpec: LOOSER_THAN_SPEC_CONFIRMATION });
  return {
    exchange,
    db,
    stack,
    resend,
    ai,
    webhook,
    privateKeyPem: keys.privateKeyPem,
    secretValues: [
      SECRETS.adminToken,
      SECRETS.anthropicKey,
      SECRETS.resendKey,
      SECRETS.webhookSecret,
      keys.privateKeyPem,
      keys.privateKeyPem.replace(/\n/g, '\\n'),
      ...pemFragments(keys.privateKeyPem),
    ],
    async close() {
      await stack.scheduler.stop();
      await Promise.allSettled([db.close(), resend.close(), ai.close(), webhook.close()]);
      await exchange.close();
    },
  };
}
