// Stateless session cookies: an expiry and an HMAC of it keyed by the admin token. They
// survive restarts, and changing the admin token signs everyone out.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'sentinel_session';
export const SESSION_TTL_SECONDS = 30 * 24 * 3600;

function sign(adminToken: string, expiresAt: number): string {
  return createHmac('sha256', adminToken).update(`session:${expiresAt}`).digest('base64url');
}

export function createSessionValue(adminToken: string, now = Date.now()): string {
  const expiresAt = Math.floor(now / 1000) + SESSION_TTL_SECONDS;
  return `${expiresAt}.${sign(adminToken, expiresAt)}`;
}

export function verifySessionValue(adminToken: string, value: string | undefined, now = Date.now()): boolean {
  if (!value) return false;
  const [expiresRaw, signature] = value.split('.');
  const expiresAt = Number(expiresRaw);
  if (!signature || !Number.isInteger(expiresAt) || expiresAt * 1000 < now) return false;
  return safeEqual(signature, sign(adminToken, expiresAt));
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
