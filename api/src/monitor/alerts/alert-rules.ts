// When a score becomes an alert: at the user's threshold, at most once per market per four
// hours, unless the score has since risen enough to call it an escalation.
export const ALERT_RULES = Object.freeze({
  /** No second alert for the same market within this window… */
  dedupWindowMs: 4 * 60 * 60_000,
  /** …unless the composite rose by at least this much since that alert. */
  escalationDelta: 15,
});

export interface PreviousAlert {
  id: string;
  composite: number;
  createdAt: Date;
}

export type AlertDecision =
  | { alert: false; reason: 'below-threshold' | 'deduplicated' }
  | { alert: true; escalation: false }
  | { alert: true; escalation: true; previousAlertId: string; scoreDelta: number };

export function decideAlert(composite: number, threshold: number, previous: PreviousAlert | null, now: Date): AlertDecision {
  if (composite < threshold) return { alert: false, reason: 'below-threshold' };
  if (!previous || now.getTime() - previous.createdAt.getTime() >= ALERT_RULES.dedupWindowMs) return { alert: true, escalation: false };
  const delta = composite - previous.composite;
  if (delta >= ALERT_RULES.escalationDelta) {
    return { alert: true, escalation: true, previousAlertId: previous.id, scoreDelta: Math.round(delta * 100) / 100 };
  }
  return { alert: false, reason: 'deduplicated' };
}
