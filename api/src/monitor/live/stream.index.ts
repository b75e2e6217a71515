// Server-sent events for the dashboard: new scores (Medium and above) and alerts as the
// pipeline produces them, plus a heartbeat so proxies keep the connection open.
import { z } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { createRouter, publicRoute } from '../../lib/router.ts';
import type { LiveEvents } from '../../lib/event-bus.ts';
import type { AppEnv } from '../../lib/types.ts';

export const HEARTBEAT_MS = 15_000;

const streamRoute = publicRoute({
  method: 'get',
  path: '/api/stream',
  operationId: 'streamEvents',
  tags: ['Monitor'],
  summary: 'Live scores and alerts (text/event-stream)',
  description: 'Events: `score` {ticker, composite, label, scoredAt, explanation}, `alert` {id, ticker, composite, label, createdAt, isEscalation, explanation}, `ping` every 15 s.',
  responses: {
    200: { description: 'An event stream', content: { 'text/event-stream': { schema: z.string() } } },
  },
});

const streamHandler: RouteHandler<typeof streamRoute, AppEnv> = async (c) => {
  const bus = c.get('deps').events;
  return streamSSE(c, async (stream) => {
    const queue: { event: keyof LiveEvents; data: unknown }[] = [];
    let wake: (() => void) | null = null;
    const push = (event: keyof LiveEvents) => (data: unknown) => {
      if (queue.length < 1000) queue.push({ event, data });
      wake?.();
    };
    const onScore = push('score');
    const onAlert = push('alert');
    bus?.on('score', onScore);
    bus?.on('alert', onAlert);
    stream.onAbort(() => {
      bus?.off('score', onScore);
      bus?.off('alert', onAlert);
      wake?.();
    });
    await stream.writeSSE({ event: 'ready', data: JSON.stringify({ at: new Date().toISOString() }) });
    while (!stream.aborted) {
      if (queue.length === 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, HEARTBEAT_MS);
        });
        wake = null;
        if (queue.length === 0 && !stream.aborted) await stream.writeSSE({ event: 'ping', data: '{}' });
        continue;
      }
      const next = queue.shift()!;
      await stream.writeSSE({ event: next.event, data: JSON.stringify(next.data) });
    }
  }) as never;
};

export const streamRouter = createRouter().openapi(streamRoute, streamHandler);
