// The demo's promise (a first alert within 10 minutes, one at least every 15 after) rests on
// what it injects and where; the timing itself is measured by running `npm run demo`.
import { describe, expect, it } from 'vitest';
import { ALERTING_ON_THEIR_OWN, DEMO_ROTATION, DEMO_WHALE_CONTRACTS, demoTargets, longestGapBetweenAlertingSlots, scenarioAt, scenarioRequest } from '../scripts/demo-scenarios.ts';
import { DEFAULT_SETTINGS } from '../src/settings/settings.schema.ts';

const SCENARIO_EVERY_MIN = 3; // the demo's default --scenario-every-s 180

describe('demo scenarios', () => {
  it('starts with a scenario that alerts on its own and repeats one often enough for an alert every 15 minutes', () => {
    expect(ALERTING_ON_THEIR_OWN).toContain(scenarioAt(0));
    // injection every 3 minutes, detected by the next 5-minute cycle at the latest
    expect(longestGapBetweenAlertingSlots() * SCENARIO_EVERY_MIN + 5).toBeLessThanOrEqual(15);
    expect(scenarioAt(DEMO_ROTATION.length)).toBe(scenarioAt(0));
  });
  it('shows every kind of scenario over one rotation', () => {
    expect(new Set(DEMO_ROTATION)).toEqual(
      new Set(['whale_trade', 'split_accumulation', 'price_jump', 'liquidity_drain', 'trade_burst', 'off_hours', 'correlated_event_move']),
    );
  });
  it('targets only markets the app monitors at its default settings, with room to move', () => {
    const eligibility = { minVolume: DEFAULT_SETTINGS.minVolume, minOpenInterest: DEFAULT_SETTINGS.minOpenInterest, excludedSeries: new Set(['KXNFL']) };
    const m = (ticker: string, volume: number, oi: number, bid: string, ask: string) => ({
      ticker, event_ticker: `${ticker.split('-')[0]}-E`, volume_fp: String(volume), open_interest_fp: String(oi), yes_bid_dollars: bid, yes_ask_dollars: ask,
    });
    const targets = demoTargets(
      [m('KXCPI-A', 5000, 900, '0.40', '0.42'), m('KXNFL-B', 9000, 9000, '0.40', '0.42'), m('KXCPI-C', 500, 900, '0.40', '0.42'), m('KXCPI-D', 5000, 100, '0.40', '0.42'), m('KXCPI-E', 5000, 900, '0.97', '0.98')],
      eligibility,
    );
    expect(targets.map((t) => t.ticker)).toEqual(['KXCPI-A']);
    expect(scenarioRequest('correlated_event_move', targets[0]!)).toEqual({ type: 'correlated_event_move', event_ticker: 'KXCPI-E' });
    expect(scenarioRequest('whale_trade', targets[0]!)).toEqual({ type: 'whale_trade', market_ticker: 'KXCPI-A', params: { count: DEMO_WHALE_CONTRACTS } });
    // at the cheapest price a target can have (10¢), the whale is still over the whale rule's default notional
    expect(DEMO_WHALE_CONTRACTS * 0.1).toBeGreaterThanOrEqual(DEFAULT_SETTINGS.whaleMinDollars);
  });
});
