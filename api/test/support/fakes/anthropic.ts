// A loopback Anthropic Messages API: POST /v1/messages answers with whatever the test queued
// (a tool_use input, a text answer, an HTTP error or a hang), and records every request.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeReply =
  | { kind: 'tool'; input: unknown; name?: string }
  | { kind: 'text'; text: string }
  | { kind: 'error'; status: number; message?: string }
  | { kind: 'hang' };

export interface FakeAnthropic {
  baseUrl: string;
  requests: { headers: IncomingMessage['headers']; body: Record<string, unknown> }[];
  /** Replies are used in order; the last one repeats. */
  reply(...replies: FakeReply[]): void;
  close(): Promise<void>;
}

export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  let queue: FakeReply[] = [{ kind: 'tool', input: { selected_contracts: [], total_allocated: 0, strategy_notes: 'nothing' } }];
  const requests: FakeAnthropic['requests'] = [];
  const hanging = new Set<import('node:http').ServerResponse>();
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      requests.push({ headers: req.headers, body });
      const reply = queue.length > 1 ? queue.shift()! : queue[0]!;
      if (reply.kind === 'hang') {
        hanging.add(res);
        return;
      }
      if (reply.kind === 'error') {
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: reply.message ?? 'fake failure' } }));
        return;
      }
      const content =
        reply.kind === 'tool'
          ? [{ type: 'tool_use', id: 'toolu_fake', name: reply.name ?? (body.tool_choice as { name?: string })?.name ?? 'unknown', input: reply.input }]
          : [{ type: 'text', text: reply.text }];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'msg_fake',
          type: 'message',
          role: 'assistant',
          model: body.model,
          content,
          stop_reason: reply.kind === 'tool' ? 'tool_use' : 'end_turn',
          stop_sequence: null,
          usage: { input_tokens: 1200, output_tokens: 300, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    reply(...replies) {
      queue = replies;
    },
    async close() {
      for (const res of hanging) res.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
