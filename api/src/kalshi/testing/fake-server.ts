/** A tiny in-test HTTP server on 127.0.0.1:0 with a programmable handler and a request log. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  body?: unknown;
  /** Raw text body (wins over `body`). */
  text?: string;
  /** Wait this long before answering (for timeouts). */
  delayMs?: number;
  /** Destroy the socket without answering. */
  destroy?: boolean;
  /** Extra response headers (e.g. `retry-after`). */
  headers?: Record<string, string>;
}

export type Handler = (req: RecordedRequest) => Reply | Promise<Reply>;

export interface FakeServer {
  url: string;
  apiBase: string;
  requests: RecordedRequest[];
  handler: Handler;
  server: Server;
  close(): Promise<void>;
}

export async function startFakeServer(handler: Handler = () => ({ status: 404, body: { error: 'no handler' } })): Promise<FakeServer> {
  const fake: FakeServer = {
    url: '',
    apiBase: '',
    requests: [],
    handler,
    server: undefined as unknown as Server,
    async close() {
      fake.server.closeAllConnections();
      await new Promise<void>((r) => fake.server.close(() => r()));
    },
  };
  fake.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const rec: RecordedRequest = { method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString() };
      fake.requests.push(rec);
      void Promise.resolve(fake.handler(rec)).then(async (reply) => {
        if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
        if (reply.destroy) {
          req.socket.destroy();
          return;
        }
        if (res.destroyed) return;
        const text = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(text);
      });
    });
  });
  await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', () => r()));
  const { port } = fake.server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.apiBase = `${fake.url}/trade-api/v2`;
  return fake;
}

/** A logger that records every call, to assert nothing secret is logged. */
export function recordingLogger() {
  const lines: { level: string; obj: object; msg: string | undefined }[] = [];
  const mk = (level: string) => (obj: object, msg?: string) => {
    lines.push({ level, obj, msg });
  };
  return { lines, info: mk('info'), warn: mk('warn'), error: mk('error'), debug: mk('debug') };
}

/** A valid v3.28 market record. */
export function marketRecord(ticker: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ticker,
    event_ticker: ticker.split('-').slice(0, 2).join('-'),
    market_type: 'binary',
    yes_sub_title: 'Yes',
    no_sub_title: 'No',
    created_time: '2026-10-01T00:00:00Z',
    updated_time: '2026-10-01T00:00:00Z',
    open_time: '2026-10-01T00:00:00Z',
    close_time: '2026-12-01T00:00:00Z',
    latest_expiration_time: '2026-12-02T00:00:00Z',
    settlement_timer_seconds: 300,
    status: 'active',
    notional_value_dollars: '1.0000',
    yes_bid_dollars: '0.4200',
    yes_ask_dollars: '0.4400',
    no_bid_dollars: '0.5600',
    no_ask_dollars: '0.5800',
    yes_bid_size_fp: '13.00',
    yes_ask_size_fp: '7.50',
    last_price_dollars: '0.4300',
    previous_yes_bid_dollars: '0.4000',
    previous_yes_ask_dollars: '0.4500',
    previous_price_dollars: '0.4100',
    volume_fp: '1234.56',
    volume_24h_fp: '100.00',
    open_interest_fp: '999.99',
    result: '',
    can_close_early: true,
    expiration_value: '',
    rules_primary: 'rules',
    rules_secondary: '',
    price_level_structure: 'linear_cent',
    price_ranges: [{ start: '0.0000', end: '1.0000', step: '0.0100' }],
    exchange_index: 0,
    ...over,
  };
}

export function tradeRecord(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    trade_id: id,
    ticker: 'KXTEST-26DEC01-T1',
    count_fp: '5.25',
    yes_price_dollars: '0.4300',
    no_price_dollars: '0.5700',
    taker_outcome_side: 'yes',
    taker_book_side: 'bid',
    taker_side: 'yes',
    created_time: '2026-10-06T12:00:00Z',
    is_block_trade: false,
    ...over,
  };
}
