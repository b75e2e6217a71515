import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../lib/types.ts';
import { ProblemError } from '../lib/problem.ts';
import { SESSION_COOKIE, safeEqual, verifySessionValue } from './session.ts';

/** True when the request carries the admin bearer token or a valid session cookie. */
export function isAuthenticated(authorization: string | undefined, sessionCookie: string | undefined, adminToken: string): boolean {
  const match = authorization?.match(/^Bearer\s+(.+)$/i);
  if (match?.[1]) return safeEqual(match[1].trim(), adminToken);
  return verifySessionValue(adminToken, sessionCookie);
}

/** Guards routes that change state or show private data. */
export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const ok = isAuthenticated(c.req.header('authorization'), getCookie(c, SESSION_COOKIE), c.get('deps').adminToken);
  if (!ok) {
    throw new ProblemError('unauthorized', 401, 'Send Authorization: Bearer <ADMIN_TOKEN> or sign in on the login page.');
  }
  await next();
});
