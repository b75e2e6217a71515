// docker-compose.yml cannot be run here (no Docker engine), so prove it is valid and that it
// and .env.example cover the configuration the env module accepts.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../src/env.ts';

const ROOT = join(import.meta.dirname, '../..');
const hasDockerCompose = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;

describe('deployment files', () => {
  it.skipIf(!hasDockerCompose)('docker-compose.yml is valid (docker-compose config -q)', () => {
    const result = spawnSync('docker-compose', ['-f', join(ROOT, 'docker-compose.yml'), 'config', '-q'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('.env.example and README.md document every environment variable', () => {
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const name of Object.keys(envSchema.shape)) {
      if (name === 'NODE_ENV') continue;
      expect(example, `.env.example lacks ${name}`).toMatch(new RegExp(`\\b${name}=`));
      expect(readme, `README.md lacks ${name}`).toContain(`\`${name}\``);
    }
  });

  it('the Dockerfile builds the SPA and starts the API', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/FROM node:24/);
    expect(dockerfile).toContain('npm run build -w @sentinel/web');
    expect(dockerfile).toContain('"start", "-w", "@sentinel/api"');
  });
});
