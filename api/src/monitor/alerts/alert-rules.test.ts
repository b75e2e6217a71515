import { describe, expect, it } from 'vitest';
import { ALERT_RULES, decideAlert } from './alert-rules.ts';

const now = new Date('2026-11-21T15:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('decideAlert', () => {
  it('alerts at or above the threshold only', () => {
    expect(decideAlert(69.99, 70, null, now)).toEqual({ alert: false, reason: 'below-threshold' });
    expect(decideAlert(70, 70, null, now)).toEqual({ alert: true, escalation: false });
  });

  it('does not re-alert within four hours unless the score rose by 15 or more', () => {
    const previous = { id: 'a1', composite: 72, createdAt: ago(ALERT_RULES.dedupWindowMs - 1) };
    expect(decideAlert(86.99, 70, previous, now)).toEqual({ alert: false, reason: 'deduplicated' });
    expect(decideAlert(87, 70, previous, now)).toEqual({ alert: true, escalation: true, previousAlertId: 'a1', scoreDelta: 15 });
  });

  it('alerts again once the window has passed, as a fresh alert', () => {
    const previous = { id: 'a1', composite: 90, createdAt: ago(ALERT_RULES.dedupWindowMs) };
    expect(decideAlert(75, 70, previous, now)).toEqual({ alert: true, escalation: false });
  });
});
