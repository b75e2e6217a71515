// The two ways a message leaves: Resend for email, an HTTP POST for webhooks. Both are thin:
// retries, backoff and bookkeeping live in delivery.ts.
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { WebhookUrlError, guardedLookup, parseWebhookUrl } from './webhook-guard.ts';
import { Resend } from 'resend';

export interface EmailSender {
  send(message: { to: string[]; subject: string; html: string; text: string; idempotencyKey: string }): Promise<{ id: string }>;
}

/** How long one provider call may take before it counts as a failed attempt (and is retried later). */
export const SEND_TIMEOUT_MS = 15_000;

export function createResendSender(options: { apiKey: string; baseUrl?: string; from: string; timeoutMs?: number }): EmailSender {
  const resend = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  return {
    async send(message) {
      const abort = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      // The SDK swallows an aborted fetch into a generic error and has no timeout of its own:
      // race it too, so a provider that never answers cannot hold the delivery job forever.
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          abort.abort();
          reject(new Error(`Resend did not answer within ${timeoutMs} ms`));
        }, timeoutMs);
      });
      try {
        // The idempotency key makes a resend after a crash harmless: Resend delivers once.
        const { data, error } = await Promise.race([
          resend.emails.send(
            { from: options.from, to: message.to, subject: message.subject, html: message.html, text: message.text },
            { idempotencyKey: message.idempotencyKey, signal: abort.signal },
          ),
          timedOut,
        ]);
        if (error || !data) throw new Error(`Resend refused the email: ${error?.name ?? 'error'}: ${error?.message ?? 'no id returned'}`);
        return { id: data.id };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

export interface WebhookSender {
  send(url: string, body: unknown, idempotencyKey: string): Promise<void>;
}

export const WEBHOOK_SIGNATURE_HEADER = 'X-Sentinel-Signature';
export const WEBHOOK_TIMESTAMP_HEADER = 'X-Sentinel-Timestamp';

/** `sha256=<hex HMAC of "timestamp.body">`, the scheme receivers verify (as Stripe and Slack do). */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The most of a webhook receiver's answer that is read; the rest is dropped with the connection. */
export const WEBHOOK_MAX_RESPONSE_BYTES = 64 * 1024;

export interface WebhookSenderOptions {
  secret?: string;
  timeoutMs?: number;
  /** Hosts exempt from the public-address rule (WEBHOOK_ALLOW_HOSTS). */
  allowHosts?: readonly string[];
  /** For tests: the DNS lookup to guard. */
  lookup?: typeof import('node:dns').lookup;
}

/**
 * POSTs over node:http(s) with a lookup that refuses forbidden addresses at connect time
 * (see webhook-guard.ts), never follows redirects (a 3xx is a failure), gives up after the
 * timeout and reads at most WEBHOOK_MAX_RESPONSE_BYTES of the answer.
 */
export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const allowHosts = options.allowHosts ?? [];
  const lookup = guardedLookup(allowHosts, options.lookup);
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  return {
    async send(rawUrl, payload, idempotencyKey) {
      const url = parseWebhookUrl(rawUrl, allowHosts);
      const body = JSON.stringify(payload);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        'Content-Length': String(Buffer.byteLength(body)),
        'Idempotency-Key': idempotencyKey,
        'User-Agent': 'KalshiSentinel-Webhook',
      };
      if (options.secret) {
        headers[WEBHOOK_TIMESTAMP_HEADER] = timestamp;
        headers[WEBHOOK_SIGNATURE_HEADER] = signWebhook(options.secret, timestamp, body);
      }
      const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(url, { method: 'POST', headers, lookup: lookup as never, agent: false }, (res) => {
          let read = 0;
          res.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > WEBHOOK_MAX_RESPONSE_BYTES) res.destroy();
          });
          res.on('close', () => resolve(res.statusCode ?? 0));
          res.on('error', () => resolve(res.statusCode ?? 0));
        });
        const timer = setTimeout(() => req.destroy(new Error(`webhook did not answer within ${timeoutMs} ms`)), timeoutMs);
        req.on('close', () => clearTimeout(timer));
        req.on('error', (error) => {
          clearTimeout(timer);
          reject(error instanceof WebhookUrlError ? new Error(`webhook refused: ${error.message}`) : error);
        });
        req.end(body);
      });
      if (status >= 300 && status < 400) throw new Error(`webhook answered a redirect (HTTP ${status}); redirects are not followed`);
      if (status < 200 || status >= 300) throw new Error(`webhook answered HTTP ${status}`);
    },
  };
}
