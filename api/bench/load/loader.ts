// A small bounded HTTP load generator, run as a child process so it never shares an event loop
// with the app: C keep-alive connections, each looping over a weighted mix of requests until the
// deadline. Loopback targets only. Prints one JSON line of results.
import http from 'node:http';

interface Target {
  name: string;
  weight: number;
  paths: string[];
}

const args = JSON.parse(process.argv[2] ?? '{}') as { base: string; connections: number; seconds: number; targets: Target[]; windowSeconds?: number };
const base = new URL(args.base);
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(base.hostname)) {
  console.error('refusing to load anything but a loopback address');
  process.exit(2);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: args.connections });
const totalWeight = args.targets.reduce((a, t) => a + t.weight, 0);
const results = new Map<string, { latencies: number[]; errors: number; statuses: Record<string, number> }>();
for (const t of args.targets) results.set(t.name, { latencies: [], errors: 0, statuses: {} });
/** Per-window (default 60 s) p99 of the first target, to see drift over a soak. */
const windows: { at: number; requests: number; p50: number; p99: number }[] = [];
let windowLatencies: number[] = [];
let windowStart = Date.now();

function pick(): { target: Target; path: string } {
  let r = Math.random() * totalWeight;
  for (const target of args.targets) {
    r -= target.weight;
    if (r <= 0) return { target, path: target.paths[Math.floor(Math.random() * target.paths.length)]! };
  }
  const target = args.targets[0]!;
  return { target, path: target.paths[0]! };
}

function request(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, path, agent, method: 'GET', headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.end();
  });
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const deadline = Date.now() + args.seconds * 1000;
const windowMs = (args.windowSeconds ?? 60) * 1000;

async function worker() {
  while (Date.now() < deadline) {
    const { target, path } = pick();
    const r = results.get(target.name)!;
    const started = performance.now();
    try {
      const status = await request(path);
      const ms = performance.now() - started;
      r.statuses[status] = (r.statuses[status] ?? 0) + 1;
      if (status >= 200 && status < 300) {
        r.latencies.push(ms);
        if (target === args.targets[0]) windowLatencies.push(ms);
      } else r.errors++;
    } catch {
      r.errors++;
    }
    if (Date.now() - windowStart >= windowMs) {
      const sorted = windowLatencies.sort((a, b) => a - b);
      windows.push({ at: Math.round((Date.now() - (deadline - args.seconds * 1000)) / 1000), requests: sorted.length, p50: round(quantile(sorted, 0.5)), p99: round(quantile(sorted, 0.99)) });
      windowLatencies = [];
      windowStart = Date.now();
    }
  }
}

const round = (n: number) => Math.round(n * 10) / 10;
const started = Date.now();
await Promise.all(Array.from({ length: args.connections }, () => worker()));
const elapsed = (Date.now() - started) / 1000;
const out: Record<string, unknown> = { seconds: round(elapsed), connections: args.connections, endpoints: {} as Record<string, unknown> };
let total = 0;
let errors = 0;
for (const [name, r] of results) {
  const sorted = r.latencies.sort((a, b) => a - b);
  total += sorted.length + r.errors;
  errors += r.errors;
  (out.endpoints as Record<string, unknown>)[name] = {
    requests: sorted.length + r.errors,
    rps: round((sorted.length + r.errors) / elapsed),
    p50: round(quantile(sorted, 0.5)),
    p90: round(quantile(sorted, 0.9)),
    p99: round(quantile(sorted, 0.99)),
    max: round(sorted.at(-1) ?? 0),
    errors: r.errors,
    statuses: r.statuses,
  };
}
out.totalRps = round(total / elapsed);
out.errors = errors;
out.windows = windows;
agent.destroy();
console.log(JSON.stringify(out));
