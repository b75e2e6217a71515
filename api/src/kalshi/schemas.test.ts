import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  BalanceSchema,
  MarketSchema,
  TradeSchema,
  WsOrderbookDeltaSchema,
  WsOrderbookSnapshotSchema,
  WsTradeSchema,
  pageEnvelope,
  type KalshiEvent,
  type Market,
  type Trade,
} from './schemas.ts';
import { marketRecord, tradeRecord } from './testing/fake-server.ts';

describe('record schemas', () => {
  it('keeps raw fields, adds exact numeric siblings, does not mutate the input', () => {
    const raw = marketRecord('KXA-1', { brand_new_field: { x: 1 } });
    const m = MarketSchema.parse(raw);
    expect(m).not.toBe(raw);
    expect('yes_bid_micros' in raw).toBe(false);
    expect(m.yes_bid_dollars).toBe('0.4200');
    expect(m.yes_bid_micros).toBe(420_000n);
    expect(m.open_interest_centi).toBe(99_999n);
    expect((m as Record<string, unknown>).brand_new_field).toEqual({ x: 1 });
    expectTypeOf(m.yes_bid_micros).toEqualTypeOf<bigint>();
    expectTypeOf(m.previous_price_micros).toEqualTypeOf<bigint | null>();
    expectTypeOf(m.close_time_ms).toEqualTypeOf<number>();
    expectTypeOf(m.open_time_ms).toEqualTypeOf<number | null>();
    expectTypeOf<Trade['count_centi']>().toEqualTypeOf<bigint>();
    expectTypeOf<Market['ticker']>().toEqualTypeOf<string>();
    expectTypeOf<KalshiEvent['series_ticker']>().toEqualTypeOf<string>();
    expectTypeOf<NonNullable<KalshiEvent['markets']>[number]['yes_bid_micros']>().toEqualTypeOf<bigint>();
  });

  it.each([
    ['missing required', { ticker: undefined }],
    ['NaN price', { yes_bid_dollars: 'NaN' }],
    ['numeric price', { no_ask_dollars: 0.5 }],
    ['empty price', { last_price_dollars: '' }],
    ['7-decimal price', { yes_ask_dollars: '0.1234567' }],
    ['bad count', { volume_fp: '1.234' }],
    ['null count', { volume_24h_fp: null }],
    ['bad optional price', { previous_price_dollars: 'x' }],
    ['bad time', { close_time: 'tomorrow' }],
    ['bad price range', { price_ranges: [{ start: '0', end: '1', step: 'NaN' }] }],
  ])('rejects a market with %s', (_n, over) => {
    expect(MarketSchema.safeParse(marketRecord('KXA-1', over)).success).toBe(false);
  });

  it('trades need the direction fields and a parseable time', () => {
    expect(TradeSchema.safeParse(tradeRecord('t')).success).toBe(true);
    expect(TradeSchema.safeParse(tradeRecord('t', { taker_outcome_side: 'maybe' })).success).toBe(false);
    expect(TradeSchema.safeParse(tradeRecord('t', { taker_book_side: undefined })).success).toBe(false);
    expect(TradeSchema.safeParse(tradeRecord('t', { created_time: 12 })).success).toBe(false);
    expect(TradeSchema.safeParse(tradeRecord('t', { taker_side: undefined, is_block_trade: undefined })).success).toBe(true);
  });

  it('balance: exact from balance_dollars, else from cents', () => {
    expect(BalanceSchema.parse({ balance: 1234, balance_dollars: '12.345678', portfolio_value: 2000, updated_ts: 1 }).balance_micros).toBe(12_345_678n);
    expect(BalanceSchema.parse({ balance: 1234, portfolio_value: 2000 }).balance_micros).toBe(12_340_000n);
  });

  it('WS bodies: trade, snapshot (keys absent when empty), signed delta', () => {
    const t = WsTradeSchema.parse({ trade_id: 'x', market_ticker: 'M', yes_price_dollars: '0.01', no_price_dollars: '0.99', count_fp: '0.01', taker_outcome_side: 'no', taker_book_side: 'ask', ts_ms: 5 });
    expect(t.count_centi).toBe(1n);
    const s = WsOrderbookSnapshotSchema.parse({ market_ticker: 'M', market_id: 'id', no_dollars_fp: [['0.5600', '17.00']] });
    expect(s.yes).toEqual([]);
    expect(s.no[0]!.count_centi).toBe(1700n);
    const d = WsOrderbookDeltaSchema.parse({ market_ticker: 'M', market_id: 'id', price_dollars: '0.9605', delta_fp: '-72612.49', side: 'no' });
    expect(d.delta_centi).toBe(-7_261_249n);
    expect(d.price_micros).toBe(960_500n);
    expect(WsOrderbookDeltaSchema.safeParse({ market_ticker: 'M', price_dollars: '0.96', delta_fp: 'NaN', side: 'no' }).success).toBe(false);
  });

  it('page envelopes are loose: cursor "" and null both end; missing array = empty', () => {
    expect(pageEnvelope({ markets: [1], cursor: '' }, 'markets')).toEqual({ items: [1], cursor: null, ok: true });
    expect(pageEnvelope({ markets: [], cursor: null }, 'markets')).toEqual({ items: [], cursor: null, ok: true });
    expect(pageEnvelope({ cursor: 'abc' }, 'markets')).toEqual({ items: [], cursor: 'abc', ok: true });
    expect(pageEnvelope({ markets: {}, cursor: 'abc' }, 'markets').ok).toBe(false);
    expect(pageEnvelope('nope', 'markets').ok).toBe(false);
  });
});
