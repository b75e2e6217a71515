// The product as it ships: `npm run build` output started with plain node (no tsx, no loader) on
// a bare machine's embedded database, and @sentinel/client packed with `npm pack`, installed into
// an empty folder outside the repository and used from a plain node ESM script against that app.
// `npm test` builds first (turbo run build); run alone, this file builds what it needs (cached).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './resilience/support.ts';

const API_DIR = join(import.meta.dirname, '..');
const ROOT = join(API_DIR, '..');
const ADMIN_TOKEN = 'compiled-build-admin-token-0123456789';

/** PATH and HOME only: no npm_* or CI variables, no NODE_OPTIONS, no DATABASE_URL. */
function bareEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...extra };
}

function run(command: string, args: string[], cwd: string, env = bareEnv()) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}


/** Where node finds package `name` from `from`: the nearest node_modules/name above it. */
function installedDir(from: string, name: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules', name, 'package.json'))) return join(dir, 'node_modules', name);
    if (dirname(dir) === dir) throw new Error(`${name} is not installed above ${from}`);
  }
}

/** The installed folders of a package's runtime dependencies, transitively (as node resolves them). */
function runtimeDependencyDirs(packageDir: string, seen = new Set<string>()): string[] {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    const dir = installedDir(packageDir, name);
    if (seen.has(dir)) continue;
    seen.add(dir);
    runtimeDependencyDirs(dir, seen);
  }
  return [...seen];
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js'))
    .map((f) => join(dir, f));
}

describe('the compiled build', () => {
  let work: string;
  let app: ChildProcess | undefined;
  let output = '';
  let url: string;

  beforeAll(async () => {
    // Cached by turbo when `npm test` has just built; builds db, exchange, client and api otherwise.
    run(join(ROOT, 'node_modules/.bin/turbo'), ['run', 'build', '--filter=@sentinel/api', '--output-logs=errors-only'], ROOT, {
      ...bareEnv(),
      TURBO_TELEMETRY_DISABLED: '1',
      DO_NOT_TRACK: '1',
    });
    work = await mkdtemp(join(tmpdir(), 'sentinel-compiled-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // Exactly `npm start`'s last step (api's start script), with an embedded database in a fresh
    // DATA_DIR, no jobs and Kalshi pointed nowhere: offline.
    const start = JSON.parse(readFileSync(join(API_DIR, 'package.json'), 'utf8')).scripts.start as string;
    const [command, ...args] = start.split(' ');
    expect(command).toBe('node');
    app = spawn(process.execPath, args, {
      cwd: API_DIR,
      env: bareEnv({
        PORT: String(port),
        DATA_DIR: join(work, 'data'),
        ADMIN_TOKEN,
        JOBS_ENABLED: 'false',
        LOG_LEVEL: 'warn',
        KALSHI_API_BASE: 'http://127.0.0.1:9/trade-api/v2',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    app.stdout!.on('data', (chunk) => (output += chunk));
    app.stderr!.on('data', (chunk) => (output += chunk));
  }, 360_000);

  afterAll(async () => {
    if (app && app.exitCode === null) {
      const exited = new Promise((resolve) => app!.once('exit', resolve));
      app.kill('SIGTERM');
      await exited;
    }
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('is JavaScript that imports JavaScript: relative imports rewritten, workspace packages resolved to dist/', () => {
    for (const dir of ['api/dist', 'prisma/dist', 'exchange/dist', 'openapi/dist']) {
      const files = jsFiles(join(ROOT, dir));
      expect(files.length, dir).toBeGreaterThan(0);
      for (const file of files) {
        expect(readFileSync(file, 'utf8'), file).not.toMatch(/from ['"]\.{1,2}\/[^'"]*\.ts['"]/);
      }
    }
    expect(existsSync(join(ROOT, 'prisma/dist/generated/prisma/client.js')), 'the Prisma client is part of the build').toBe(true);
    const resolved = run(process.execPath, ['--input-type=module', '-e', "for (const p of ['@sentinel/db', '@sentinel/client', '@sentinel/exchange']) console.log(import.meta.resolve(p))"], API_DIR);
    expect(resolved.trim().split('\n')).toEqual([
      expect.stringMatching(/\/prisma\/dist\/src\/index\.js$/),
      expect.stringMatching(/\/openapi\/dist\/index\.js$/),
      expect.stringMatching(/\/exchange\/dist\/index\.js$/),
    ]);
  });

  it('starts with plain node on the embedded database (migrations read from prisma/migrations) and is healthy', async () => {
    const deadline = Date.now() + 90_000;
    let health: Response | undefined;
    while (Date.now() < deadline) {
      if (app!.exitCode !== null) throw new Error(`the compiled app exited:\n${output}`);
      health = await fetch(`${url}/api/health`).catch(() => undefined);
      if (health?.ok) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(health?.status, output).toBe(200);
    expect(await health!.json()).toMatchObject({ status: 'ok', database: 'embedded' });
    const cmdline = (await readFile(`/proc/${app!.pid}/cmdline`, 'utf8').catch(() => '')).split('\0').join(' ');
    if (cmdline) expect(cmdline).not.toContain('tsx');
  }, 120_000);

  it('@sentinel/client: npm pack, installed into an empty project, lists markets from plain node with types', async () => {
    const packDir = join(work, 'pack');
    await mkdir(packDir);
    run('npm', ['pack', '--pack-destination', packDir, '--silent'], join(ROOT, 'openapi'));
    const tarballs = readdirSync(packDir).filter((f) => f.endsWith('.tgz'));
    expect(tarballs).toEqual([expect.stringMatching(/^sentinel-client-.*\.tgz$/)]);
    const listing = run('tar', ['-tzf', join(packDir, tarballs[0]!)], packDir);
    expect(listing).toContain('package/dist/index.js');
    expect(listing).toContain('package/dist/index.d.ts');
    expect(listing).toContain('package/README.md');
    expect(listing).not.toContain('package/src/');

    // A third party's project, outside the repository. npm would fetch the client's dependencies
    // (openapi-fetch and what it needs) from the registry; to stay fast and offline they are
    // packed from the copies the repository's `npm install` put in node_modules (the same
    // versions) and installed beside the client, which then needs nothing from the network.
    for (const dir of runtimeDependencyDirs(join(ROOT, 'openapi'))) {
      run('npm', ['pack', dir, '--pack-destination', packDir, '--silent', '--offline', '--ignore-scripts'], packDir);
    }
    const project = join(work, 'project');
    await mkdir(project);
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'third-party', private: true, type: 'module' }));
    const allTarballs = readdirSync(packDir).filter((f) => f.endsWith('.tgz')).map((f) => join(packDir, f));
    run('npm', ['install', ...allTarballs, '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], project);
    await writeFile(
      join(project, 'list-markets.mjs'),
      `import { createSentinelClient, isProblem } from '@sentinel/client';
const sentinel = createSentinelClient({ baseUrl: process.env.SENTINEL_URL, token: process.env.SENTINEL_TOKEN });
const health = await sentinel.GET('/api/health');
const { data, error, response } = await sentinel.GET('/api/markets', { params: { query: { limit: 5 } } });
const denied = await createSentinelClient({ baseUrl: process.env.SENTINEL_URL }).GET('/api/settings');
console.log(JSON.stringify({ health: health.data, status: response.status, total: data?.total, markets: data?.markets, error, deniedIsProblem: isProblem(denied.error) }));
`,
    );
    const out = run(process.execPath, ['list-markets.mjs'], project, bareEnv({ SENTINEL_URL: url, SENTINEL_TOKEN: ADMIN_TOKEN }));
    const result = JSON.parse(out);
    expect(result).toMatchObject({ health: { status: 'ok' }, status: 200, total: 0, markets: [], deniedIsProblem: true });

    // Types: the package's .d.ts, found through exports.types, check a consumer's TypeScript.
    await writeFile(
      join(project, 'check.ts'),
      `import { createSentinelClient, type Schemas } from '@sentinel/client';
const sentinel = createSentinelClient({ baseUrl: 'http://localhost:3000' });
export async function tickers(): Promise<string[]> {
  const { data } = await sentinel.GET('/api/markets', { params: { query: { limit: 5 } } });
  const first: Schemas['MarketSummary'] | undefined = data?.markets[0];
  void first;
  return (data?.markets ?? []).map((m) => m.ticker);
}
// @ts-expect-error an unknown path is a type error
void sentinel.GET('/api/no-such-path');
`,
    );
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2024', lib: ['es2024', 'dom'], types: [] },
        files: ['check.ts'],
      }),
    );
    run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], project);
  }, 180_000);
});
