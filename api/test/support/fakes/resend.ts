// A loopback Resend: `POST /emails` as the real API answers it (Bearer auth, JSON body,
// Idempotency-Key honoured), recording what was delivered, with switches for outages.
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedEmail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  idempotencyKey: string | null;
  receivedAt: Date;
}

export interface FakeResend {
  url: string;
  apiKey: string;
  /** Emails actually delivered (a replayed idempotency key adds nothing). */
  emails: ReceivedEmail[];
  /** Every POST /emails that reached the fake, including failed and replayed ones. */
  requests: number;
  /** Answer the next `n` requests with HTTP 500. */
  failNext(n: number): void;
  /** Accept requests but never answer them while on (to test timeouts). */
  hang(on: boolean): void;
  close(): Promise<void>;
}

export async function startFakeResend(options: { apiKey?: string } = {}): Promise<FakeResend> {
  const apiKey = options.apiKey ?? 're_test_0123456789abcdef';
  const emails: ReceivedEmail[] = [];
  const byKey = new Map<string, string>();
  let failures = 0;
  let hanging = false;
  let requests = 0;

  function json(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  const server = createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/emails') return json(res, 404, { statusCode: 404, name: 'not_found', message: 'Route not found' });
    requests += 1;
    const raw = await readBody(req);
    if (hanging) return; // the socket stays open until the client gives up or the fake closes
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return json(res, 401, { statusCode: 401, name: 'missing_api_key', message: 'Missing or invalid API key' });
    }
    if (failures > 0) {
      failures -= 1;
      return json(res, 500, { statusCode: 500, name: 'internal_server_error', message: 'An unexpected error occurred' });
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return json(res, 422, { statusCode: 422, name: 'validation_error', message: 'Invalid JSON' });
    }
    const to = typeof body.to === 'string' ? [body.to] : Array.isArray(body.to) ? (body.to as string[]) : [];
    if (!body.from || to.length === 0 || !body.subject || (!body.html && !body.text)) {
      return json(res, 422, { statusCode: 422, name: 'validation_error', message: 'from, to, subject and html or text are required' });
    }
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
    const known = key ? byKey.get(key) : undefined;
    if (known) return json(res, 200, { id: known });
    const id = randomUUID();
    if (key) byKey.set(key, id);
    emails.push({
      id,
      from: String(body.from),
      to,
      subject: String(body.subject),
      html: String(body.html ?? ''),
      text: String(body.text ?? ''),
      idempotencyKey: key,
      receivedAt: new Date(),
    });
    return json(res, 200, { id });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    emails,
    get requests() {
      return requests;
    },
    failNext(n) {
      failures = n;
    },
    hang(on) {
      hanging = on;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
