// The body of an alert webhook (outbox.payload): one shape Slack (`text`) and Discord (`content`)
// incoming webhooks both accept, with the alert as data. alert-notifications.ts parses through
// it before the row is stored; the outbox detail route declares it.
import { z } from '@hono/zod-openapi';
import { FiredRuleSchema, LabelSchema } from '../monitor/markets/markets.schemas.ts';

export const AlertWebhookPayloadSchema = z
  .object({
    text: z.string().openapi({ description: 'Slack mrkdwn' }),
    content: z.string().openapi({ description: 'Discord markdown, at most 2,000 characters' }),
    username: z.string(),
    allowed_mentions: z.object({ parse: z.array(z.string()) }),
    alert: z.object({
      id: z.string(),
      ticker: z.string(),
      title: z.string(),
      label: LabelSchema,
      composite: z.number(),
      explanation: z.string(),
      isEscalation: z.boolean(),
      scoreDelta: z.number().nullable(),
      createdAt: z.string().datetime(),
      createdAtEastern: z.string(),
      url: z.string(),
      signals: z.record(z.string(), z.object({ score: z.number(), weight: z.number() })),
      rules: z.array(FiredRuleSchema),
    }),
  })
  .openapi('AlertWebhookPayload', { description: 'The JSON body POSTed to the webhook URL' });
