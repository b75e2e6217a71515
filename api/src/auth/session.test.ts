import { describe, expect, it } from 'vitest';
import { SESSION_TTL_SECONDS, createSessionValue, verifySessionValue } from './session.ts';

const TOKEN = 'admin-token-for-session-tests';

describe('session cookie values', () => {
  it('verify with the token that signed them, until they expire', () => {
    const now = Date.UTC(2026, 10, 21);
    const value = createSessionValue(TOKEN, now);
    expect(verifySessionValue(TOKEN, value, now)).toBe(true);
    expect(verifySessionValue(TOKEN, value, now + (SESSION_TTL_SECONDS - 1) * 1000)).toBe(true);
    expect(verifySessionValue(TOKEN, value, now + (SESSION_TTL_SECONDS + 1) * 1000)).toBe(false);
  });

  it('are rejected after the admin token changes, or when tampered with', () => {
    const value = createSessionValue(TOKEN);
    expect(verifySessionValue('another-admin-token-entirely', value)).toBe(false);
    const [expires, signature] = value.split('.');
    expect(verifySessionValue(TOKEN, `${Number(expires) + 100000}.${signature}`)).toBe(false);
    expect(verifySessionValue(TOKEN, `${expires}.${signature!.slice(1)}x`)).toBe(false);
    for (const junk of [undefined, '', '.', 'abc', '123.', '.sig', 'NaN.sig']) {
      expect(verifySessionValue(TOKEN, junk)).toBe(false);
    }
  });
});
