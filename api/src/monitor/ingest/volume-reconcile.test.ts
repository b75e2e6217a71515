import { describe, expect, it } from 'vitest';
import { advancedCursor, formatCursor, parseCursor } from './volume-reconcile.ts';

describe('volume reconciliation cursor', () => {
  it('round-trips through its stored form', () => {
    const cursor = { fromMs: Date.parse('2026-11-18T20:00:00Z'), baseCenti: 123_456_78, tries: 2, beforeMs: Date.parse('2026-11-18T19:00:00Z') };
    expect(parseCursor(formatCursor(cursor))).toEqual(cursor);
    expect(parseCursor(formatCursor({ fromMs: 0, baseCenti: 0, tries: 0 }))).toEqual({ fromMs: 0, baseCenti: 0, tries: 0 });
  });

  it('treats a missing or damaged value as no cursor', () => {
    expect(parseCursor(null)).toBeNull();
    expect(parseCursor('not json')).toBeNull();
    expect(parseCursor('{"from":"yesterday","base":"1"}')).toBeNull();
    expect(parseCursor('{"from":"2026-11-18T20:00:00Z","base":"1.5"}')).toBeNull();
  });

  it('moves to the sweep start, adding what was stored in between', () => {
    const cursor = { fromMs: 1_000, baseCenti: 10_000, tries: 1, beforeMs: 500 };
    expect(advancedCursor(cursor, 2_500, 9_000)).toEqual({ fromMs: 9_000, baseCenti: 12_500, tries: 0 });
    expect(advancedCursor(cursor, 0, 9_000)).toEqual({ fromMs: 9_000, baseCenti: 10_000, tries: 0 });
  });
});
