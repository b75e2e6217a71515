// A monitor with real data to look at while working on the pages: the local exchange, the
// API serving web/build, and the pipeline run through the whale scenario. Then it keeps
// cycling every `--every` seconds (advancing the exchange 300 s each time) so the live
// stream has something to show. Stop with Ctrl-C.
//
//   npm run build -w @sentinel/web && npx tsx web/e2e/monitor-demo.ts [--every 20]
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TEST_ADMIN_TOKEN } from '../../api/test/support/app.ts';
import { startMonitorEnv } from './support/monitor-env.ts';

const { values } = parseArgs({ options: { every: { type: 'string', default: '30' }, markets: { type: 'string', default: '300' } } });

const env = await startMonitorEnv({ webDir: join(import.meta.dirname, '..', 'build'), markets: Number(values.markets) });
console.log(`API and app: ${env.url}  (admin token ${TEST_ADMIN_TOKEN})`);
const { ticker } = await env.scenario();
console.log(`Whale injected into ${ticker}: ${env.url}/markets/${ticker}`);

const every = Number(values.every) * 1000;
const timer = every > 0
  ? setInterval(() => {
      void env
        .advance(300)
        .then(() => env.run('monitor-cycle'))
        .catch((error: unknown) => console.error(error));
    }, every)
  : undefined;

process.on('SIGINT', () => {
  if (timer) clearInterval(timer);
  void env.close().finally(() => process.exit(0));
});
