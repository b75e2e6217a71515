import type { Database } from '@sentinel/db';
import type { Scheduler } from '../jobs/scheduler.ts';
import type { Services } from '../services.ts';
import type { EventBus } from './event-bus.ts';
import type { Logger } from './logger.ts';
import type { ReadCache } from './read-cache.ts';

/** Everything the app needs from the outside world, injected by src/index.ts or a test. */
export interface AppDeps {
  db: Pick<Database, 'prisma' | 'pool' | 'kind' | 'ping'>;
  logger: Logger;
  adminToken: string;
  version: string;
  startedAt: Date;
  /** Directory of the built SPA; served at / when it exists. */
  webDir?: string;
  corsOrigins: string[];
  cookieSecure: 'auto' | 'true' | 'false';
  bodyLimitBytes: number;
  /** The job scheduler; absent when the API runs without jobs (e.g. building the OpenAPI document). */
  scheduler?: Scheduler;
  /** Kalshi, email, webhooks, Claude; absent only where a route never needs them. */
  services?: Services;
  /** Live updates for the dashboard's server-sent events. */
  events?: EventBus;
  now?: () => Date;
  /** How long the dashboard list, alert list and monitor summary may be served from memory (ms); 0 or absent = never. */
  readCacheMs?: number;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    logger: Logger;
    requestId: string;
    readCache: ReadCache;
  };
}
