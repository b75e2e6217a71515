// The only reader of process.env. Every setting is validated here; a bad value stops
// start-up with one line naming the variable, before anything connects or listens.
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
      .optional(),
  ),
  DATA_DIR: z.string().min(1).default('data'),
  ADMIN_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: optionalString.pipe(z.url('must be a URL such as https://sentinel.example.com').optional()),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.url('must be a comma-separated list of origins'))),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  TRUST_PROXY_HOPS: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(0).max(5, 'must be between 0 and 5').default(0),
  WEB_DIR: optionalString,
  JOBS_ENABLED: booleanString.default(true),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),

  // ── Kalshi ──
  KALSHI_API_BASE: z.url('must be a URL such as https://external-api.kalshi.com/trade-api/v2').default('https://external-api.kalshi.com/trade-api/v2'),
  KALSHI_WS_URL: optionalString.pipe(z.url('must be a ws:// or wss:// URL').optional()),
  KALSHI_API_KEY_ID: optionalString,
  KALSHI_PRIVATE_KEY: optionalString,
  KALSHI_PRIVATE_KEY_PATH: optionalString,
  KALSHI_RATE_TIER: z.enum(['auto', 'basic', 'advanced', 'expert', 'premier', 'paragon', 'prime', 'prestige']).default('auto'),

  // ── Email and webhooks ──
  RESEND_API_KEY: optionalString,
  RESEND_BASE_URL: optionalString.pipe(z.url('must be a URL').optional()),
  EMAIL_FROM: z.string().min(3).default('Kalshi Sentinel <onboarding@resend.dev>'),
  WEBHOOK_SIGNING_SECRET: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  WEBHOOK_ALLOW_HOSTS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),

  // ── AI ──
  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: optionalString.pipe(z.url('must be a URL').optional()),
  ANTHROPIC_MODEL: z.string().min(1).default('claude-sonnet-5-5'),

  // ── Trading ──
  DRY_RUN: booleanString.default(true),

  // ── Monitor ──
  MONITOR_BACKFILL_HOURS: z.coerce.number().int().min(0).max(24 * 14).default(24),
});

export type Env = z.output<typeof envSchema>;

export interface Config extends Omit<Env, 'DATA_DIR' | 'PUBLIC_URL' | 'WEB_DIR'> {
  DATA_DIR: string;
  PUBLIC_URL: string;
  WEB_DIR: string;
}

export class EnvError extends Error {}

/** Parses an environment; throws EnvError whose message is one line per bad variable. */
export function parseEnv(source: Record<string, string | undefined>, baseDir: string): Config {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const value = source[name];
      const secret = /TOKEN|KEY|SECRET|URL/.test(name);
      const shown = value === undefined || secret ? '' : ` (got "${value}")`;
      return `Invalid environment variable ${name}: ${issue.message}${shown}`;
    });
    throw new EnvError(lines.join('\n'));
  }
  const env = result.data;
  const absolute = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  return {
    ...env,
    DATA_DIR: absolute(env.DATA_DIR),
    PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    WEB_DIR: absolute(env.WEB_DIR ?? resolve(import.meta.dirname, '../../web/build')),
  };
}

/** Reads the real process environment. Relative paths resolve from where npm was started. */
export function loadEnv(): Config {
  return parseEnv(process.env, process.env.INIT_CWD ?? process.cwd());
}
