// RFC 9457 problem details: the one shape every error takes, declared on every route so
// the whole error surface is in the OpenAPI document.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'https://sentinel.local/problems/validation' }),
    title: z.string().openapi({ example: 'Request validation failed' }),
    status: z.number().int().openapi({ example: 400 }),
    detail: z.string().optional(),
    instance: z.string().optional().openapi({ description: 'The request path' }),
    requestId: z.string().optional().openapi({ description: 'Quote this when reporting a problem' }),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: 'Each offending field, for validation failures' }),
  })
  .openapi('Problem');

export type Problem = z.infer<typeof ProblemSchema>;

/** Machine codes for problems; each becomes the `type` URI. */
export type ProblemCode =
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'payload-too-large'
  | 'rate-limited'
  | 'unavailable'
  | 'internal';

const TITLES: Record<ProblemCode, string> = {
  validation: 'Request validation failed',
  unauthorized: 'Authentication required',
  forbidden: 'Not allowed',
  'not-found': 'Not found',
  conflict: 'Conflict',
  'payload-too-large': 'Request body too large',
  'rate-limited': 'Too many requests',
  unavailable: 'Service unavailable',
  internal: 'Internal server error',
};

export class ProblemError extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly status: ContentfulStatusCode,
    detail?: string,
    readonly errors?: { path: string; message: string }[],
  ) {
    super(detail ?? TITLES[code]);
  }
}

export function problemBody(c: Context, code: ProblemCode, status: number, detail?: string, errors?: Problem['errors']): Problem {
  return {
    type: `https://sentinel.local/problems/${code}`,
    title: TITLES[code],
    status,
    ...(detail ? { detail } : {}),
    instance: c.req.path,
    requestId: c.get('requestId'),
    ...(errors?.length ? { errors } : {}),
  };
}

export function problem<S extends ContentfulStatusCode>(
  c: Context,
  code: ProblemCode,
  status: S,
  detail?: string,
  errors?: Problem['errors'],
) {
  return c.json(problemBody(c, code, status, detail, errors), status, { 'Content-Type': PROBLEM_CONTENT_TYPE });
}

const problemContent = { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } };

function response(description: string) {
  return { description, content: problemContent };
}

/** Spread into every route's `responses`. */
export const errorResponses = {
  400: response('The request was malformed or failed validation'),
  413: response('The request body is larger than the limit'),
  429: response('Too many requests'),
  500: response('Unexpected error; the body carries the request id'),
} as const;

/** Added to routes that need the admin token or the session cookie. */
export const authErrorResponses = {
  401: response('Missing or wrong credentials'),
} as const;

export const notFoundResponse = { 404: response('No such resource') } as const;
export const unavailableResponse = { 503: response('A dependency (the database) is not answering') } as const;
