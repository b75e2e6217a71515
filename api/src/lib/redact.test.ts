import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { redactJson, redactSecrets } from './redact.ts';

const pem = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
/** One of each configured secret, as the environment would carry it. */
const CONFIGURED = {
  adminToken: 'admin-token-0123456789abcdef',
  anthropicKey: 'sk-ant-api03-abcdefghijklmnop0123456789',
  resendKey: 're_ABCdef123_0123456789abcdef',
  webhookSecret: 'whsec-0123456789abcdef',
  kalshiPrivateKey: pem.replace(/\n/g, '\\n'),
};
const secrets = Object.values(CONFIGURED);

describe('the one redaction function', () => {
  for (const [name, secret] of Object.entries(CONFIGURED)) {
    it(`removes the ${name} as is, JSON-escaped and URL-encoded`, () => {
      for (const text of [`error: ${secret} end`, JSON.stringify({ error: `x ${secret} y` }), `https://h/x?k=${encodeURIComponent(secret)}`]) {
        const out = redactSecrets(text, secrets);
        expect(out).not.toContain(secret);
        expect(out).toContain('[redacted]');
      }
    });
  }

  it('removes a PEM key raw, escaped and line by line', () => {
    const lines = pem.split('\n').filter((l) => l.length >= 40 && !l.startsWith('-----'));
    for (const text of [pem, JSON.stringify(pem), `the key line ${lines[3]} was wrong`]) {
      const out = redactSecrets(text, secrets);
      for (const line of lines) expect(out).not.toContain(line);
    }
  });

  it('removes credential-shaped strings that are not configured (an echoed header)', () => {
    const out = redactSecrets('invalid header Authorization: Bearer sk-ant-someone-elses-key-000000; x-api-key: abcdefgh12345678', []);
    expect(out).not.toContain('someone-elses');
    expect(out).not.toContain('abcdefgh12345678');
    expect(out).toContain('Bearer [redacted]');
  });

  it('keeps JSON valid and leaves ordinary text alone', () => {
    const value = { checks: [{ reason: `HTTP 401: Bearer ${CONFIGURED.anthropicKey}` }], note: 'Send Authorization: Bearer <ADMIN_TOKEN>' };
    const out = redactJson(value, secrets);
    expect(JSON.stringify(out)).not.toContain(CONFIGURED.anthropicKey);
    expect(out.note).toBe(value.note);
    expect(redactSecrets('a perfectly normal sentence', secrets)).toBe('a perfectly normal sentence');
  });
});

describe('log lines', () => {
  it('pass through the same function, with secrets known after the logger was made', async () => {
    const { Writable } = await import('node:stream');
    const { createLogger } = await import('./logger.ts');
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(String(chunk));
        callback();
      },
    });
    const known: string[] = [];
    const logger = createLogger({ level: 'info', destination, secrets: known });
    known.push(...secrets);
    logger.error({ err: { message: `upstream said ${CONFIGURED.resendKey} / ${CONFIGURED.adminToken}` } }, `failed with Bearer ${CONFIGURED.anthropicKey}`);
    const text = lines.join('');
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });
});
