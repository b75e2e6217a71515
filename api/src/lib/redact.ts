// The one redaction function: every piece of text from outside (errors, AI responses, webhook
// and email failures, job results) goes through it before it is stored, served, sent or logged.
// It removes each configured secret in every form it can take in text (as is, JSON-escaped,
// URL-encoded, each line of a PEM key), and anything shaped like a credential even when it is
// not one of ours (an upstream echoing a header back could carry somebody else's).

export const REDACTED = '[redacted]';

/** Shapes of credentials removed whatever their value. */
const PATTERNS: RegExp[] = [
  // PEM private keys, raw or with escaped newlines.
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----/g,
  // Authorization header values: `Bearer …`, `Basic …`.
  /\b(Bearer|Basic)(\s+|%20)[A-Za-z0-9._~+/=:-]{8,}/gi,
  // Anthropic, Resend and similar prefixed API keys.
  /\bsk-ant-[A-Za-z0-9_-]{8,}/g,
  /\bre_[A-Za-z0-9]{8,}_[A-Za-z0-9_-]{8,}/g,
  // `x-api-key: …` / `"x-api-key":"…"` echoed back.
  /(x-api-key["']?\s*[:=]\s*["']?)[^\s"',;]{8,}/gi,
];

function formsOf(secret: string): string[] {
  const forms = new Set<string>([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
  // A PEM key shows up line by line in some error texts: each long line is secret on its own.
  if (secret.includes('\n') || secret.includes('\\n')) {
    for (const line of secret.split(/\\n|\n/)) if (line.trim().length >= 16 && !line.startsWith('-----')) forms.add(line.trim());
  }
  return [...forms].filter((f) => f.length >= 8).sort((a, b) => b.length - a.length);
}

/** Removes every configured secret and every credential-shaped string from `text`. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 8) continue;
    for (const form of formsOf(secret)) if (out.includes(form)) out = out.split(form).join(REDACTED);
  }
  for (const pattern of PATTERNS) {
    out = out.replace(pattern, (match, ...groups) => {
      // Keep a matched prefix group (`Bearer `, `x-api-key: `) so the text still says what was there.
      const prefix = typeof groups[0] === 'string' && /x-api-key/i.test(groups[0]) ? groups[0] : typeof groups[0] === 'string' && /^(bearer|basic)$/i.test(groups[0]) ? `${groups[0]} ` : '';
      return `${prefix}${REDACTED}`;
    });
  }
  return out;
}

/** The same for a JSON value (stored JSON columns): redacted through its text, so nested strings are covered. */
export function redactJson<T>(value: T, secrets: readonly (string | undefined)[]): T {
  if (value === undefined || value === null) return value;
  const text = JSON.stringify(value);
  const clean = redactSecrets(text, secrets);
  return clean === text ? value : (JSON.parse(clean) as T);
}

/** Null-safe form for optional columns. */
export function redactNullable(text: string | null | undefined, secrets: readonly (string | undefined)[]): string | null {
  return text == null ? null : redactSecrets(text, secrets);
}
