// `npm run demo`: the whole product without Kalshi keys or internet. Starts the local
// Kalshi-compatible exchange (a week of history, live activity, a labelled scenario every few
// minutes) and the app pointed at it, paper trading, with its own data directory.
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { startExchange } from '@sentinel/exchange';
import { cliUsageError, parseCliOptions } from '../src/lib/cli.ts';
import { DEFAULT_SETTINGS } from '../src/settings/settings.schema.ts';
import { type ListedMarket, demoTargets, scenarioAt, scenarioRequest } from './demo-scenarios.ts';

const DEFAULTS = { port: '3000', 'exchange-port': '9100', markets: '3000', 'history-days': '7', seed: '2026', 'scenario-every-s': '180', 'data-dir': 'data/demo' };
const HELP = `npm run demo [-- options]

The whole product without Kalshi keys or internet: a local Kalshi-compatible exchange with live
activity and a labelled scenario every few minutes, and the app pointed at it, paper trading.

  --port N               the app's port (default ${DEFAULTS.port})
  --exchange-port N      the local exchange's port (default ${DEFAULTS['exchange-port']})
  --markets N            generated markets (default ${DEFAULTS.markets})
  --history-days D       days of trade history, loaded as the app's backfill (default ${DEFAULTS['history-days']})
  --seed N               exchange seed (default ${DEFAULTS.seed})
  --scenario-every-s S   seconds between labelled scenarios (default ${DEFAULTS['scenario-every-s']})
  --data-dir DIR         the app's data directory (default ${DEFAULTS['data-dir']})
  --help                 this text`;
const values = {
  ...DEFAULTS,
  ...(parseCliOptions(
    'demo',
    Object.fromEntries(Object.keys(DEFAULTS).map((name) => [name, { type: 'string' as const }])),
    HELP,
  ) as Partial<typeof DEFAULTS>),
};
for (const name of ['port', 'exchange-port', 'markets', 'history-days', 'seed', 'scenario-every-s'] as const) {
  if (!/^\d+$/.test(values[name])) cliUsageError('demo', `--${name} must be a whole number, got "${values[name]}"`);
}

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

// Every few minutes a labelled event lands in a market the app monitors, as in the wild: the
// first a minute after start (the app's first cycle has synced markets and books by then), then
// every --scenario-every-s seconds, in a rotation that puts a whale at least every third slot.
const every = Number(values['scenario-every-s']) * 1000;
let slot = 0;
async function listOpenMarkets(): Promise<ListedMarket[]> {
  const all: ListedMarket[] = [];
  let cursor = '';
  do {
    const page = (await (await fetch(`${exchange.url}/markets?status=open&mve_filter=exclude&limit=1000${cursor ? `&cursor=${cursor}` : ''}`)).json()) as {
      markets: ListedMarket[];
      cursor?: string;
    };
    all.push(...page.markets);
    cursor = page.cursor ?? '';
  } while (cursor);
  return all;
}
async function injectNext(): Promise<void> {
  try {
    const { series } = (await (await fetch(`${exchange.url}/series`)).json()) as { series: { ticker: string; category: string }[] };
    const targets = demoTargets(await listOpenMarkets(), {
      minVolume: DEFAULT_SETTINGS.minVolume,
      minOpenInterest: DEFAULT_SETTINGS.minOpenInterest,
      excludedSeries: new Set(series.filter((s) => DEFAULT_SETTINGS.excludedCategories.includes(s.category)).map((s) => s.ticker)),
    });
    const market = targets[Math.floor(Math.random() * targets.length)];
    if (!market) return console.log('[demo] no monitored market to put a scenario in yet');
    const type = scenarioAt(slot++);
    const body = scenarioRequest(type, market);
    const response = await fetch(`${exchange.baseUrl}/_exchange/scenarios`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (response.ok) console.log(`[demo] injected ${type} into ${String(body.market_ticker ?? body.event_ticker)} (GET ${exchange.baseUrl}/_exchange/scenarios lists them)`);
  } catch {
    // the exchange is shutting down
  }
}
let timer: NodeJS.Timeout | undefined;
const first = setTimeout(() => {
  void injectNext();
  timer = setInterval(() => void injectNext(), every);
}, 60_000);

async function stop(signal: NodeJS.Signals) {
  clearTimeout(first);
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
