// Loaded into the app under test (`--import`): every 5 s, appends the event loop's delay over
// those seconds (p50, p99, max in ms) as a JSON line to BENCH_EVENT_LOOP_FILE. A long
// synchronous stretch anywhere in the process (a job, a big JSON parse) shows up here, and
// it is what every request in flight waits out.
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.BENCH_EVENT_LOOP_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const ms = (ns: number) => Math.round(ns / 1e5) / 10;
  setInterval(() => {
    appendFileSync(file, `${JSON.stringify({ at: Date.now(), p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) })}\n`);
    histogram.reset();
  }, 5_000).unref();
}
