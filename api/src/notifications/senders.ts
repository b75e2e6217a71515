// The two ways a message leaves: Resend for email, an HTTP POST for webhooks. Both are thin:
// retries, backoff and bookkeeping live in delivery.ts.
import { createHmac } from 'node:crypto';
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

export function createWebhookSender(options: { secret?: string; timeoutMs?: number; fetch?: typeof fetch }): WebhookSender {
  const doFetch = options.fetch ?? fetch;
  return {
    async send(url, payload, idempotencyKey) {
      const body = JSON.stringify(payload);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey };
      if (options.secret) {
        headers[WEBHOOK_TIMESTAMP_HEADER] = timestamp;
        headers[WEBHOOK_SIGNATURE_HEADER] = signWebhook(options.secret, timestamp, body);
      }
      const response = await doFetch(url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? SEND_TIMEOUT_MS),
      });
      // Drain the body so the connection is reused; its content does not matter.
      await response.body?.cancel().catch(() => {});
      if (!response.ok) throw new Error(`webhook answered HTTP ${response.status}`);
    },
  };
}
