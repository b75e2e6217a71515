import { describe, expect, it } from 'vitest';
import { CredentialThrottle } from './credential-throttle.ts';

describe('CredentialThrottle', () => {
  it('gives five free failures, then doubles the wait per failure up to the cap', () => {
    const t = new CredentialThrottle({ maxDelayMs: 8_000 });
    const now = 1_000_000;
    for (let i = 0; i < 5; i++) {
      expect(t.check('a', now).allowed).toBe(true);
      t.fail('a', now);
    }
    expect(t.check('a', now).allowed).toBe(true);
    t.fail('a', now); // sixth: 1 s
    expect(t.check('a', now)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(t.check('a', now + 1_000).allowed).toBe(true);
    t.fail('a', now + 1_000); // seventh: 2 s
    expect(t.check('a', now + 2_500)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    for (let i = 0; i < 10; i++) t.fail('a', now + 3_000);
    expect(t.check('a', now + 3_000)).toEqual({ allowed: false, retryAfterSeconds: 8 });
  });

  it('never holds back another source, and a success clears the record', () => {
    const t = new CredentialThrottle();
    for (let i = 0; i < 30; i++) t.fail('attacker', 0);
    expect(t.check('attacker', 0).allowed).toBe(false);
    expect(t.check('owner', 0).allowed).toBe(true);
    t.succeed('attacker');
    expect(t.check('attacker', 0).allowed).toBe(true);
  });

  it('once the global budget is spent, hears only sources with a clean record', () => {
    const t = new CredentialThrottle({ globalBudget: 10, globalWindowMs: 60_000 });
    for (let i = 0; i < 10; i++) t.fail(`bot-${i}`, 0);
    expect(t.check('bot-0', 1).allowed).toBe(false); // one failure, budget spent
    expect(t.check('owner', 1).allowed).toBe(true);
    expect(t.check('bot-0', 60_001).allowed).toBe(true); // a new window
  });

  it('stays bounded in memory', () => {
    const t = new CredentialThrottle({ maxSources: 100 });
    for (let i = 0; i < 10_000; i++) t.fail(`s-${i}`, i);
    expect((t as unknown as { sources: Map<string, unknown> }).sources.size).toBeLessThanOrEqual(100);
  });
});
