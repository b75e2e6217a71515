// The schema tests read Kalshi's spec from the copy in exchange/spec/: it must stay the exact
// document Kalshi published (checked by hash, and against the source file when this machine has it).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SPEC_FILE, SPEC_PATH, validateComponent } from './test/schema.ts';

const PUBLISHED_SHA256 = '494e1e559c5c0e47eee1267dd342ad075fbd6abb9353696d058c88b3a138047b';
/** Where the shared reference lives on the machines the project is developed on (optional). */
const SOURCE = process.env.KALSHI_SPEC_SOURCE ?? new URL(`../../../shared/kalshi/${SPEC_FILE}`, import.meta.url).pathname;

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('Kalshi spec copy', () => {
  it('is inside the repository and byte-identical to the published document', () => {
    expect(SPEC_PATH.startsWith(new URL('../', import.meta.url).pathname)).toBe(true);
    expect(sha256(SPEC_PATH)).toBe(PUBLISHED_SHA256);
  });

  it.skipIf(!existsSync(SOURCE))('matches the shared source file', () => {
    expect(sha256(SPEC_PATH)).toBe(sha256(SOURCE));
  });

  it('loads and validates from the copy', () => {
    expect(validateComponent('EndpointTokenCost', { method: 'GET', path: '/x', cost: 1 })).toEqual([]);
  });
});
