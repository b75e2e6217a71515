// Server-sent events for the dashboard: new scores (Medium and above) and alerts as the
// pipeline produces them, plus a heartbeat so proxies keep the connection open.
import { z } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import { clientAddress } from '../../lib/client-address.ts';
import { ProblemError } from '../../lib/problem.ts';
import { createRouter, publicRoute } from '../../lib/router.ts';
import type { LiveEvents } from '../../lib/event-bus.ts';
import type { AppEnv } from '../../lib/types.ts';

export const HEARTBEAT_MS = 15_000;
/** Open streams allowed per connecting address and in total (each holds a socket and a queue). */
export const STREAM_LIMITS = { perClient: 100, total: 1_000 };

interface StreamCounts {
  total: number;
  byClient: Map<string, number>;
}
const counts = new WeakMap<object, StreamCounts>();

function countsFor(deps: object): StreamCounts {
  let entry = counts.get(deps);
  if (!entry) {
    entry = { total: 0, byClient: new Map() };
    counts.set(deps, entry);
  }
  return entry;
}

const streamRoute = publicRoute({
  method: 'get',
  path: '/api/stream',
  operationId: 'streamEvents',
  tags: ['Monitor'],
  summary: 'Live scores and alerts (text/event-stream)',
  description:
    'Events: `score` {ticker, composite, label, scoredAt, explanation}, `alert` {id, ticker, composite, label, createdAt, isEscalation, explanation}, `ping` every 15 s. At most 100 open streams per client address and 1,000 in all; more get a 429 problem.',
  responses: {
    200: { description: 'An event stream', content: { 'text/event-stream': { schema: z.string() } } },
  },
});

const streamHandler: RouteHandler<typeof streamRoute, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const bus = deps.events;
  const limits = deps.streamLimits ?? STREAM_LIMITS;
  const open = countsFor(deps);
  const client = clientAddress(c);
  const mine = open.byClient.get(client) ?? 0;
  if (mine >= limits.perClient) {
    throw new ProblemError('rate-limited', 429, `At most ${limits.perClient} live streams per client are open at once; close one first.`);
  }
  if (open.total >= limits.total) {
    throw new ProblemError('rate-limited', 429, `The server has ${limits.total} live streams open, its limit; try again later.`);
  }
  open.total++;
  open.byClient.set(client, mine + 1);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    open.total--;
    const left = (open.byClient.get(client) ?? 1) - 1;
    if (left > 0) open.byClient.set(client, left);
    else open.byClient.delete(client);
  };
  return streamSSE(c, async (stream) => {
    stream.onAbort(release);
    try {
      await pump(stream);
    } finally {
      release();
    }
  }) as never;

  async function pump(stream: SSEStreamingApi) {
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
  }
};

export const streamRouter = createRouter().openapi(streamRoute, streamHandler);
