// The monitor against the local exchange, as its end-to-end tests build it: an exchange on a
// fixed start, a fresh database with the given settings, the app's Kalshi client (fast retries)
// and the monitor pipeline, with a cycle context and the exchange clock on the same time.
import type { Database } from '@sentinel/db';
import { createTestDatabase } from '@sentinel/db/testing';
import { type ExchangeOptions, type RunningExchange, startExchange } from '@sentinel/exchange';
import pino from 'pino';
import { createKalshiClient } from '../../src/kalshi/index.ts';
import { createAlertNotifier } from '../../src/monitor/alerts/notify.ts';
import { createMonitorPipeline } from '../../src/monitor/pipeline/monitor-cycle.ts';
import { updateSettings } from '../../src/settings/settings.queries.ts';

export const silentLogger = pino({ level: 'silent' });

export interface MonitorWorld {
  exchange: RunningExchange;
  db: Database;
  kalshi: ReturnType<typeof createKalshiClient>;
  pipeline: ReturnType<typeof createMonitorPipeline>;
  /** A cycle's context on the exchange's clock. */
  ctx(): { logger: typeof silentLogger; now: () => Date; signal: AbortSignal };
  /** Moves the exchange's clock by `seconds`. */
  advance(seconds: number): Promise<void>;
  close(): Promise<void>;
}

export async function startMonitorWorld(o: { exchange: ExchangeOptions; backfillHours: number; settings?: Parameters<typeof updateSettings>[1] }): Promise<MonitorWorld> {
  const exchange = await startExchange(o.exchange);
  const db = await createTestDatabase();
  const kalshi = createKalshiClient({ apiBase: exchange.url, rateLimit: { disabled: true }, retry: { attempts: 5, baseDelayMs: 5, maxDelayMs: 50 } }, silentLogger);
  if (o.settings) await updateSettings(db.prisma, o.settings);
  const pipeline = createMonitorPipeline({ db, services: { kalshi, monitorBackfillHours: o.backfillHours }, notify: createAlertNotifier({ publicUrl: 'http://sentinel.test' }) });
  return {
    exchange,
    db,
    kalshi,
    pipeline,
    ctx: () => ({ logger: silentLogger, now: () => new Date(exchange.now()), signal: new AbortController().signal }),
    async advance(seconds) {
      await fetch(`${exchange.baseUrl}/_exchange/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advance_s: seconds }) });
    },
    async close() {
      await db.close();
      await exchange.close();
    },
  };
}
