// A realistic alert for template tests and previews.
import type { AlertForNotification } from './alert.ts';

export function sampleAlert(overrides: Partial<AlertForNotification> = {}): AlertForNotification {
  return {
    id: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
    ticker: 'KXFEDDECISION-26DEC-H25',
    // 7:05 pm UTC in winter = 2:05 PM EST
    createdAt: new Date('2026-12-09T19:05:00Z'),
    composite: 72.46,
    label: 'HIGH',
    explanation: 'A 4,200-contract YES order is 38× this market’s median order, and the price jumped 12¢ in 5 minutes.',
    isEscalation: false,
    scoreDelta: null,
    signals: {
      tradeSize: { score: 95, facts: { largest: 4200 }, detail: 'a 4,200-contract YES order is 38× the median' },
      priceImpact: { score: 80, facts: {} },
      liquidity: { score: 40, facts: {} },
      clustering: { score: 50, facts: {} },
      timing: { score: 0, facts: {} },
      crossMarket: { score: 20, facts: {} },
    },
    baseline: { historyHours: 168, orderCount: 812, tradeSizeMedian: 110, tradeSizeP99: 1500, spreadMedian: 0.02, hourlyProfile: [] },
    triggerTrades: [
      { tradeId: 't1', ts: Date.parse('2026-12-09T18:58:00Z'), yesPrice: 0.41, count: 4200, takerSide: 'yes' },
      { tradeId: 't2', ts: Date.parse('2026-12-09T19:01:00Z'), yesPrice: 0.45, count: 300, takerSide: 'no' },
    ],
    market: { title: 'Will the Fed cut rates by 25bps in December?', yesSubTitle: 'Cut 25bps', eventTicker: 'KXFEDDECISION-26DEC' },
    ...overrides,
  };
}
