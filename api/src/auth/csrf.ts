// CSRF defence for every unsafe method under /api. SameSite=Strict keeps the cookie off
// cross-site requests, but not off requests from a sibling subdomain or another port of the same
// host (same site), and a text/plain POST needs no preflight. So a request that could carry the
// cookie (no Authorization header) must:
// - come from an allowed origin: Origin, when sent, is the app's own (the request's host, or
//   PUBLIC_URL) or a CORS_ORIGINS entry; without Origin, Sec-Fetch-Site must be same-origin or
//   none (typed in / not from a page). Clients that send neither are not browsers.
// - carry JSON when it has a body and the session cookie (a form or text/plain body is how a
//   page forges requests).
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { SESSION_COOKIE } from './session.ts';
import { ProblemError } from '../lib/problem.ts';
import type { AppDeps, AppEnv } from '../lib/types.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export function rejectCrossSiteRequests(deps: Pick<AppDeps, 'corsOrigins' | 'publicUrl'>) {
  const configured = new Set([...deps.corsOrigins.map(originOf), originOf(deps.publicUrl)].filter((o): o is string => Boolean(o)));
  return createMiddleware<AppEnv>(async (c, next) => {
    if (SAFE.has(c.req.method) || c.req.header('authorization') !== undefined) return next();
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      const own = originOf(c.req.url);
      if (origin !== own && !configured.has(origin)) {
        c.get('logger').warn({ origin }, 'cross-origin unsafe request refused');
        throw new ProblemError('forbidden', 403, `Requests from ${origin.slice(0, 100)} may not change anything here.`);
      }
    } else {
      const site = c.req.header('sec-fetch-site');
      if (site !== undefined && site !== 'same-origin' && site !== 'none') {
        throw new ProblemError('forbidden', 403, `A ${site.slice(0, 20)} request may not change anything here.`);
      }
    }
    const length = c.req.header('content-length');
    const hasBody = (length !== undefined && length !== '0') || c.req.header('transfer-encoding') !== undefined;
    // Without the cookie nothing rides on the browser's credentials: such a request simply
    // gets its 401 (or is a sign-in, which sends JSON anyway).
    if (getCookie(c, SESSION_COOKIE) === undefined) return next();
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const json = type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
    if ((type !== '' || hasBody) && !json) throw new ProblemError('forbidden', 403, 'Request bodies must be application/json.');
    return next();
  });
}
