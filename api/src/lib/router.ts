// Note: never call .nullable() on a schema registered with .openapi('Name'): the generator
// would make the shared component itself nullable. Use z.union([Schema, z.null()]).

import { OpenAPIHono, type RouteConfig, createRoute } from '@hono/zod-openapi';
import { requireAuth } from '../auth/middleware.ts';
import { authErrorResponses, errorResponses, problem } from './problem.ts';
import type { AppEnv } from './types.ts';

/** A router whose validation failures become 400 problems listing every offending field. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    strict: false,
    defaultHook: (result, c) => {
      if (!result.success) {
        const errors = result.error.issues.map((issue) => ({
          path: [result.target, ...issue.path.map(String)].join('.'),
          message: issue.message,
        }));
        return problem(c, 'validation', 400, `Invalid ${result.target}`, errors);
      }
    },
  });
}

export const SECURITY_SCHEMES = {
  bearerAuth: { type: 'http', scheme: 'bearer', description: 'The admin token (ADMIN_TOKEN, or data/admin-token)' },
  sessionCookie: { type: 'apiKey', in: 'cookie', name: 'sentinel_session', description: 'Set by POST /api/auth/login' },
  metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN: reads GET /metrics and nothing else' },
} as const;

const SECURITY = [{ bearerAuth: [] }, { sessionCookie: [] }];

type WithErrors<R extends RouteConfig> = R & { responses: R['responses'] & typeof errorResponses };
type WithAuthErrors<R extends RouteConfig> = R & {
  responses: R['responses'] & typeof errorResponses & typeof authErrorResponses;
};

/** A route anyone may call: read-only public market data, health, docs. */
export function publicRoute<R extends RouteConfig>(config: R) {
  return createRoute({
    ...config,
    responses: { ...config.responses, ...errorResponses },
  } as WithErrors<R>);
}

/** A route that changes state or shows private data: admin token or session cookie. */
export function protectedRoute<R extends RouteConfig>(config: R) {
  const middleware = config.middleware ? [requireAuth, config.middleware].flat() : [requireAuth];
  return createRoute({
    ...config,
    security: SECURITY,
    middleware,
    responses: { ...config.responses, ...errorResponses, ...authErrorResponses },
  } as WithAuthErrors<R>);
}
