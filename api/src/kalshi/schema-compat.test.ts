/**
 * Compile-time checks (run by `tsc`) that our request bodies and parsed records line up with the types
 * generated from Kalshi's v3.28 OpenAPI document (schema.d.ts, via openapi-typescript).
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { CreateOrderV2Body } from './portfolio.ts';
import type { components } from './schema.d.ts';
import type { CancelOrderResult, CreateOrderResult, Fill, Market, MarketPosition, Order, Settlement, Trade } from './schemas.ts';

type S = components['schemas'];

describe('generated OpenAPI types', () => {
  it('the V2 create-order body is a valid CreateOrderV2Request', () => {
    expectTypeOf<CreateOrderV2Body>().toExtend<S['CreateOrderV2Request']>();
  });

  it('parsed records carry the spec field names with the spec types', () => {
    expectTypeOf<Pick<Trade, 'trade_id' | 'ticker' | 'count_fp' | 'yes_price_dollars' | 'no_price_dollars' | 'taker_outcome_side' | 'taker_book_side' | 'created_time'>>().toExtend<
      Pick<S['Trade'], 'trade_id' | 'ticker' | 'count_fp' | 'yes_price_dollars' | 'no_price_dollars' | 'taker_outcome_side' | 'taker_book_side' | 'created_time'>
    >();
    expectTypeOf<Pick<Market, 'ticker' | 'event_ticker' | 'yes_bid_dollars' | 'yes_ask_dollars' | 'no_bid_dollars' | 'no_ask_dollars' | 'last_price_dollars' | 'volume_fp' | 'volume_24h_fp' | 'open_interest_fp' | 'yes_bid_size_fp' | 'yes_ask_size_fp' | 'close_time'>>().toExtend<
      Pick<S['Market'], 'ticker' | 'event_ticker' | 'yes_bid_dollars' | 'yes_ask_dollars' | 'no_bid_dollars' | 'no_ask_dollars' | 'last_price_dollars' | 'volume_fp' | 'volume_24h_fp' | 'open_interest_fp' | 'yes_bid_size_fp' | 'yes_ask_size_fp' | 'close_time'>
    >();
    expectTypeOf<Pick<Order, 'order_id' | 'ticker' | 'outcome_side' | 'book_side' | 'yes_price_dollars' | 'fill_count_fp' | 'remaining_count_fp' | 'initial_count_fp'>>().toExtend<
      Pick<S['Order'], 'order_id' | 'ticker' | 'outcome_side' | 'book_side' | 'yes_price_dollars' | 'fill_count_fp' | 'remaining_count_fp' | 'initial_count_fp'>
    >();
    expectTypeOf<Pick<Fill, 'fill_id' | 'order_id' | 'ticker' | 'count_fp' | 'yes_price_dollars' | 'fee_cost' | 'is_taker'>>().toExtend<Pick<S['Fill'], 'fill_id' | 'order_id' | 'ticker' | 'count_fp' | 'yes_price_dollars' | 'fee_cost' | 'is_taker'>>();
    expectTypeOf<Pick<MarketPosition, 'ticker' | 'position_fp' | 'market_exposure_dollars' | 'realized_pnl_dollars'>>().toExtend<Pick<S['MarketPosition'], 'ticker' | 'position_fp' | 'market_exposure_dollars' | 'realized_pnl_dollars'>>();
    expectTypeOf<Pick<Settlement, 'ticker' | 'revenue' | 'yes_count_fp' | 'fee_cost' | 'settled_time'>>().toExtend<Pick<S['Settlement'], 'ticker' | 'revenue' | 'yes_count_fp' | 'fee_cost' | 'settled_time'>>();
    expectTypeOf<Pick<CreateOrderResult, 'order_id' | 'fill_count' | 'remaining_count'>>().toExtend<Pick<S['CreateOrderV2Response'], 'order_id' | 'fill_count' | 'remaining_count'>>();
    expectTypeOf<Pick<CancelOrderResult, 'order_id' | 'reduced_by'>>().toExtend<Pick<S['CancelOrderV2Response'], 'order_id' | 'reduced_by'>>();
  });
});
