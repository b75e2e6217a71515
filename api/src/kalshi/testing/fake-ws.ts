/** A minimal Kalshi-like WebSocket endpoint attached to a fake HTTP server, for client tests. */
import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FakeWsCommand {
  id: number;
  cmd: string;
  params: Record<string, unknown>;
}

export interface FakeWs {
  wss: WebSocketServer;
  sockets: Set<WebSocket>;
  commands: FakeWsCommand[];
  handshakes: IncomingMessage[];
  /** sid → channel for live subscriptions (across connections). */
  subs: Map<number, { channel: string; ws: WebSocket; params: Record<string, unknown> }>;
  /** Reject handshakes (e.g. 401) when this returns a status. */
  authorize: (req: IncomingMessage) => number | undefined;
  onSubscribe: (sid: number, channel: string, ws: WebSocket, params: Record<string, unknown>) => void;
  send(ws: WebSocket, msg: unknown): void;
  /** Sends to every live subscription of a channel. */
  broadcast(channel: string, build: (sid: number) => unknown): void;
  waitFor(pred: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export function attachFakeWs(server: Server, path = '/trade-api/ws/v2'): FakeWs {
  const wss = new WebSocketServer({ noServer: true });
  let nextSid = 1;
  const fake: FakeWs = {
    wss,
    sockets: new Set(),
    commands: [],
    handshakes: [],
    subs: new Map(),
    authorize: () => undefined,
    onSubscribe: () => {},
    send(ws, msg) {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    },
    broadcast(channel, build) {
      for (const [sid, s] of fake.subs) if (s.channel === channel) fake.send(s.ws, build(sid));
    },
    async waitFor(pred, timeoutMs = 3000) {
      const t0 = Date.now();
      while (!pred()) {
        if (Date.now() - t0 > timeoutMs) throw new Error('waitFor timed out');
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    async close() {
      for (const s of fake.sockets) s.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== path) {
      socket.destroy();
      return;
    }
    fake.handshakes.push(req);
    const status = fake.authorize(req);
    if (status) {
      socket.write(`HTTP/1.1 ${status} Unauthorized\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"error":{"code":"unauthorized"}}`);
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      fake.sockets.add(ws);
      ws.on('close', () => {
        fake.sockets.delete(ws);
        for (const [sid, s] of fake.subs) if (s.ws === ws) fake.subs.delete(sid);
      });
      ws.on('message', (data) => {
        const cmd = JSON.parse(data.toString()) as FakeWsCommand;
        fake.commands.push(cmd);
        if (cmd.cmd === 'subscribe') {
          for (const channel of cmd.params.channels as string[]) {
            const sid = nextSid++;
            fake.subs.set(sid, { channel, ws, params: cmd.params });
            fake.send(ws, { id: cmd.id, type: 'subscribed', msg: { channel, sid } });
            fake.onSubscribe(sid, channel, ws, cmd.params);
          }
        } else if (cmd.cmd === 'unsubscribe') {
          for (const sid of cmd.params.sids as number[]) {
            fake.subs.delete(sid);
            fake.send(ws, { id: cmd.id, type: 'unsubscribed', sid, seq: 1 });
          }
        }
      });
    });
  });
  return fake;
}
