import { AlertWebhookPayloadSchema } from './webhook-payload.ts';
import { z } from '@hono/zod-openapi';
import { PROBLEM_CONTENT_TYPE, ProblemSchema, notFoundResponse } from '../lib/problem.ts';
import { protectedRoute } from '../lib/router.ts';

export const OutboxMessageSchema = z
  .object({
    id: z.string(),
    channel: z.enum(['EMAIL', 'WEBHOOK']),
    kind: z.string().openapi({ description: '"alert", "alert-webhook", "daily-recap" or "test"' }),
    status: z.enum(['PENDING', 'SENT', 'FAILED']),
    recipients: z.array(z.string()).openapi({ description: 'Email addresses, or the webhook URL' }),
    subject: z.string(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().datetime().openapi({ description: 'When a pending message is next tried' }),
    sentAt: z.string().datetime().nullable(),
    createdAt: z.string().datetime(),
    providerId: z.string().nullable().openapi({ description: "Resend's email id once sent" }),
  })
  .openapi('OutboxMessage');

export const OutboxMessageDetailSchema = OutboxMessageSchema.extend({
  html: z.string(),
  text: z.string(),
  payload: z.union([AlertWebhookPayloadSchema, z.null()]).openapi({ description: 'The JSON body of a webhook; null for emails' }),
}).openapi('OutboxMessageDetail');

const IdParam = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, example: '0b7c1d5e-4f7a-4e8b-9a51-3c1f0f6f2a10' }),
});

export const listOutboxRoute = protectedRoute({
  method: 'get',
  path: '/api/outbox',
  operationId: 'listOutbox',
  tags: ['Notifications'],
  summary: 'Emails and webhooks, newest first, with their delivery state',
  request: {
    query: z.object({
      status: z.enum(['PENDING', 'SENT', 'FAILED']).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      before: z.string().datetime().optional().openapi({ description: 'Page: messages created before this time (pass the previous nextBefore)' }),
    }),
  },
  responses: {
    200: {
      description: 'Messages (without their bodies)',
      content: {
        'application/json': {
          schema: z.object({
            messages: z.array(OutboxMessageSchema),
            nextBefore: z.string().datetime().nullable().openapi({ description: 'Pass as `before` for the next page; null on the last page' }),
          }),
        },
      },
    },
  },
});

export const getOutboxMessageRoute = protectedRoute({
  method: 'get',
  path: '/api/outbox/{id}',
  operationId: 'getOutboxMessage',
  tags: ['Notifications'],
  summary: 'One message with its HTML and text, for a preview',
  request: { params: IdParam },
  responses: {
    200: { description: 'The message', content: { 'application/json': { schema: OutboxMessageDetailSchema } } },
    ...notFoundResponse,
  },
});

export const retryOutboxMessageRoute = protectedRoute({
  method: 'post',
  path: '/api/outbox/{id}/retry',
  operationId: 'retryOutboxMessage',
  tags: ['Notifications'],
  summary: 'Queue a failed or waiting message to be tried again now (with a fresh attempt count)',
  request: { params: IdParam },
  responses: {
    200: { description: 'The message, due now', content: { 'application/json': { schema: OutboxMessageSchema } } },
    ...notFoundResponse,
    409: { description: 'The message was already sent', content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } },
  },
});

export const TestEmailResultSchema = z
  .object({
    id: z.string().openapi({ description: 'The outbox message' }),
    status: z.enum(['PENDING', 'SENT', 'FAILED']),
    recipients: z.array(z.string()),
    result: z.string().openapi({ description: '"sent", or why it is still queued, e.g. "queued: RESEND_API_KEY is not set"', example: 'sent' }),
  })
  .openapi('TestEmailResult');

export const sendTestEmailRoute = protectedRoute({
  method: 'post',
  path: '/api/settings/test-email',
  operationId: 'sendTestEmail',
  tags: ['Notifications'],
  summary: 'Send a test email to the alert recipients (or to `to`) and report what happened',
  request: {
    body: {
      required: false,
      content: {
        'application/json': {
          schema: z.object({ to: z.email().optional().openapi({ description: 'Default: the alert recipients in Settings' }) }).strict(),
        },
      },
    },
  },
  responses: {
    200: { description: 'The test email was enqueued; `result` says whether it went out', content: { 'application/json': { schema: TestEmailResultSchema } } },
  },
});
