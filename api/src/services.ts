// The outside world the product talks to, built once from the configuration: Kalshi, email,
// webhooks and Claude. Tests build the same objects pointed at loopback fakes.
import { type KalshiClient, createKalshiClient } from './kalshi/index.ts';
import type { Config } from './env.ts';
import type { Logger } from './lib/logger.ts';
import { type EmailSender, type WebhookSender, createResendSender, createWebhookSender } from './notifications/senders.ts';

export interface Notifier {
  /** Null without RESEND_API_KEY: emails wait in the outbox, visible in the app. */
  email: EmailSender | null;
  webhook: WebhookSender;
  /** Hosts a webhook may point at even when private or loopback (WEBHOOK_ALLOW_HOSTS). */
  webhookAllowHosts?: readonly string[];
  /** Where links in emails point. */
  publicUrl: string;
}

export interface AiConfig {
  apiKey?: string;
  baseUrl?: string;
  model: string;
}

export interface Services {
  kalshi: KalshiClient;
  /** True when Kalshi keys are configured (portfolio endpoints and the WebSocket work). */
  kalshiAuthenticated: boolean;
  notifier: Notifier;
  ai: AiConfig;
  dryRun: boolean;
  monitorBackfillHours: number;
  /** Every configured secret, so logs, errors and emails can be scrubbed of them. */
  secrets: string[];
}

export function createServices(config: Config, logger: Logger, adminToken: string): Services {
  const kalshi = createKalshiClient(
    {
      apiBase: config.KALSHI_API_BASE,
      wsUrl: config.KALSHI_WS_URL,
      apiKeyId: config.KALSHI_API_KEY_ID,
      privateKey: config.KALSHI_PRIVATE_KEY,
      privateKeyPath: config.KALSHI_PRIVATE_KEY_PATH,
      rateLimit: config.KALSHI_RATE_TIER === 'auto' ? { tier: 'basic' } : { tier: config.KALSHI_RATE_TIER },
    },
    logger.child({ component: 'kalshi' }),
  );
  return {
    kalshi,
    kalshiAuthenticated: Boolean(config.KALSHI_API_KEY_ID && (config.KALSHI_PRIVATE_KEY || config.KALSHI_PRIVATE_KEY_PATH)),
    notifier: {
      email: config.RESEND_API_KEY
        ? createResendSender({ apiKey: config.RESEND_API_KEY, baseUrl: config.RESEND_BASE_URL, from: config.EMAIL_FROM })
        : null,
      webhook: createWebhookSender({ secret: config.WEBHOOK_SIGNING_SECRET, allowHosts: config.WEBHOOK_ALLOW_HOSTS }),
      webhookAllowHosts: config.WEBHOOK_ALLOW_HOSTS,
      publicUrl: config.PUBLIC_URL,
    },
    ai: { apiKey: config.ANTHROPIC_API_KEY, baseUrl: config.ANTHROPIC_BASE_URL, model: config.ANTHROPIC_MODEL },
    dryRun: config.DRY_RUN,
    monitorBackfillHours: config.MONITOR_BACKFILL_HOURS,
    secrets: configuredSecrets(config, adminToken),
  };
}

/** Every configured secret, for the one redaction function (lib/redact.ts). */
export function configuredSecrets(config: Config, adminToken: string): string[] {
  return [
    adminToken,
    config.METRICS_TOKEN,
    config.KALSHI_PRIVATE_KEY,
    config.RESEND_API_KEY,
    config.ANTHROPIC_API_KEY,
    config.WEBHOOK_SIGNING_SECRET,
  ].filter((s): s is string => Boolean(s));
}
