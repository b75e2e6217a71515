// What `npm run demo` injects, and where: the demo promises a first alert within 10 minutes of
// start and one at least every 15 minutes after, so the rotation puts a scenario that alerts on
// its own (a whale that sweeps the book) at least every third slot, and targets only markets the
// app monitors at its default settings (not Sports, enough volume and open interest, a price
// away from the bounds, so a move has room).

/** Scenario types in the order the demo injects them; it starts over at the end. */
export const DEMO_ROTATION = [
  'whale_trade',
  'price_jump',
  'trade_burst',
  'whale_trade',
  'split_accumulation',
  'liquidity_drain',
  'whale_trade',
  'correlated_event_move',
  'off_hours',
] as const;
export type DemoScenario = (typeof DEMO_ROTATION)[number];

/** Types that raise an alert at the default threshold on their own. */
export const ALERTING_ON_THEIR_OWN: readonly DemoScenario[] = ['whale_trade'];

export function scenarioAt(slot: number): DemoScenario {
  return DEMO_ROTATION[((slot % DEMO_ROTATION.length) + DEMO_ROTATION.length) % DEMO_ROTATION.length]!;
}

/** The longest run of slots between two scenarios that alert on their own (wrapping around). */
export function longestGapBetweenAlertingSlots(): number {
  const slots = DEMO_ROTATION.map((t, i) => (ALERTING_ON_THEIR_OWN.includes(t) ? i : -1)).filter((i) => i >= 0);
  let longest = 0;
  for (let k = 0; k < slots.length; k++) {
    const next = k + 1 < slots.length ? slots[k + 1]! : slots[0]! + DEMO_ROTATION.length;
    longest = Math.max(longest, next - slots[k]!);
  }
  return longest;
}

export interface ListedMarket {
  ticker: string;
  event_ticker: string;
  volume_fp: string;
  open_interest_fp: string;
  yes_bid_dollars?: string | null;
  yes_ask_dollars?: string | null;
}

export interface Eligibility {
  minVolume: number;
  minOpenInterest: number;
  excludedSeries: ReadonlySet<string>;
}

/** Markets the app monitors at `eligibility` whose price has room to move (bid ≥ 10¢, ask ≤ 90¢). */
export function demoTargets(markets: readonly ListedMarket[], eligibility: Eligibility): ListedMarket[] {
  return markets.filter((m) => {
    if (eligibility.excludedSeries.has(m.event_ticker.split('-')[0]!)) return false;
    if (!(Number(m.volume_fp) >= eligibility.minVolume && Number(m.open_interest_fp) >= eligibility.minOpenInterest)) return false;
    const bid = Number(m.yes_bid_dollars ?? NaN);
    const ask = Number(m.yes_ask_dollars ?? NaN);
    return bid >= 0.1 && ask <= 0.9;
  });
}

/** The scenario request for a slot: correlated moves target the market's event, the rest the market. */
/**
 * The demo's whales are big enough for the whale rule at its defaults (at least $25,000 paid: the
 * demo's targets cost at least 10¢ a contract), so each one alerts whatever the composite.
 */
export const DEMO_WHALE_CONTRACTS = 250_000;

export function scenarioRequest(type: DemoScenario, market: ListedMarket): Record<string, unknown> {
  if (type === 'correlated_event_move') return { type, event_ticker: market.event_ticker };
  if (type === 'whale_trade') return { type, market_ticker: market.ticker, params: { count: DEMO_WHALE_CONTRACTS } };
  return { type, market_ticker: market.ticker };
}
