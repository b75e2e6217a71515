import type { Context } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { clientAddress } from '../lib/client-address.ts';
import { CredentialThrottle } from '../lib/credential-throttle.ts';
import type { AppDeps, AppEnv } from '../lib/types.ts';
import { ProblemError } from '../lib/problem.ts';
import { SESSION_COOKIE, safeEqual, verifySession } from './session.ts';

const throttles = new WeakMap<AppDeps, CredentialThrottle>();

/** One throttle per app: every kind of credential counts against the same source record. */
export function throttleFor(deps: AppDeps): CredentialThrottle {
  let throttle = throttles.get(deps);
  if (!throttle) {
    throttle = new CredentialThrottle(deps.credentialThrottle);
    throttles.set(deps, throttle);
  }
  return throttle;
}

export type AuthResult =
  | { ok: true; via: 'bearer' }
  | { ok: true; via: 'session'; sessionId: string }
  | { ok: false; presented: boolean };

/** Checks the bearer token or the session cookie, without throttling (see `authenticate`). */
async function checkCredentials(c: Context<AppEnv>): Promise<AuthResult> {
  const deps = c.get('deps');
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) {
    const match = authorization.match(/^Bearer\s+(.+)$/i);
    const token = match?.[1]?.trim();
    return token && safeEqual(token, deps.adminToken) ? { ok: true, via: 'bearer' } : { ok: false, presented: true };
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie === undefined) return { ok: false, presented: false };
  const sessionId = await verifySession(deps.db.prisma, deps.adminToken, cookie, deps.now?.() ?? new Date());
  return sessionId ? { ok: true, via: 'session', sessionId } : { ok: false, presented: true };
}

/**
 * The request's credentials, throttled per source: a throttled source gets a 429 problem
 * before its credential is looked at; a failed credential counts against its source; a stale
 * session cookie is cleared so the browser stops sending it.
 */
export async function authenticate(c: Context<AppEnv>): Promise<AuthResult> {
  const deps = c.get('deps');
  const throttle = throttleFor(deps);
  const source = clientAddress(c);
  const presented = c.req.header('authorization') !== undefined || getCookie(c, SESSION_COOKIE) !== undefined;
  if (presented) {
    const verdict = throttle.check(source);
    if (!verdict.allowed) throw rateLimited(c, verdict.retryAfterSeconds);
  }
  const result = await checkCredentials(c);
  if (result.ok) throttle.succeed(source);
  else if (result.presented) {
    throttle.fail(source);
    c.get('logger').warn({ source }, 'request with wrong credentials');
    if (getCookie(c, SESSION_COOKIE) !== undefined) deleteCookie(c, SESSION_COOKIE, { path: '/' });
  }
  return result;
}

export function rateLimited(c: Context, retryAfterSeconds: number): ProblemError {
  c.header('Retry-After', String(retryAfterSeconds));
  return new ProblemError('rate-limited', 429, `Too many failed credentials from this address; try again in ${retryAfterSeconds} s.`);
}

/** Guards routes that change state or show private data. */
export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const result = await authenticate(c);
  if (!result.ok) {
    throw new ProblemError('unauthorized', 401, 'Send Authorization: Bearer <ADMIN_TOKEN> or sign in on the login page.');
  }
  c.set('auth', result.via === 'session' ? { via: 'session', sessionId: result.sessionId } : { via: 'bearer' });
  await next();
});
