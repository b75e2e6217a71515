// A command-line run for run-resources.test.ts: holds a release that appends to MARKER, then ends
// as argv[2] says (done, stop, crash, or wait for a signal).
import { appendFileSync } from 'node:fs';
import { runResources } from '../../src/lib/run-resources.ts';

const marker = process.env.MARKER!;
const run = runResources('child');
run.hold(async () => appendFileSync(marker, 'first\n'));
run.hold(async () => {
  await new Promise((r) => setTimeout(r, 50));
  appendFileSync(marker, 'second\n');
});
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
