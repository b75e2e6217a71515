// The load generator: wrk (Debian's `wrk` package), one process per endpoint, run from this
// benchmark as separate processes on loopback. A Node load generator on the same two cores
// took a quarter of a core and measured its own event loop's queueing as the app's latency
// (it reported p99 about twice wrk's for the same app); wrk is C and barely shows.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Target {
  name: string;
  /** Share of the connections this endpoint gets. */
  weight: number;
  paths: string[];
}

export interface EndpointResult {
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p75: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
}

/** Fails with a clear message when wrk is not installed. */
export async function assertWrk(): Promise<void> {
  try {
    await run('wrk', ['--version']).catch((error: { stdout?: string }) => {
      // wrk prints its version with usage and exits 1.
      if (!String(error.stdout ?? '').includes('wrk')) throw error;
    });
  } catch {
    throw new Error('bench:load needs wrk on the PATH (Debian: apt-get install wrk).');
  }
}

/** wrk's durations ("812.00us", "48.76ms", "1.53s", "2.00m") in milliseconds. */
export function wrkMs(value: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(value.trim());
  if (!m) throw new Error(`unreadable wrk duration "${value}"`);
  const n = Number(m[1]);
  const scale = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[m[2] as 'us' | 'ms' | 's' | 'm'];
  return Math.round(n * scale * 10) / 10;
}

/** Reads wrk's `--latency` report. */
export function parseWrk(output: string, connections: number): EndpointResult {
  const pct = (p: string) => {
    const m = new RegExp(`^\\s*${p}%\\s+(\\S+)`, 'm').exec(output);
    if (!m) throw new Error(`wrk report without a ${p}th percentile:\n${output}`);
    return wrkMs(m[1]!);
  };
  const requests = Number(/(\d+) requests in/.exec(output)?.[1] ?? Number.NaN);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? Number.NaN);
  const max = /Latency\s+\S+\s+\S+\s+(\S+)/.exec(output)?.[1];
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
  const socketErrors = socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  return { connections, requests, rps: Math.round(rps * 10) / 10, p50: pct('50'), p75: pct('75'), p90: pct('90'), p99: pct('99'), max: max ? wrkMs(max) : Number.NaN, errors: non2xx + socketErrors };
}

/** `total` connections in proportion to the weights, summing exactly to `total`, at least one each. */
export function splitConnections(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, w) => a + w, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map((x) => Math.max(1, Math.floor(x)));
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  const count = () => out.reduce((a, n) => a + n, 0);
  for (let k = 0; count() < total; k++) out[byRemainder[k % out.length]![1]]!++;
  // The one-each floor can overshoot: take back from the largest.
  while (count() > total && Math.max(...out) > 1) out[out.indexOf(Math.max(...out))]!--;
  return out;
}

/** Loads every target at once for `seconds`, the connections split by weight. */
export async function runWrk(options: { base: string; connections: number; seconds: number; targets: Target[]; workDir: string }) {
  const url = new URL(options.base);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(url.hostname)) throw new Error('refusing to load anything but a loopback address');
  const script = join(import.meta.dirname, 'paths.lua');
  const split = splitConnections(options.connections, options.targets.map((t) => t.weight));
  const results = await Promise.all(
    options.targets.map(async (target, i) => {
      const connections = split[i]!;
      const pathsFile = join(options.workDir, `${target.name}.paths`);
      await writeFile(pathsFile, `${target.paths.join('\n')}\n`);
      const { stdout } = await run('wrk', ['-t1', `-c${connections}`, `-d${options.seconds}s`, '--timeout', '30s', '--latency', '-s', script, options.base], {
        env: { ...process.env, BENCH_PATHS: pathsFile },
      });
      return [target.name, parseWrk(stdout, connections)] as const;
    }),
  );
  const endpoints = Object.fromEntries(results);
  const all = Object.values(endpoints);
  return {
    seconds: options.seconds,
    connections: all.reduce((a, e) => a + e.connections, 0),
    endpoints,
    totalRps: Math.round(all.reduce((a, e) => a + e.rps, 0) * 10) / 10,
    errors: all.reduce((a, e) => a + e.errors, 0),
  };
}
