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
  /** PUBLIC_URL: its origin may send unsafe requests with the session cookie (CSRF check). */
  publicUrl?: string;
  /** Tuning of the failed-credential throttle (tests); defaults in lib/credential-throttle.ts. */
  credentialThrottle?: import('./credential-throttle.ts').ThrottleOptions;
  /** TRUST_PROXY_HOPS: how many reverse proxies in front may be believed about X-Forwarded-For. */
  trustProxyHops?: number;
  /** Counters and histograms for GET /metrics; createApp makes one when absent. */
  metrics?: import('../metrics/metrics.ts').Metrics;
  /** METRICS_TOKEN: a bearer token that may read GET /metrics and nothing else. */
  metricsToken?: string;
  /** Live stream caps: per connecting address and in total. */
  streamLimits?: { perClient: number; total: number };
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    logger: Logger;
    requestId: string;
    readCache: ReadCache;
    metrics: import('../metrics/metrics.ts').Metrics;
    /** How this request authenticated, set by requireAuth. */
    auth?: { via: 'bearer' } | { via: 'session'; sessionId: string };
  };
}
