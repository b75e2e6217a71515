import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candleNumbers, candleNumbersOf, CandlestickSchema, HistoricalCandlestickSchema, HistoricalCutoffSchema } from './schemas.ts';
import { endpointKey } from './records.ts';

const live = {
  end_period_ts: 1794880800,
  yes_bid: { open_dollars: '0.4200', low_dollars: '0.4100', high_dollars: '0.4300', close_dollars: '0.420050' },
  yes_ask: { open_dollars: '0.4500', low_dollars: '0.44', high_dollars: '0.4600', close_dollars: '0.4500' },
  price: { open_dollars: '0.4300', low_dollars: '0.4200', high_dollars: '0.4400', close_dollars: '0.4400', mean_dollars: '0.4312', previous_dollars: null },
  volume_fp: '125.50',
  open_interest_fp: '1000.00',
};
const historical = {
  end_period_ts: 1794880800,
  yes_bid: { open: '0.4200', low: '0.4100', high: '0.4300', close: '0.4200' },
  yes_ask: { open: '0.4500', low: '0.4400', high: '0.4600', close: '0.4500' },
  price: { open: null, low: null, high: null, close: null, mean: null, previous: '0.4100' },
  volume: '0.00',
  open_interest: '7.25',
};

describe('candlesticks as numbers', () => {
  it('reads both of Kalshi shapes exactly (micro-dollars, centi-contracts)', () => {
    expect(candleNumbers(live, false)).toEqual({
      end_period_ts: 1794880800,
      yes_bid: [420000, 410000, 430000, 420050],
      yes_ask: [450000, 440000, 460000, 450000],
      price: [430000, 420000, 440000, 440000, 431200, null],
      volume_centi: 12550,
      open_interest_centi: 100000,
    });
    expect(candleNumbers(historical, true)).toEqual({
      end_period_ts: 1794880800,
      yes_bid: [420000, 410000, 430000, 420000],
      yes_ask: [450000, 440000, 460000, 450000],
      price: [null, null, null, null, null, 410000],
      volume_centi: 0,
      open_interest_centi: 725,
    });
    // a live candle is not a historical one and the other way round
    expect(candleNumbers(live, true)).toBeNull();
    expect(candleNumbers(historical, false)).toBeNull();
  });

  it('accepts exactly what the zod schemas accept, with the same numbers', () => {
    // mostly valid fields, so that both outcomes are common
    const money = fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 1_000_000 }).map((n) => (n / 1e6).toFixed(6)), weight: 30 },
      { arbitrary: fc.constantFrom('0.42', '1.0000', '0.000001', '0.4200000', '-0.01', '12'), weight: 10 },
      { arbitrary: fc.constantFrom('', 'NaN', '0.1234567', '1e-2', ' 0.4'), weight: 1 },
    );
    const count = fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 10_000_000 }).map((n) => (n / 100).toFixed(2)), weight: 30 },
      { arbitrary: fc.constantFrom('0.00', '13', '72612.49'), weight: 5 },
      { arbitrary: fc.constantFrom('0.001', 'abc', '1.5e3'), weight: 1 },
    );
    const maybe = <T>(a: fc.Arbitrary<T>) => fc.oneof({ arbitrary: a, weight: 20 }, { arbitrary: fc.constantFrom(null, undefined, 7), weight: 1 });
    const ba = (sfx: string) => fc.record({ [`open${sfx}`]: maybe(money), [`low${sfx}`]: money, [`high${sfx}`]: money, [`close${sfx}`]: money });
    const candle = (h: boolean) =>
      fc.record({
        end_period_ts: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 2e9 }), weight: 30 }, { arbitrary: fc.constantFrom(1.5, '1'), weight: 1 }),
        yes_bid: ba(h ? '' : '_dollars'),
        yes_ask: ba(h ? '' : '_dollars'),
        price: fc.record(Object.fromEntries(['open', 'low', 'high', 'close', 'mean', 'previous'].map((k) => [`${k}${h ? '' : '_dollars'}`, maybe(money)])), { requiredKeys: [] }),
        [h ? 'volume' : 'volume_fp']: count,
        [h ? 'open_interest' : 'open_interest_fp']: count,
      });
    for (const h of [false, true]) {
      let accepted = 0;
      fc.assert(
        fc.property(candle(h), (raw) => {
          const z = (h ? HistoricalCandlestickSchema : CandlestickSchema).safeParse(JSON.parse(JSON.stringify(raw)));
          const fast = candleNumbers(JSON.parse(JSON.stringify(raw)), h);
          expect(fast !== null).toBe(z.success);
          if (z.success) {
            accepted++;
            expect(fast).toEqual(candleNumbersOf(z.data));
          }
        }),
        { numRuns: 400 },
      );
      expect(accepted).toBeGreaterThan(40);
      expect(accepted).toBeLessThan(360);
    }
  });

  it('cutoff times and historical stats keys', () => {
    const c = HistoricalCutoffSchema.parse({ market_settled_ts: '2026-11-15T15:00:00Z', trades_created_ts: '2026-11-15T15:00:00Z', orders_updated_ts: '2026-11-15T15:00:00Z' });
    expect(c.market_settled_ts_ms).toBe(Date.parse('2026-11-15T15:00:00Z'));
    expect(c.market_positions_last_updated_ts_ms).toBeNull();
    expect(endpointKey('GET', '/historical/markets/KX-1/candlesticks')).toBe('GET /historical/markets/{ticker}/candlesticks');
    expect(endpointKey('GET', '/historical/markets/KX-1')).toBe('GET /historical/markets/{ticker}');
    expect(endpointKey('GET', '/historical/markets')).toBe('GET /historical/markets');
  });
});
