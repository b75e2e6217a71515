// `npm run demo`: the whole product without Kalshi keys or internet. Starts the local
// Kalshi-compatible exchange (a week of history, live activity, a labelled scenario every few
// minutes) and the app pointed at it, paper trading, with its own data directory.
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startExchange } from '@sentinel/exchange';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3000' },
    'exchange-port': { type: 'string', default: '9100' },
    markets: { type: 'string', default: '3000' },
    'history-days': { type: 'string', default: '7' },
    seed: { type: 'string', default: '2026' },
    'scenario-every-s': { type: 'string', default: '180' },
    'data-dir': { type: 'string', default: 'data/demo' },
  },
});

const root = resolve(import.meta.dirname, '../..');
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const apiKeyId = randomUUID();

console.log(`Starting the local exchange: ${values.markets} markets, ${values['history-days']} days of history…`);
const exchange = await startExchange({
  port: Number(values['exchange-port']),
  markets: Number(values.markets),
  historyDays: Number(values['history-days']),
  seed: Number(values.seed),
  keys: [{ apiKeyId, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() }],
});
console.log(`Local exchange at ${exchange.url} (WebSocket ${exchange.wsUrl})`);

const app: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(root, 'api/src/index.ts')], {
  cwd: join(root, 'api'),
  stdio: 'inherit',
  env: {
    ...process.env,
    PORT: values.port,
    DATA_DIR: resolve(root, values['data-dir']!),
    KALSHI_API_BASE: exchange.url,
    KALSHI_WS_URL: exchange.wsUrl,
    KALSHI_API_KEY_ID: apiKeyId,
    KALSHI_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    KALSHI_RATE_TIER: 'prestige',
    MONITOR_BACKFILL_HOURS: String(Number(values['history-days']) * 24),
    DRY_RUN: 'true',
  },
});

// Every few minutes a labelled event lands in a random non-sports market, as in the wild.
const SCENARIOS = ['whale_trade', 'price_jump', 'liquidity_drain', 'trade_burst', 'split_accumulation', 'correlated_event_move'];
const timer = setInterval(async () => {
  try {
    const { markets } = (await (await fetch(`${exchange.url}/markets?status=open&mve_filter=exclude&limit=1000`)).json()) as {
      markets: { ticker: string; event_ticker: string; volume_fp: string }[];
    };
    const { series } = (await (await fetch(`${exchange.url}/series`)).json()) as { series: { ticker: string; category: string }[] };
    const sports = new Set(series.filter((s) => s.category === 'Sports').map((s) => s.ticker));
    // The monitor skips Sports by default; put the events where it looks.
    const busy = markets.filter((m) => !sports.has(m.event_ticker.split('-')[0]!) && Number(m.volume_fp) > 1000);
    const market = busy[Math.floor(Math.random() * busy.length)];
    if (!market) return;
    const type = SCENARIOS[Math.floor(Math.random() * SCENARIOS.length)]!;
    const body = type === 'correlated_event_move' ? { type, event_ticker: market.event_ticker } : { type, market_ticker: market.ticker };
    const response = await fetch(`${exchange.baseUrl}/_exchange/scenarios`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (response.ok) console.log(`[demo] injected ${type} into ${body.market_ticker ?? body.event_ticker} (GET ${exchange.baseUrl}/_exchange/scenarios lists them)`);
  } catch {
    // the exchange is shutting down
  }
}, Number(values['scenario-every-s']) * 1000);

async function stop(signal: NodeJS.Signals) {
  clearInterval(timer);
  app.kill(signal);
  await new Promise((r) => app.once('exit', r));
  await exchange.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
app.on('exit', (code) => {
  if (code !== 0 && code !== null) {
    console.error(`the app exited with code ${code}`);
    void exchange.close().then(() => process.exit(code));
  }
});
console.log(`Open http://localhost:${values.port} (sign in with the token in ${values['data-dir']}/admin-token). Ctrl-C stops both.`);
