/**
 * Zod schemas, one per record (never per page), and the parsed record shape.
 *
 * ## Parsed record shape
 * Every parsed record keeps **all raw Kalshi fields exactly as sent** (unknown fields pass through), and adds
 * exact numeric siblings:
 * - a dollar string `<x>_dollars` gains `<x>_micros: bigint` (micro-dollars); a dollar field without the
 *   suffix (`fee_cost`, `price`, `average_fill_price`) gains `<field>_micros`;
 * - a count string `<x>_fp` gains `<x>_centi: bigint` (centi-contracts); a count without the suffix
 *   (`fill_count`, `reduced_by`, `delta_fp`→`delta_centi`) gains `<field>_centi`;
 * - an RFC 3339 time `<t>` listed for the record gains `<t>_ms: number` (Unix ms);
 * - order-book levels `[price, count]` become `{ price_dollars, count_fp, price_micros, count_centi }`.
 * When the raw field is optional/nullable and absent, the sibling is `null`.
 *
 * ## What counts as malformed
 * A record is rejected (skipped and counted by the caller) when a field we rely on is missing or has the
 * wrong type, or when any present money/count field is not an exact decimal (`"abc"`, `"NaN"`, `""`, `1.5`
 * as a number). Prose/metadata fields are optional so that Kalshi dropping one does not drop every record.
 */
import { z } from 'zod';
import { parseCount, parseDollars } from './fixed-point.ts';

// ---------------------------------------------------------------------------------------------------------
// Primitive validators

/** Exactly the strings `parseDollars` accepts (≤ 6 significant decimals); a regex keeps validation cheap. */
export const DOLLARS_RE = /^-?\d+(?:\.\d{1,6}0*)?$/;
/** Exactly the strings `parseCount` accepts (≤ 2 significant decimals). */
export const COUNT_RE = /^-?\d+(?:\.\d{1,2}0*)?$/;
export const dollarsString = z.string().regex(DOLLARS_RE, { message: 'not a fixed-point dollar string' });
export const countString = z.string().regex(COUNT_RE, { message: 'not a fixed-point count string' });
export const timeString = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'not an RFC 3339 time' });
const optDollars = dollarsString.nullish();
const optCount = countString.nullish();
const optTime = timeString.nullish();
const optString = z.string().nullish();
const optInt = z.number().int().nullish();
const optBool = z.boolean().nullish();

export const OutcomeSide = z.enum(['yes', 'no']);
export const BookSide = z.enum(['bid', 'ask']);

// ---------------------------------------------------------------------------------------------------------
// Derivation helper

type Micros<K extends string> = K extends `${infer B}_dollars` ? `${B}_micros` : `${K}_micros`;
type Centi<K extends string> = K extends `${infer B}_fp` ? `${B}_centi` : `${K}_centi`;
type Ms<K extends string> = `${K}_ms`;
type Maybe<V, T> = [Exclude<V, string>] extends [never] ? T : T | null;

export type WithNumerics<O, D extends string, C extends string, T extends string> = O & {
  [K in D as Micros<K>]: K extends keyof O ? Maybe<O[K], bigint> : never;
} & {
  [K in C as Centi<K>]: K extends keyof O ? Maybe<O[K], bigint> : never;
} & {
  [K in T as Ms<K>]: K extends keyof O ? Maybe<O[K], number> : never;
};

function microsKey(k: string): string {
  return k.endsWith('_dollars') ? `${k.slice(0, -'_dollars'.length)}_micros` : `${k}_micros`;
}
function centiKey(k: string): string {
  return k.endsWith('_fp') ? `${k.slice(0, -'_fp'.length)}_centi` : `${k}_centi`;
}

/** Adds the numeric siblings described in the module comment. */
function derive<S extends z.ZodType<Record<string, unknown>>, D extends string = never, C extends string = never, T extends string = never>(
  schema: S,
  spec: { dollars?: readonly D[]; counts?: readonly C[]; times?: readonly T[] },
) {
  const dollars = (spec.dollars ?? []).map((k) => [k, microsKey(k)] as const);
  const counts = (spec.counts ?? []).map((k) => [k, centiKey(k)] as const);
  const times = (spec.times ?? []).map((k) => [k, `${k}_ms`] as const);
  return schema.transform((rec) => {
    // zod already built a fresh object for this record: extend it in place (cheaper than a copy).
    const out: Record<string, unknown> = rec;
    for (const [k, d] of dollars) {
      const v = rec[k];
      out[d] = typeof v === 'string' ? parseDollars(v) : null;
    }
    for (const [k, d] of counts) {
      const v = rec[k];
      out[d] = typeof v === 'string' ? parseCount(v) : null;
    }
    for (const [k, d] of times) {
      const v = rec[k];
      out[d] = typeof v === 'string' ? Date.parse(v) : null;
    }
    return out as WithNumerics<z.output<S>, D, C, T>;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Shared pieces

export const PriceRangeSchema = derive(z.looseObject({ start: dollarsString, end: dollarsString, step: dollarsString }), {
  dollars: ['start', 'end', 'step'],
});
export type PriceRange = z.output<typeof PriceRangeSchema>;

export interface BookLevel {
  price_dollars: string;
  count_fp: string;
  price_micros: bigint;
  count_centi: bigint;
}

export const LevelSchema = z.tuple([dollarsString, countString]).transform(
  ([p, c]): BookLevel => ({ price_dollars: p, count_fp: c, price_micros: parseDollars(p), count_centi: parseCount(c) }),
);
const Levels = z
  .array(LevelSchema)
  .nullish()
  .transform((v) => v ?? []);

// ---------------------------------------------------------------------------------------------------------
// Market data

export const MarketSchema = derive(
  z.looseObject({
    ticker: z.string().min(1),
    event_ticker: z.string(),
    /** `initialized | inactive | active | closed | determined | disputed | amended | finalized` (open set). */
    status: z.string(),
    market_type: optString,
    yes_sub_title: optString,
    no_sub_title: optString,
    title: optString,
    subtitle: optString,
    created_time: optTime,
    updated_time: optTime,
    open_time: optTime,
    close_time: timeString,
    expected_expiration_time: optTime,
    latest_expiration_time: optTime,
    settlement_ts: optTime,
    can_close_early: optBool,
    yes_bid_dollars: dollarsString,
    yes_ask_dollars: dollarsString,
    no_bid_dollars: dollarsString,
    no_ask_dollars: dollarsString,
    last_price_dollars: dollarsString,
    previous_yes_bid_dollars: optDollars,
    previous_yes_ask_dollars: optDollars,
    previous_price_dollars: optDollars,
    notional_value_dollars: optDollars,
    settlement_value_dollars: optDollars,
    yes_bid_size_fp: countString,
    yes_ask_size_fp: countString,
    volume_fp: countString,
    volume_24h_fp: countString,
    open_interest_fp: countString,
    result: optString,
    strike_type: optString,
    floor_strike: z.number().nullish(),
    cap_strike: z.number().nullish(),
    price_level_structure: optString,
    price_ranges: z.array(PriceRangeSchema).nullish(),
    mve_collection_ticker: optString,
    exchange_index: optInt,
    rules_primary: optString,
    rules_secondary: optString,
  }),
  {
    dollars: [
      'yes_bid_dollars',
      'yes_ask_dollars',
      'no_bid_dollars',
      'no_ask_dollars',
      'last_price_dollars',
      'previous_yes_bid_dollars',
      'previous_yes_ask_dollars',
      'previous_price_dollars',
      'notional_value_dollars',
      'settlement_value_dollars',
    ],
    counts: ['yes_bid_size_fp', 'yes_ask_size_fp', 'volume_fp', 'volume_24h_fp', 'open_interest_fp'],
    times: ['close_time', 'open_time', 'created_time', 'updated_time'],
  },
);
export type Market = z.output<typeof MarketSchema>;

export const TradeSchema = derive(
  z.looseObject({
    trade_id: z.string().min(1),
    ticker: z.string().min(1),
    count_fp: countString,
    yes_price_dollars: dollarsString,
    no_price_dollars: dollarsString,
    taker_outcome_side: OutcomeSide,
    taker_book_side: BookSide,
    taker_side: OutcomeSide.nullish(),
    created_time: timeString,
    is_block_trade: optBool,
  }),
  { dollars: ['yes_price_dollars', 'no_price_dollars'], counts: ['count_fp'], times: ['created_time'] },
);
export type Trade = z.output<typeof TradeSchema>;

/** The REST book: YES bids and NO bids, ascending by price (best bid last). */
export const OrderbookFpSchema = z.looseObject({ yes_dollars: Levels, no_dollars: Levels });

export interface Orderbook {
  ticker: string;
  /** YES bids ascending by price (best last). */
  yes: BookLevel[];
  /** NO bids ascending by NO price (best last). */
  no: BookLevel[];
}

export const MarketOrderbookSchema = z
  .looseObject({ ticker: z.string().min(1), orderbook_fp: OrderbookFpSchema })
  .transform((r): Orderbook => ({ ticker: r.ticker, yes: r.orderbook_fp.yes_dollars, no: r.orderbook_fp.no_dollars }));

export const SettlementSourceSchema = z.looseObject({ name: optString, url: optString });

/** Events: nested markets (with_nested_markets) are validated one by one by the caller, so kept as unknown here. */
export const EventSchema = z.looseObject({
  event_ticker: z.string().min(1),
  series_ticker: z.string(),
  title: z.string(),
  sub_title: optString,
  mutually_exclusive: optBool,
  collateral_return_type: optString,
  strike_date: optTime,
  strike_period: optString,
  last_updated_ts: optString,
  exchange_index: optInt,
  settlement_sources: z.array(SettlementSourceSchema).nullish(),
  // `markets` (with_nested_markets) passes through untouched and is validated market by market.
});
export type EventRaw = z.output<typeof EventSchema>;
/** An event; `markets` is present (validated) only when nested markets were requested. */
export type KalshiEvent = EventRaw & { markets?: Market[] };

export const SeriesSchema = derive(
  z.looseObject({
    ticker: z.string().min(1),
    title: z.string(),
    category: z.string(),
    categories: z.array(z.string()).nullish(),
    tags: z.array(z.string()).nullish(),
    frequency: optString,
    fee_type: optString,
    fee_multiplier: z.number().nullish(),
    volume_fp: optCount,
    last_updated_ts: optString,
    exchange_index: optInt,
    settlement_sources: z.array(SettlementSourceSchema).nullish(),
    contract_url: optString,
    contract_terms_url: optString,
  }),
  { counts: ['volume_fp'] },
);
export type Series = z.output<typeof SeriesSchema>;

export const ExchangeStatusSchema = z.looseObject({
  exchange_active: z.boolean(),
  trading_active: z.boolean(),
  intra_exchange_transfers_active: optBool,
  exchange_estimated_resume_time: z.string().nullish(),
  exchange_index_statuses: z
    .array(
      z.looseObject({
        exchange_index: z.number().int(),
        description: optString,
        exchange_active: z.boolean(),
        trading_active: z.boolean(),
        intra_exchange_transfers_active: optBool,
      }),
    )
    .nullish(),
});
export type ExchangeStatus = z.output<typeof ExchangeStatusSchema>;

const BidAskDistributionSchema = derive(
  z.looseObject({ open_dollars: dollarsString, low_dollars: dollarsString, high_dollars: dollarsString, close_dollars: dollarsString }),
  { dollars: ['open_dollars', 'low_dollars', 'high_dollars', 'close_dollars'] },
);
const PriceDistributionSchema = derive(
  z.looseObject({
    open_dollars: optDollars,
    low_dollars: optDollars,
    high_dollars: optDollars,
    close_dollars: optDollars,
    mean_dollars: optDollars,
    previous_dollars: optDollars,
    min_dollars: optDollars,
    max_dollars: optDollars,
  }),
  {
    dollars: ['open_dollars', 'low_dollars', 'high_dollars', 'close_dollars', 'mean_dollars', 'previous_dollars', 'min_dollars', 'max_dollars'],
  },
);

export const CandlestickSchema = derive(
  z.looseObject({
    end_period_ts: z.number().int(),
    yes_bid: BidAskDistributionSchema,
    yes_ask: BidAskDistributionSchema,
    price: PriceDistributionSchema,
    volume_fp: countString,
    open_interest_fp: countString,
  }),
  { counts: ['volume_fp', 'open_interest_fp'] },
);
export type Candlestick = z.output<typeof CandlestickSchema>;

/**
 * `GET /historical/markets/{ticker}/candlesticks` (MarketCandlestickHistorical): the same OHLC as
 * {@link CandlestickSchema} but without the `_dollars`/`_fp` suffixes (`yes_bid.open`, `volume`).
 */
const BidAskDistributionHistoricalSchema = derive(
  z.looseObject({ open: dollarsString, low: dollarsString, high: dollarsString, close: dollarsString }),
  { dollars: ['open', 'low', 'high', 'close'] },
);
const PriceDistributionHistoricalSchema = derive(
  z.looseObject({ open: optDollars, low: optDollars, high: optDollars, close: optDollars, mean: optDollars, previous: optDollars }),
  { dollars: ['open', 'low', 'high', 'close', 'mean', 'previous'] },
);
export const HistoricalCandlestickSchema = derive(
  z.looseObject({
    end_period_ts: z.number().int(),
    yes_bid: BidAskDistributionHistoricalSchema,
    yes_ask: BidAskDistributionHistoricalSchema,
    price: PriceDistributionHistoricalSchema,
    volume: countString,
    open_interest: countString,
  }),
  { counts: ['volume', 'open_interest'] },
);
export type HistoricalCandlestick = z.output<typeof HistoricalCandlestickSchema>;

/**
 * A candlestick as plain numbers, for bulk use (a 1-minute request returns thousands): prices in
 * micro-dollars, counts in centi-contracts. Produced by {@link candleNumbers}, which accepts exactly
 * what {@link CandlestickSchema} / {@link HistoricalCandlestickSchema} accept.
 */
export interface CandleNumbers {
  end_period_ts: number;
  /** YES bid open, low, high, close */
  yes_bid: [number, number, number, number];
  /** YES ask open, low, high, close */
  yes_ask: [number, number, number, number];
  /** trade price open, low, high, close, mean, previous: null in a period without trades */
  price: [number | null, number | null, number | null, number | null, number | null, number | null];
  volume_centi: number;
  open_interest_centi: number;
}

/** A string `DOLLARS_RE`/`COUNT_RE` accepts → its exact integer in units of 10^-decimals; null when too large for a double. */
function fixedToNumber(x: string, decimals: number): number | null {
  const neg = x.charCodeAt(0) === 45;
  const body = neg ? x.slice(1) : x;
  const dot = body.indexOf('.');
  const int = dot === -1 ? body : body.slice(0, dot);
  if (int.length > 9) return null;
  const frac = dot === -1 ? '' : body.slice(dot + 1, dot + 1 + decimals);
  const n = Number(int) * 10 ** decimals + (frac === '' ? 0 : Number(frac) * 10 ** (decimals - frac.length));
  return neg ? -n : n;
}

const BA_KEYS = ['open', 'low', 'high', 'close'] as const;
const PRICE_KEYS = ['open', 'low', 'high', 'close', 'mean', 'previous'] as const;

/**
 * Validates one raw candle of either shape (live `*_dollars`/`*_fp`, or historical without the
 * suffixes) by hand, about 50× cheaper than zod, and returns it as numbers; `null` when it is not
 * exactly what the zod schema accepts (the caller then lets zod reject and report it).
 */
export function candleNumbers(raw: unknown, historical: boolean): CandleNumbers | null {
  if (!isObj(raw) || !Number.isInteger(raw.end_period_ts)) return null;
  const sfx = historical ? '' : '_dollars';
  const ba = (v: unknown): [number, number, number, number] | null => {
    if (!isObj(v)) return null;
    const out: number[] = [];
    for (const k of BA_KEYS) {
      const x = v[k + sfx];
      if (typeof x !== 'string' || !DOLLARS_RE.test(x)) return null;
      const n = fixedToNumber(x, 6);
      if (n === null) return null;
      out.push(n);
    }
    return out as [number, number, number, number];
  };
  const yesBid = ba(raw.yes_bid);
  const yesAsk = ba(raw.yes_ask);
  const p = raw.price;
  if (!yesBid || !yesAsk || !isObj(p)) return null;
  const price: (number | null)[] = [];
  for (const k of PRICE_KEYS) {
    const x = p[k + sfx];
    // like the zod schemas, an absent trade price reads as null (no trade in the period)
    if (x === undefined || x === null) price.push(null);
    else if (typeof x === 'string' && DOLLARS_RE.test(x)) {
      const n = fixedToNumber(x, 6);
      if (n === null) return null;
      price.push(n);
    } else return null;
  }
  if (!historical) {
    for (const k of ['min_dollars', 'max_dollars']) {
      const x = p[k];
      if (x !== undefined && x !== null && (typeof x !== 'string' || !DOLLARS_RE.test(x))) return null;
    }
  }
  const vol = raw[historical ? 'volume' : 'volume_fp'];
  const oi = raw[historical ? 'open_interest' : 'open_interest_fp'];
  if (typeof vol !== 'string' || !COUNT_RE.test(vol) || typeof oi !== 'string' || !COUNT_RE.test(oi)) return null;
  const v = fixedToNumber(vol, 2);
  const o = fixedToNumber(oi, 2);
  if (v === null || o === null) return null;
  return { end_period_ts: raw.end_period_ts as number, yes_bid: yesBid, yes_ask: yesAsk, price: price as CandleNumbers['price'], volume_centi: v, open_interest_centi: o };
}

/** The numbers of a candle zod accepted (either shape: both carry the same derived siblings). */
export function candleNumbersOf(c: Candlestick | HistoricalCandlestick): CandleNumbers {
  const d = c as unknown as { end_period_ts: number; yes_bid: Record<string, bigint>; yes_ask: Record<string, bigint>; price: Record<string, bigint | null>; volume_centi: bigint; open_interest_centi: bigint };
  const num = (x: bigint | null | undefined) => (x === null || x === undefined ? null : Number(x));
  const ba = (x: Record<string, bigint>) => BA_KEYS.map((k) => Number(x[`${k}_micros`])) as [number, number, number, number];
  return {
    end_period_ts: d.end_period_ts,
    yes_bid: ba(d.yes_bid),
    yes_ask: ba(d.yes_ask),
    price: PRICE_KEYS.map((k) => num(d.price[`${k}_micros`])) as CandleNumbers['price'],
    volume_centi: Number(d.volume_centi),
    open_interest_centi: Number(d.open_interest_centi),
  };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `GET /historical/cutoff`: data settled/created before these times is only under `/historical/*`. */
export const HistoricalCutoffSchema = derive(
  z.looseObject({
    market_settled_ts: timeString,
    trades_created_ts: timeString,
    orders_updated_ts: timeString,
    market_positions_last_updated_ts: optTime,
  }),
  { times: ['market_settled_ts', 'trades_created_ts', 'orders_updated_ts', 'market_positions_last_updated_ts'] },
);
export type HistoricalCutoff = z.output<typeof HistoricalCutoffSchema>;

// ---------------------------------------------------------------------------------------------------------
// Portfolio

export const BalanceSchema = z
  .looseObject({
    balance: z.number().int(),
    balance_dollars: optDollars,
    portfolio_value: z.number().int(),
    updated_ts: optInt,
    balance_breakdown: z.array(derive(z.looseObject({ exchange_index: z.number().int(), balance: dollarsString }), { dollars: ['balance'] })).nullish(),
  })
  .transform((r) => ({
    ...r,
    /** Exact balance: from `balance_dollars` when present, else from integer cents. */
    balance_micros: typeof r.balance_dollars === 'string' ? parseDollars(r.balance_dollars) : BigInt(r.balance) * 10_000n,
    portfolio_value_micros: BigInt(r.portfolio_value) * 10_000n,
  }));
export type Balance = z.output<typeof BalanceSchema>;

export const CreateOrderResponseSchema = derive(
  z.looseObject({
    order_id: z.string().min(1),
    client_order_id: optString,
    fill_count: countString,
    remaining_count: countString,
    average_fill_price: optDollars,
    average_fee_paid: optDollars,
    ts_ms: optInt,
  }),
  { counts: ['fill_count', 'remaining_count'], dollars: ['average_fill_price', 'average_fee_paid'] },
);
export type CreateOrderResult = z.output<typeof CreateOrderResponseSchema>;

export const CancelOrderResponseSchema = derive(
  z.looseObject({ order_id: z.string().min(1), client_order_id: optString, reduced_by: countString, ts_ms: optInt }),
  { counts: ['reduced_by'] },
);
export type CancelOrderResult = z.output<typeof CancelOrderResponseSchema>;

export const OrderSchema = derive(
  z.looseObject({
    order_id: z.string().min(1),
    user_id: optString,
    client_order_id: optString,
    ticker: z.string().min(1),
    outcome_side: OutcomeSide,
    book_side: BookSide,
    type: optString,
    /** `resting | canceled | executed` */
    status: z.string(),
    yes_price_dollars: dollarsString,
    no_price_dollars: dollarsString,
    fill_count_fp: countString,
    remaining_count_fp: countString,
    initial_count_fp: countString,
    taker_fees_dollars: optDollars,
    maker_fees_dollars: optDollars,
    taker_fill_cost_dollars: optDollars,
    maker_fill_cost_dollars: optDollars,
    expiration_time: optTime,
    created_time: optTime,
    last_update_time: optTime,
    self_trade_prevention_type: optString,
    order_group_id: optString,
    cancel_order_on_pause: optBool,
    subaccount_number: optInt,
    exchange_index: optInt,
  }),
  {
    dollars: ['yes_price_dollars', 'no_price_dollars', 'taker_fees_dollars', 'maker_fees_dollars', 'taker_fill_cost_dollars', 'maker_fill_cost_dollars'],
    counts: ['fill_count_fp', 'remaining_count_fp', 'initial_count_fp'],
    times: ['created_time', 'last_update_time'],
  },
);
export type Order = z.output<typeof OrderSchema>;

export const MarketPositionSchema = derive(
  z.looseObject({
    ticker: z.string().min(1),
    exchange_index: optInt,
    /** Negative = NO contracts, positive = YES. */
    position_fp: countString,
    total_traded_dollars: dollarsString,
    market_exposure_dollars: dollarsString,
    realized_pnl_dollars: dollarsString,
    fees_paid_dollars: dollarsString,
    last_updated_ts: optString,
  }),
  {
    dollars: ['total_traded_dollars', 'market_exposure_dollars', 'realized_pnl_dollars', 'fees_paid_dollars'],
    counts: ['position_fp'],
  },
);
export type MarketPosition = z.output<typeof MarketPositionSchema>;

export const EventPositionSchema = derive(
  z.looseObject({
    event_ticker: z.string().min(1),
    total_cost_dollars: dollarsString,
    total_cost_shares_fp: countString,
    event_exposure_dollars: dollarsString,
    realized_pnl_dollars: dollarsString,
    fees_paid_dollars: dollarsString,
  }),
  {
    dollars: ['total_cost_dollars', 'event_exposure_dollars', 'realized_pnl_dollars', 'fees_paid_dollars'],
    counts: ['total_cost_shares_fp'],
  },
);
export type EventPosition = z.output<typeof EventPositionSchema>;

export const FillSchema = derive(
  z.looseObject({
    fill_id: z.string().min(1),
    trade_id: optString,
    order_id: z.string().min(1),
    ticker: z.string().min(1),
    market_ticker: optString,
    exchange_index: optInt,
    outcome_side: OutcomeSide,
    book_side: BookSide,
    count_fp: countString,
    yes_price_dollars: dollarsString,
    no_price_dollars: dollarsString,
    is_taker: z.boolean(),
    fee_cost: dollarsString,
    created_time: optTime,
    ts: optInt,
    subaccount_number: optInt,
  }),
  { dollars: ['yes_price_dollars', 'no_price_dollars', 'fee_cost'], counts: ['count_fp'], times: ['created_time'] },
);
export type Fill = z.output<typeof FillSchema>;

export const SettlementSchema = derive(
  z
    .looseObject({
      ticker: z.string().min(1),
      event_ticker: z.string(),
      exchange_index: optInt,
      market_result: z.string(),
      yes_count_fp: countString,
      yes_total_cost_dollars: dollarsString,
      no_count_fp: countString,
      no_total_cost_dollars: dollarsString,
      /** Integer cents. */
      revenue: z.number().int(),
      settled_time: timeString,
      fee_cost: dollarsString,
      /** YES payout per contract, integer cents. */
      value: optInt,
    })
    .transform((r) => ({ ...r, revenue_micros: BigInt(r.revenue) * 10_000n })),
  {
    dollars: ['yes_total_cost_dollars', 'no_total_cost_dollars', 'fee_cost'],
    counts: ['yes_count_fp', 'no_count_fp'],
    times: ['settled_time'],
  },
);
export type Settlement = z.output<typeof SettlementSchema>;

const BucketLimitSchema = z.looseObject({ refill_rate: z.number().positive(), bucket_capacity: z.number().positive() });
export const AccountLimitsSchema = z.looseObject({
  usage_tier: z.string(),
  read: BucketLimitSchema,
  write: BucketLimitSchema,
  grants: z.array(z.looseObject({ level: optString, source: optString, exchange_instance: optString, expires_ts: optInt })).nullish(),
});
export type AccountLimits = z.output<typeof AccountLimitsSchema>;

export const EndpointCostsSchema = z.looseObject({
  default_cost: z.number().int().positive(),
  endpoint_costs: z.array(z.looseObject({ method: z.string(), path: z.string(), cost: z.number().int().nonnegative() })).nullish(),
});

// ---------------------------------------------------------------------------------------------------------
// WebSocket messages (asyncapi.yaml). `msg` bodies are validated like REST records.

export const WsTradeSchema = derive(
  z.looseObject({
    trade_id: z.string().min(1),
    market_ticker: z.string().min(1),
    yes_price_dollars: dollarsString,
    no_price_dollars: dollarsString,
    count_fp: countString,
    taker_outcome_side: OutcomeSide,
    taker_book_side: BookSide,
    taker_side: OutcomeSide.nullish(),
    is_block_trade: optBool,
    ts: optInt,
    ts_ms: z.number().int(),
  }),
  { dollars: ['yes_price_dollars', 'no_price_dollars'], counts: ['count_fp'] },
);
export type WsTrade = z.output<typeof WsTradeSchema>;

export const WsTickerSchema = derive(
  z.looseObject({
    market_ticker: z.string().min(1),
    market_id: optString,
    price_dollars: dollarsString,
    yes_bid_dollars: dollarsString,
    yes_ask_dollars: dollarsString,
    yes_bid_size_fp: countString,
    yes_ask_size_fp: countString,
    last_trade_size_fp: optCount,
    volume_fp: countString,
    open_interest_fp: countString,
    dollar_volume: z.number().nullish(),
    dollar_open_interest: z.number().nullish(),
    ts_ms: z.number().int(),
  }),
  {
    dollars: ['price_dollars', 'yes_bid_dollars', 'yes_ask_dollars'],
    counts: ['yes_bid_size_fp', 'yes_ask_size_fp', 'last_trade_size_fp', 'volume_fp', 'open_interest_fp'],
  },
);
export type WsTicker = z.output<typeof WsTickerSchema>;

export const WsOrderbookSnapshotSchema = z
  .looseObject({ market_ticker: z.string().min(1), market_id: optString, yes_dollars_fp: Levels, no_dollars_fp: Levels })
  .transform((r) => ({ ...r, yes: r.yes_dollars_fp, no: r.no_dollars_fp }));
export type WsOrderbookSnapshot = z.output<typeof WsOrderbookSnapshotSchema>;

export const WsOrderbookDeltaSchema = derive(
  z.looseObject({
    market_ticker: z.string().min(1),
    market_id: optString,
    price_dollars: dollarsString,
    delta_fp: countString,
    side: OutcomeSide,
    ts_ms: optInt,
    client_order_id: optString,
    subaccount: optInt,
  }),
  { dollars: ['price_dollars'], counts: ['delta_fp'] },
);
export type WsOrderbookDelta = z.output<typeof WsOrderbookDeltaSchema>;

export const WsMarketLifecycleSchema = z.looseObject({
  /** `created | activated | deactivated | close_date_updated | determined | settled | price_level_structure_updated | metadata_updated` */
  event_type: z.string(),
  market_ticker: z.string().min(1),
  open_ts: optInt,
  close_ts: optInt,
  determination_ts: optInt,
  settled_ts: optInt,
  result: optString,
  settlement_value: optString,
  is_deactivated: optBool,
  exchange_index: optInt,
  price_level_structure: optString,
  price_ranges: z.array(PriceRangeSchema).nullish(),
  additional_metadata: z.record(z.string(), z.unknown()).nullish(),
});
export type WsMarketLifecycle = z.output<typeof WsMarketLifecycleSchema>;

export const WsEventLifecycleSchema = z.looseObject({ event_ticker: z.string().min(1), series_ticker: optString, title: optString });
export type WsEventLifecycle = z.output<typeof WsEventLifecycleSchema>;

export const WsEventFeeUpdateSchema = z.looseObject({ event_ticker: z.string().min(1) });
export type WsEventFeeUpdate = z.output<typeof WsEventFeeUpdateSchema>;

// ---------------------------------------------------------------------------------------------------------
// Envelopes are parsed loosely: anything missing becomes "no records", the cursor may be "" or null.

export function pageEnvelope(json: unknown, key: string): { items: unknown[]; cursor: string | null; ok: boolean } {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return { items: [], cursor: null, ok: false };
  const o = json as Record<string, unknown>;
  const raw = o[key];
  const items = Array.isArray(raw) ? raw : [];
  const c = o.cursor;
  const cursor = typeof c === 'string' && c !== '' ? c : null;
  return { items, cursor, ok: Array.isArray(raw) || raw === null || raw === undefined };
}
