import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UsageTier } from './accounts/accounts.ts';
import { Engine } from './engine/exchange.ts';
import { Faults, type FaultConfig } from './faults/faults.ts';
import { buildApp, API_PREFIX } from './http/app.ts';
import { installMatchingHooks } from './matching/match.ts';
import { Scenarios } from './scenarios/scenarios.ts';
import { loadTapeFile, loadTape } from './tape/tape.ts';
import { loadHistory, loadHistoryFile } from './tape/history-file.ts';
import { parseDollarsMicro } from './util/fixed.ts';
import { attachWs, WS_PATH } from './ws/server.ts';

export interface KeyRegistration {
  apiKeyId: string;
  /** PEM public key (RSA SPKI/PKCS#1 or Ed25519) */
  publicKeyPem: string;
  /** starting balance, dollars string; default "10000.00" */
  balanceDollars?: string;
  /** API usage tier GET /account/limits reports; default basic */
  usageTier?: UsageTier;
}

export interface ExchangeOptions {
  /** 0 (default) picks a free port */
  port?: number;
  host?: string;
  seed?: number;
  /** non-combo markets; default 3000 (combos add 5 %) */
  markets?: number;
  /** pre-generated history; default 7 */
  historyDays?: number;
  /** clock multiplier; default 1 */
  speed?: number;
  /** simulated start time (ms, seconds or ISO); default now, floored to the hour */
  startTime?: number | string;
  keys?: KeyRegistration[];
  /** path of a JSONL tape to replay instead of the generated universe */
  tape?: string;
  /** tape text (tests) instead of a file */
  tapeText?: string;
  /**
   * path of a recorded history (JSONL: the tape's lines plus `candlestick` and `cutoff` lines) to
   * serve instead of the generated universe; the clock starts after its last record
   */
  historyFile?: string;
  /** history text (tests) instead of a file */
  historyText?: string;
  /**
   * Kalshi's historical cutoff (ms, seconds or ISO): markets settled and trades made before it are
   * served only under `/historical/*`. Default: the start of the history (nothing archived).
   */
  historicalCutoff?: number | string;
  faults?: Partial<FaultConfig>;
  /** accepted |client clock − server clock| for signatures; default 30 000 ms */
  authWindowMs?: number;
  /** streaming loop period (wall ms); default 100 */
  tickMs?: number;
  /** WebSocket heartbeat period (wall ms); default 10 000 */
  pingMs?: number;
  tradesPerMarketDay?: number;
  /**
   * favourite–longshot bias γ of generated prices: a contract at price p wins with probability
   * σ(γ · logit p); default 1.05 (1 = perfectly calibrated). Ignored for tapes and histories.
   */
  longshotBias?: number;
}

export interface RunningExchange {
  /** http://127.0.0.1:PORT/trade-api/v2 */
  url: string;
  /** ws://127.0.0.1:PORT/trade-api/ws/v2 */
  wsUrl: string;
  /** http://127.0.0.1:PORT (control plane lives under /_exchange) */
  baseUrl: string;
  port: number;
  engine: Engine;
  faults: Faults;
  scenarios: Scenarios;
  /** What loading the tape skipped or derived (null without a tape). */
  tapeLoad: { skipped: number; skippedExamples: string[]; marketsFromTrades: number } | null;
  registerKey(k: KeyRegistration): { userId: string };
  setFaults(f: Partial<FaultConfig>): void;
  /** simulated now, ms */
  now(): number;
  close(): Promise<void>;
}

function parseStart(v: number | string | undefined): number {
  if (v === undefined) return Date.now();
  if (typeof v === 'number') return v > 1e12 ? v : v * 1000;
  const t = Date.parse(v);
  if (Number.isFinite(t)) return t;
  const n = Number(v);
  if (Number.isFinite(n)) return n > 1e12 ? n : n * 1000;
  throw new Error(`invalid startTime ${v}`);
}

export async function startExchange(options: ExchangeOptions = {}): Promise<RunningExchange> {
  const seed = options.seed ?? 1;
  const history = options.historyFile ? loadHistoryFile(options.historyFile, seed) : options.historyText ? loadHistory(options.historyText, seed) : null;
  const tape = history ? history.tape : options.tape ? loadTapeFile(options.tape, seed) : options.tapeText ? loadTape(options.tapeText, seed) : null;
  // a history is all past: its clock starts once every recorded market has settled
  const tapeStart = history ? Math.ceil((history.endMs + 60_000) / 60_000) * 60_000 : tape?.firstMs;
  const engine = new Engine({
    seed,
    markets: options.markets ?? 3000,
    historyDays: options.historyDays ?? 7,
    speed: options.speed ?? 1,
    startMs: tape ? (options.startTime !== undefined ? parseStart(options.startTime) : tapeStart!) : parseStart(options.startTime),
    universe: tape?.universe,
    tradesPerMarketDay: options.tradesPerMarketDay,
    longshotBias: options.longshotBias,
  });
  if (tape) {
    for (const t of tape.trades) engine.storeTrade(engine.u.marketByTicker.get(t.ticker)!, t.tsMs, t.cc, t.price, t.side, null, t.tradeId);
    for (const b of tape.books) {
      const mi = engine.u.marketByTicker.get(b.ticker);
      if (mi === undefined) continue;
      let l = engine.tapeBooks.get(mi);
      if (!l) engine.tapeBooks.set(mi, (l = []));
      l.push({ tsMs: b.tsMs, yes: b.yes, no: b.no });
    }
    // once each, after all are in (a book a second for a day is 86,400 pushes per market)
    for (const l of engine.tapeBooks.values()) l.sort((x, y) => x.tsMs - y.tsMs);
    engine.markHistorical();
  }
  if (history) {
    for (const [ticker, byPeriod] of history.candles) engine.recordedCandles.set(engine.u.marketByTicker.get(ticker)!, byPeriod);
    engine.historicalCutoffMs = history.cutoffMs;
  }
  if (options.historicalCutoff !== undefined) engine.historicalCutoffMs = parseStart(options.historicalCutoff);
  installMatchingHooks(engine);
  const faults = new Faults(options.faults ?? {}, seed);
  const scenarios = new Scenarios(engine);
  const authWindowMs = options.authWindowMs ?? 30_000;
  const registerKey = (k: KeyRegistration) => {
    const bal = k.balanceDollars !== undefined ? parseDollarsMicro(k.balanceDollars) : undefined;
    if (bal === null) throw new Error(`invalid balance ${k.balanceDollars}`);
    const key = engine.registerKey(k.apiKeyId, k.publicKeyPem, { balanceMicro: bal });
    if (k.usageTier) engine.accounts.get(key.userId)!.usageTier = k.usageTier;
    return { userId: key.userId };
  };
  for (const k of options.keys ?? []) registerKey(k);

  const tapeLoad = tape ? { skipped: tape.skipped, skippedExamples: tape.skippedExamples, marketsFromTrades: tape.marketsFromTrades } : null;
  let port = 0;
  const host = options.host ?? '127.0.0.1';
  const info = () => ({
    seed, markets: engine.u.markets.length, non_combo_markets: engine.u.markets.filter((m) => !m.isMve).length,
    events: engine.u.events.length, series: engine.u.series.length, tape: engine.u.tape,
    start_ms: engine.u.startMs, history_start_ms: engine.u.historyStartMs, now_ms: engine.now(), speed: engine.clock.speed,
    ...(tapeLoad ? { tape_skipped_lines: tapeLoad.skipped, tape_markets_from_trades: tapeLoad.marketsFromTrades } : {}),
    url: `http://${host}:${port}${API_PREFIX}`, ws_url: `ws://${host}:${port}${WS_PATH}`,
  });
  const app = buildApp(engine, faults, scenarios, { authWindowMs, info });
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () => resolve(s as Server)) as Server;
  });
  port = (server.address() as AddressInfo).port;
  const ws = attachWs(server, engine, faults, { authWindowMs, pingMs: options.pingMs });
  engine.start(options.tickMs ?? 100);

  return {
    url: `http://${host}:${port}${API_PREFIX}`,
    wsUrl: `ws://${host}:${port}${WS_PATH}`,
    baseUrl: `http://${host}:${port}`,
    port,
    engine,
    faults,
    scenarios,
    tapeLoad,
    registerKey,
    setFaults: (f) => faults.set(f),
    now: () => engine.now(),
    async close() {
      engine.stop();
      ws.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}

export { Engine } from './engine/exchange.ts';
export type { FaultConfig } from './faults/faults.ts';
export { feeCents } from './fees.ts';
export { buildUniverse } from './universe/build.ts';
export { loadTape } from './tape/tape.ts';
export { loadHistory, toHistoricalCandle, toLiveCandle } from './tape/history-file.ts';
export { API_PREFIX } from './http/app.ts';
export { WS_PATH } from './ws/server.ts';
export { signRequest } from './auth/sign.ts';
