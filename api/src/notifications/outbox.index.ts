import { createRouter } from '../lib/router.ts';
import { getOutboxMessageHandler, listOutboxHandler, retryOutboxMessageHandler, sendTestEmailHandler } from './outbox.handlers.ts';
import { getOutboxMessageRoute, listOutboxRoute, retryOutboxMessageRoute, sendTestEmailRoute } from './outbox.routes.ts';

export const outboxRouter = createRouter()
  .openapi(listOutboxRoute, listOutboxHandler)
  .openapi(getOutboxMessageRoute, getOutboxMessageHandler)
  .openapi(retryOutboxMessageRoute, retryOutboxMessageHandler)
  .openapi(sendTestEmailRoute, sendTestEmailHandler);
