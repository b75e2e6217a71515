// No Docker engine runs here, so prove what can be proven without one: docker-compose.yml is
// valid and hands every variable of .env to the app, .env.example, README.md and the env module
// agree (names and defaults), and the Dockerfile's final stage runs plain node on the compiled
// entry as a non-root user with production dependencies only.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../src/env.ts';

const ROOT = join(import.meta.dirname, '../..');
const hasDockerCompose = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** `# NAME=value   # comment` lines of .env.example, in order. */
function exampleVariables(): Array<{ name: string; value: string }> {
  return [...read('.env.example').matchAll(/^# ?([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => ({
    name: m[1]!,
    value: m[2]!.replace(/\s+#.*$/, '').trim(),
  }));
}

/** The variables compose's app service sets itself, overriding .env: the container's layout. */
const FIXED_BY_COMPOSE: Record<string, RegExp> = {
  DATABASE_URL: /^postgresql:\/\/sentinel:.+@db:5432\/sentinel$/,
  HOST: /^0\.0\.0\.0$/,
  PORT: /^3000$/,
  DATA_DIR: /^\/app\/data$/,
};

/** One service's block of a compose file (plain block YAML, two-space indents), as text. */
function serviceBlock(yaml: string, service: string): string {
  const lines = yaml.split('\n');
  const start = lines.findIndex((l) => l === `  ${service}:`);
  expect(start, `service ${service}`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && /^ {0,2}\S/.test(l));
  return lines.slice(start + 1, end === -1 ? undefined : end).join('\n');
}

/** `key: value` entries (or `- item` entries) under a service's `key:`. */
function entries(block: string, key: string): Record<string, string> {
  const lines = block.split('\n');
  const start = lines.findIndex((l) => l === `    ${key}:`);
  if (start === -1) return {};
  const out: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (!/^ {6}/.test(line) && !/^ {4}- /.test(line)) break;
    const item = /^\s*- (.*)$/.exec(line);
    const pair = /^ {6}([A-Za-z0-9_]+): ?(.*)$/.exec(line);
    const unquote = (v: string) => v.trim().replace(/^(['"])(.*)\1$/, '$2');
    if (item) out[unquote(item[1]!)] = '';
    else if (pair) out[pair[1]!] = unquote(pair[2]!);
  }
  return out;
}

/** The Dockerfile's stages: name (or index) → its instructions, continuation lines joined. */
function dockerStages(dockerfile: string): Array<{ name: string; from: string; lines: string[] }> {
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Array<{ name: string; from: string; lines: string[] }> = [];
  for (const line of instructions) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stages.push({ name: from[2] ?? String(stages.length), from: from[1]!, lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  return stages;
}

describe('deployment files', () => {
  it.skipIf(!hasDockerCompose)('docker-compose config: valid, and every variable of .env reaches the app', () => {
    // A copy of the compose file beside an .env made from .env.example with every line set.
    const dir = mkdtempSync(join(tmpdir(), 'sentinel-compose-'));
    try {
      copyFileSync(join(ROOT, 'docker-compose.yml'), join(dir, 'docker-compose.yml'));
      const values = Object.fromEntries(exampleVariables().map(({ name }) => [name, name === 'PORT' ? '3123' : `value-of-${name}`]));
      writeFileSync(join(dir, '.env'), Object.entries(values).map(([k, v]) => `${k}=${v}\n`).join(''));
      const result = spawnSync('docker-compose', ['config'], { cwd: dir, encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);

      const app = serviceBlock(result.stdout, 'app');
      const environment = entries(app, 'environment');
      for (const [name, value] of Object.entries(values)) {
        const fixed = FIXED_BY_COMPOSE[name];
        if (fixed) expect(environment[name], name).toMatch(fixed);
        else expect(environment[name], `${name} does not reach the app`).toBe(value);
      }
      expect(environment.DATABASE_URL).toContain(`:${values.POSTGRES_PASSWORD}@db:`);
      expect(app).toMatch(/published: 3123\s+target: 3000/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('docker-compose.yml: the app reads .env, fixes only its layout, and both services have health checks and named volumes', () => {
    const compose = read('docker-compose.yml');
    const app = serviceBlock(compose, 'app');
    expect(Object.keys(entries(app, 'env_file'))).toEqual(['.env']);
    expect(Object.keys(entries(app, 'environment')).sort()).toEqual(Object.keys(FIXED_BY_COMPOSE).sort());
    for (const service of ['db', 'app']) {
      const block = serviceBlock(compose, service);
      expect(block, `${service} health check`).toMatch(/^ {4}healthcheck:\n {6}test:/m);
      const volume = /^ {6}- ([a-z]+):\//m.exec(block);
      expect(volume, `${service} named volume`).not.toBeNull();
      expect(compose).toMatch(new RegExp(`^volumes:\\n(  \\w+:\\n)*  ${volume![1]}:`, 'm'));
    }
    expect(serviceBlock(compose, 'app')).toMatch(/condition: service_healthy/);
  });

  it('.env.example and README.md document every environment variable, and the same ones', () => {
    const example = read('.env.example');
    const readme = read('README.md');
    for (const name of Object.keys(envSchema.shape)) {
      expect(example, `.env.example lacks ${name}`).toMatch(new RegExp(`^# ?${name}=`, 'm'));
      expect(readme, `README.md lacks ${name}`).toContain(`\`${name}\``);
    }
    const readmeTable = [...readme.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]!);
    const exampleNames = exampleVariables().map((v) => v.name);
    // POSTGRES_PASSWORD belongs to compose's database, documented under the table.
    expect(exampleNames.filter((n) => n !== 'POSTGRES_PASSWORD').sort()).toEqual([...readmeTable].sort());
    expect(readme).toContain('`POSTGRES_PASSWORD`');
  });

  it('.env.example shows the defaults the code uses', () => {
    const defaults = envSchema.parse({}) as Record<string, unknown>;
    for (const { name, value } of exampleVariables()) {
      const fallback = defaults[name];
      if (!value || fallback === undefined || (Array.isArray(fallback) && fallback.length === 0)) continue;
      const expected = name === 'DATA_DIR' ? normalize(String(fallback)) : String(fallback);
      const shown = name === 'DATA_DIR' ? normalize(value) : name === 'JOBS_ENABLED' || name === 'DRY_RUN' ? String(value === 'true') : value;
      expect(shown, `.env.example's ${name}`).toBe(expected);
    }
  });

  it('README asks for Node 24, as engines does', () => {
    const readme = read('README.md');
    const engines = JSON.parse(read('package.json')).engines.node as string;
    expect(engines).toMatch(/^>=24\b/);
    expect(readme).not.toMatch(/Node(\.js)? (1\d|2[0-3])\b/);
    expect(readme).toMatch(/Node(\.js)? 24 or newer/);
  });

  it('the Dockerfile: multi-stage, production dependencies only, non-root, health-checked, node on the compiled entry', () => {
    const stages = dockerStages(read('Dockerfile'));
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const final = stages.at(-1)!;
    expect(final.from).toMatch(/^node:24/);

    // The compiled entry: api's tsconfig.build.json compiles src/ into dist/, and api's start
    // script (what `npm start` ends with) runs the same file.
    const build = JSON.parse(read('api/tsconfig.build.json').replace(/^\s*\/\/.*$/gm, '')) as { compilerOptions: { outDir: string; rootDir: string } };
    expect(build.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
    expect(JSON.parse(read('api/package.json')).scripts.start).toMatch(/^node .*dist\/index\.js$/);
    const cmd = final.lines.find((l) => l.startsWith('CMD'));
    expect(cmd, 'CMD in exec form').toMatch(/^CMD \[/);
    const argv = JSON.parse(cmd!.slice(3)) as string[];
    expect(argv[0]).toBe('node');
    expect(argv.at(-1)).toBe('api/dist/index.js');
    expect(final.lines.some((l) => l.startsWith('HEALTHCHECK'))).toBe(true);

    const user = final.lines.filter((l) => l.startsWith('USER')).at(-1);
    expect(user, 'the final stage names a user').toBeDefined();
    expect(user).not.toMatch(/^USER\s+(root|0)(:|\s|$)/);

    // Nothing in the final stage installs or runs development tooling; its node_modules comes
    // from a stage that pruned dev dependencies after building.
    expect(final.lines.join('\n')).not.toMatch(/\btsx\b|npm (ci|install)\b/);
    const modules = final.lines.find((l) => /^COPY --from=\S+ \S*node_modules\b/.test(l));
    expect(modules, 'node_modules copied from a build stage').toBeDefined();
    const source = stages.find((s) => s.name === /--from=(\S+)/.exec(modules!)![1]);
    const runs = source!.lines.filter((l) => l.startsWith('RUN'));
    const pruned = runs.findIndex((l) => /npm (prune|ci|install)\b.*--omit=dev/.test(l));
    expect(pruned, 'dev dependencies removed').toBeGreaterThanOrEqual(0);
    expect(runs.slice(pruned + 1).some((l) => /npm (ci|install)\b/.test(l))).toBe(false);
  });
});
