import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env.ts';

describe('parseEnv', () => {
  it('applies defaults for an empty environment', () => {
    const config = parseEnv({}, '/srv/app');
    expect(config.PORT).toBe(3000);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DATA_DIR).toBe('/srv/app/data');
    expect(config.PUBLIC_URL).toBe('http://localhost:3000');
    expect(config.CORS_ORIGINS).toEqual([]);
    expect(config.JOBS_ENABLED).toBe(true);
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', ADMIN_TOKEN: ' ' }, '/').DATABASE_URL).toBeUndefined();
  });

  it.each([
    [{ PORT: 'abc' }, /^Invalid environment variable PORT: must be a number \(got "abc"\)$/],
    [{ PORT: '70000' }, /PORT: must be between 0 and 65535/],
    [{ DATABASE_URL: 'mysql://x' }, /^Invalid environment variable DATABASE_URL: must be a postgresql:\/\/ URL$/],
    [{ ADMIN_TOKEN: 'short' }, /^Invalid environment variable ADMIN_TOKEN: must be at least 16 characters$/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ CORS_ORIGINS: 'not an origin' }, /CORS_ORIGINS/],
    [{ JOBS_ENABLED: 'maybe' }, /JOBS_ENABLED/],
  ])('rejects %o with one line naming the variable', (source, message) => {
    expect(() => parseEnv(source, '/')).toThrow(EnvError);
    expect(() => parseEnv(source, '/')).toThrow(message);
  });

  it('never echoes a secret value in the error', () => {
    try {
      parseEnv({ ADMIN_TOKEN: 'tiny-secret' }, '/');
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain('tiny-secret');
    }
  });

  it('parses lists and paths', () => {
    const config = parseEnv({ CORS_ORIGINS: 'https://a.example, https://b.example', DATA_DIR: '/var/lib/s' }, '/x');
    expect(config.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
    expect(config.DATA_DIR).toBe('/var/lib/s');
  });
});
