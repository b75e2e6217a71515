// `npm run bench`: the product's speed and memory targets, measured against a local
// Kalshi-compatible exchange at Kalshi's scale (default 100,000 open markets and about 2.5
// million trades a day). Each measured step runs in its own process so its peak RSS is its own.
//   --markets N (default 100000)   --backfill-hours H (default 6)   --whales W (default 20)
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createEmptyDatabase } from '@sentinel/db/testing';
import { startExchange } from '@sentinel/exchange';
import { cliUsageError, parseCliOptions } from '../src/lib/cli.ts';
import { runResources } from '../src/lib/run-resources.ts';

const DEFAULTS = { markets: '100000', 'backfill-hours': '6', whales: '20', seed: '42' };
const HELP = `npm run bench [-- options]

Measures a full market sync, one monitor cycle and trade-to-alert latency against a local exchange
at Kalshi's scale. Uses DATABASE_URL when set, else an embedded PostgreSQL.

  --markets N          open markets on the local exchange (default ${DEFAULTS.markets})
  --backfill-hours H   hours of trade tape loaded before the cycle (default ${DEFAULTS['backfill-hours']})
  --whales W           whale trades injected for the latency measurement (default ${DEFAULTS.whales})
  --seed N             exchange seed (default ${DEFAULTS.seed})
  --help               this text`;
const values = {
  ...DEFAULTS,
  ...(parseCliOptions('bench', { markets: { type: 'string' }, 'backfill-hours': { type: 'string' }, whales: { type: 'string' }, seed: { type: 'string' } }, HELP) as Partial<typeof DEFAULTS>),
};
for (const [name, value] of Object.entries(values)) {
  if (!/^\d+$/.test(value)) cliUsageError('bench', `--${name} must be a whole number, got "${value}"`);
}
const markets = Number(values.markets);

function runWorker(step: 'sync' | 'cycle', env: Record<string, string>): Promise<Record<string, number | string>> {
  return new Promise((resolve, reject) => {
    // Heap limits as in the 512 MB container (Dockerfile NODE_OPTIONS): V8 collects garbage
    // against the limit it is given, so an unlimited heap would only measure V8's laziness.
    const flags = step === 'sync' ? ['--max-old-space-size=48', '--max-semi-space-size=1', '--expose-gc'] : ['--max-old-space-size=384', '--expose-gc'];
    const child = spawn(process.execPath, [...flags, '--import', 'tsx', join(import.meta.dirname, 'worker.ts'), step], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // a worker still running when the run ends is stopped before its database is dropped
    run.holdProcess(child);
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line));
      else reject(new Error(`${step} worker exited with ${code}: ${out}`));
    });
  });
}

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const apiKeyId = randomUUID();
console.log(`bench: starting a local exchange with ${markets.toLocaleString()} markets…`);
// the exchange and the database it creates are released however the run ends
const run = runResources('bench');
const started = performance.now();
const exchange = await startExchange({
  markets,
  historyDays: 1,
  seed: Number(values.seed),
  keys: [{ apiKeyId, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() }],
});
run.hold(() => exchange.close());
console.log(`bench: exchange ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const database = await createEmptyDatabase();
run.hold(() => database.drop());
console.log(`bench: database ${database.kind}`);
const env = {
  BENCH_EXCHANGE_URL: exchange.url,
  BENCH_WS_URL: exchange.wsUrl,
  BENCH_CONTROL_URL: exchange.baseUrl,
  BENCH_DATABASE_URL: database.url,
  BENCH_KEY_ID: apiKeyId,
  BENCH_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  BENCH_BACKFILL_HOURS: values['backfill-hours']!,
  BENCH_WHALES: values.whales!,
};

const cycle = await runWorker('cycle', env);
console.log('\n== One full monitor cycle (new trades, every eligible market scored, alerts) ==');
console.log(`warm-up               ${cycle.warmupSeconds} s, ${cycle.warmupRequests} requests, ${Number(cycle.backfillTrades).toLocaleString()} trades backfilled; baselines ${cycle.baselines} in ${cycle.baselineSeconds} s`);
console.log(`cycle wall time       ${cycle.seconds} s (goal < 30 s)`);
console.log(`markets synced/scored ${Number(cycle.marketsSynced).toLocaleString()} / ${Number(cycle.marketsScored).toLocaleString()} eligible`);
console.log(`trades in the cycle   ${Number(cycle.tradesSeen).toLocaleString()} seen on the tape, ${Number(cycle.tradesStored).toLocaleString()} stored (eligible markets)`);
console.log(`Kalshi requests       ${cycle.requests}; the spec's per-market design: ${Number(cycle.specDesignRequests).toLocaleString()} (trades + book per eligible market) → ${((100 * Number(cycle.requests)) / Number(cycle.specDesignRequests)).toFixed(2)}% (goal ≤ 5%)`);
console.log(`peak RSS              ${cycle.peakRssMb} MB (goal < 512 MB)`);
if (cycle.latencyP95Ms !== undefined) {
  console.log(`trade→alert (WS)      p50 ${cycle.latencyP50Ms} ms, p95 ${cycle.latencyP95Ms} ms over ${cycle.whales} whales, ${cycle.whalesWithoutAlert} without alert (goal p95 < 5 s)`);
}
const sync = await runWorker('sync', env);
const goal = Math.ceil(Number(sync.markets) / 1000);
console.log('\n== Full market sync ==');
console.log(`markets synced        ${Number(sync.markets).toLocaleString()} (eligible ${Number(sync.eligible).toLocaleString()})`);
console.log(`rows written          ${Number(sync.written).toLocaleString()} (changed since the cycle's sweep; the rest are left alone)`);
console.log(`wall time             ${sync.seconds} s`);
console.log(`Kalshi requests       ${sync.requests} (${sync.pages} market pages + 1 series list; goal ceil(N/1000) = ${goal} pages)`);
console.log(`peak RSS              ${sync.peakRssMb} MB (goal < 150 MB; heap limit 48 MB)`);
console.log(`live heap after GC    first page ${sync.heapFirstPageMb} MB, largest ${sync.heapMaxMb} MB: flat in the number of pages`);

run.exit(0);
