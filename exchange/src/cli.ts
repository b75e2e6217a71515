import { readFileSync } from 'node:fs';
import { startExchange, type ExchangeOptions, type KeyRegistration } from './index.ts';

const USAGE = `Usage: npm run exchange -- [options]
  --port N              listen port (default 9100; 0 = any)
  --host H              bind address (default 127.0.0.1)
  --seed N              universe seed (default 1)
  --markets N           non-combo markets (default 3000)
  --history-days D      days of pre-generated trade history (default 7)
  --speed X             clock multiplier (default 1)
  --start TIME          simulated start (ISO or unix seconds; default now)
  --api-key-id ID --public-key FILE [--balance DOLLARS]   register a key (repeatable)
  --tape FILE           replay a JSONL tape instead of the generated universe
  --history-file FILE   serve a recorded history (JSONL: markets with results, candlesticks,
                        trades) on /markets?status=settled, /historical/* and the candlestick endpoints
  --historical-cutoff T Kalshi's historical cutoff (ISO or unix seconds): markets settled and trades
                        made before it are served only under /historical/* (default: none archived)
  --fault-429 R  --fault-5xx R  --latency-ms N  --ws-drop-every-s N
  --malformed-rate R  --repeat-trades-rate R
  --auth-window-ms N    signature timestamp tolerance (default 30000)
  --longshot-bias G     favourite–longshot bias of generated prices: a contract at price p wins
                        with probability σ(G·logit p) (default 1.05; 1 = calibrated)
  --help                this text`;

// Bad usage is one line on stderr and exit 2, --help exits 0, as in every CLI of ours. The others
// share prisma/src/cli.ts (node:util parseArgs); this package depends on no workspace, and its
// repeatable --api-key-id/--public-key/--balance groups are read in order, so it keeps its loop.
class UsageError extends Error {}

function main(argv: string[]): ExchangeOptions {
  const o: ExchangeOptions = { port: 9100, keys: [], faults: {} };
  let pendingKey: Partial<KeyRegistration> | null = null;
  const flushKey = () => {
    if (!pendingKey) return;
    if (!pendingKey.apiKeyId || !pendingKey.publicKeyPem) throw new UsageError('--api-key-id needs a matching --public-key');
    o.keys!.push(pendingKey as KeyRegistration);
    pendingKey = null;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new UsageError(`${a} needs a value`);
      return x;
    };
    const n = () => {
      const x = Number(v());
      if (!Number.isFinite(x)) throw new UsageError(`${a} needs a number`);
      return x;
    };
    switch (a) {
      case '--port': o.port = n(); break;
      case '--host': o.host = v(); break;
      case '--seed': o.seed = n(); break;
      case '--markets': o.markets = n(); break;
      case '--history-days': o.historyDays = n(); break;
      case '--speed': o.speed = n(); break;
      case '--start': o.startTime = v(); break;
      case '--tape': o.tape = v(); break;
      case '--history-file': o.historyFile = v(); break;
      case '--historical-cutoff': o.historicalCutoff = v(); break;
      case '--auth-window-ms': o.authWindowMs = n(); break;
      case '--longshot-bias': {
        const g = n();
        if (!(g > 0)) throw new UsageError('--longshot-bias must be positive');
        o.longshotBias = g;
        break;
      }
      case '--api-key-id':
        if (pendingKey?.apiKeyId) flushKey();
        pendingKey = { ...(pendingKey ?? {}), apiKeyId: v() };
        if (pendingKey.publicKeyPem) flushKey();
        break;
      case '--public-key':
        if (pendingKey?.publicKeyPem) flushKey();
        pendingKey = { ...(pendingKey ?? {}), publicKeyPem: readFileSync(v(), 'utf8') };
        if (pendingKey.apiKeyId) flushKey();
        break;
      case '--balance': {
        const b = v();
        const last = o.keys![o.keys!.length - 1];
        if (pendingKey) pendingKey.balanceDollars = b; else if (last) last.balanceDollars = b;
        break;
      }
      case '--fault-429': o.faults!.rate429 = n(); break;
      case '--fault-5xx': o.faults!.rate5xx = n(); break;
      case '--latency-ms': o.faults!.latencyMs = n(); break;
      case '--ws-drop-every-s': o.faults!.wsDropEverySec = n(); break;
      case '--malformed-rate': o.faults!.malformedRate = n(); break;
      case '--repeat-trades-rate': o.faults!.repeatTradesRate = n(); break;
      case '-h':
      case '--help':
        console.log(USAGE);
        process.exit(0);
      default:
        throw new UsageError(a.startsWith('-') ? `unknown option ${a}` : `unexpected argument ${a}`);
    }
  }
  flushKey();
  if (o.tape && o.historyFile) throw new UsageError('--tape and --history-file cannot be combined');
  return o;
}

try {
  const opts = main(process.argv.slice(2));
  const t0 = Date.now();
  const ex = await startExchange(opts);
  const info = ex.engine.u;
  console.log(`Kalshi-compatible exchange ready in ${Date.now() - t0} ms`);
  console.log(`  REST      ${ex.url}`);
  console.log(`  WebSocket ${ex.wsUrl}`);
  console.log(`  control   ${ex.baseUrl}/_exchange/info`);
  console.log(`  ${info.markets.length} markets, ${info.events.length} events, ${info.series.length} series; ${opts.keys?.length ?? 0} keys; speed x${ex.engine.clock.speed}`);
  const stop = async () => {
    await ex.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  if (err instanceof UsageError) {
    console.error(`exchange: ${err.message} (--help lists the options)`);
    process.exit(2);
  }
  console.error((err as Error).message);
  process.exit(1);
}
