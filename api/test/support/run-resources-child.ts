// A command-line run for run-resources.test.ts: holds two releases that append to MARKER and a
// child process that appends to it when it is stopped, then ends as argv[2] says (done, stop,
// crash, or wait for a signal).
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { runResources } from '../../src/lib/run-resources.ts';

const marker = process.env.MARKER!;
const run = runResources('child');
run.hold(async () => appendFileSync(marker, 'first\n'));
run.hold(async () => {
  await new Promise((r) => setTimeout(r, 50));
  appendFileSync(marker, 'second\n');
});
const worker = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => { require('node:fs').appendFileSync(process.env.MARKER, 'process\\n'); process.exit(0); }); process.stdout.write('up'); setInterval(() => {}, 1000);"], { stdio: ['ignore', 'pipe', 'inherit'] });
run.holdProcess(worker);
// the worker's SIGTERM handler is in place once it says so
await new Promise((r) => worker.stdout.once('data', r));
console.log('holding');
switch (process.argv[2]) {
  case 'done':
    run.exit(0);
    break;
  case 'stop':
    run.stop(3);
    break;
  case 'crash':
    throw new Error('boom');
  case 'wait':
    setInterval(() => {}, 1000);
    break;
}
