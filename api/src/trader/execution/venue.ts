// Where orders go. Paper and live share everything but this: the paper venue fills an IOC limit
// order by walking the current book and charges the exact fee; the live venue sends a V2 IOC
// order with our client_order_id and reads the exchange's own fills.
import { randomUUID } from 'node:crypto';
import type { KalshiClient } from '../../kalshi/index.ts';
import { type FeeSchedule, orderFeeMicros } from '../fees.ts';
import type { Side } from '../scanner/criteria.ts';
import { walkBook } from './book.ts';

export interface VenueOrder {
  clientOrderId: string;
  ticker: string;
  side: Side;
  action: 'BUY' | 'SELL';
  /** Held-side limit: the most we pay (BUY) or the least we accept (SELL). */
  limitMicros: bigint;
  countCenti: bigint;
  fee: FeeSchedule;
}

export interface VenueFill {
  fillId: string;
  priceMicros: bigint;
  countCenti: bigint;
  feeMicros: bigint;
  isTaker: boolean;
  createdAt: Date;
}

export interface VenueResult {
  exchangeOrderId: string;
  /** What the exchange said filled when it answered the order: the truth even before fills are readable. */
  filledCenti: bigint;
  fills: VenueFill[];
  /** The create response's own averages (held-side price, fee per contract), when anything filled. */
  reported?: { avgPriceMicros: bigint; avgFeeMicros: bigint } | null;
}

export interface Venue {
  mode: 'PAPER' | 'LIVE';
  place(order: VenueOrder): Promise<VenueResult>;
}

/** Per-fill fees whose running total is rounded once per order, as Kalshi charges them. */
export function splitOrderFee(fee: FeeSchedule, fills: readonly { priceMicros: bigint; countCenti: bigint }[]): bigint[] {
  const out: bigint[] = [];
  let charged = 0n;
  for (let i = 0; i < fills.length; i++) {
    const total = orderFeeMicros(fee, fills.slice(0, i + 1));
    out.push(total - charged);
    charged = total;
  }
  return out;
}

export function createPaperVenue(kalshi: Pick<KalshiClient, 'getOrderbook'>, now: () => Date): Venue {
  return {
    mode: 'PAPER',
    async place(order) {
      const book = await kalshi.getOrderbook(order.ticker);
      const fills = walkBook(book, order);
      const fees = splitOrderFee(order.fee, fills);
      const at = now();
      return {
        exchangeOrderId: `paper-${order.clientOrderId}`,
        filledCenti: fills.reduce((a, f) => a + f.countCenti, 0n),
        fills: fills.map((f, i) => ({ fillId: `paper-${randomUUID()}`, priceMicros: f.priceMicros, countCenti: f.countCenti, feeMicros: fees[i]!, isTaker: true, createdAt: at })),
      };
    },
  };
}

/** V2 direction: buying YES or selling NO is a bid; buying NO or selling YES is an ask. Price is the YES leg. */
export function toV2(order: Pick<VenueOrder, 'side' | 'action' | 'limitMicros'>): { side: 'bid' | 'ask'; yesPriceMicros: bigint } {
  const bid = (order.side === 'YES') === (order.action === 'BUY');
  return { side: bid ? 'bid' : 'ask', yesPriceMicros: order.side === 'YES' ? order.limitMicros : 1_000_000n - order.limitMicros };
}

export function createLiveVenue(kalshi: Pick<KalshiClient, 'createOrder' | 'listFills'>): Venue {
  return {
    mode: 'LIVE',
    async place(order) {
      const v2 = toV2(order);
      // Kalshi has no market orders: an IOC limit at our capped price takes what is there, then cancels.
      const res = await kalshi.createOrder({
        ticker: order.ticker,
        side: v2.side,
        count: order.countCenti,
        price: v2.yesPriceMicros,
        time_in_force: 'immediate_or_cancel',
        client_order_id: order.clientOrderId,
        ...(order.action === 'SELL' ? { reduce_only: true } : {}),
      });
      // Kalshi's portfolio reads lag the matching engine: the fills may not be listed yet. The
      // create response's fill count and averages stand until they are (reconcile imports them).
      let fills: VenueFill[] = [];
      try {
        fills = await readFills(kalshi, res.order_id, order.side);
      } catch {
        fills = [];
      }
      const avgYes = res.average_fill_price_micros;
      const reported =
        res.fill_count_centi > 0n && avgYes !== null && avgYes !== undefined
          ? { avgPriceMicros: order.side === 'YES' ? avgYes : 1_000_000n - avgYes, avgFeeMicros: res.average_fee_paid_micros ?? 0n }
          : null;
      return { exchangeOrderId: res.order_id, filledCenti: res.fill_count_centi, fills, reported };
    },
  };
}

export async function readFills(kalshi: Pick<KalshiClient, 'listFills'>, orderId: string, held: Side): Promise<VenueFill[]> {
  const out: VenueFill[] = [];
  for await (const f of kalshi.listFills({ order_id: orderId })) {
    out.push({
      fillId: f.fill_id,
      priceMicros: held === 'YES' ? f.yes_price_micros : f.no_price_micros,
      countCenti: f.count_centi,
      feeMicros: f.fee_cost_micros,
      isTaker: f.is_taker,
      createdAt: new Date(f.created_time_ms ?? (f.ts ? f.ts * 1000 : Date.now())),
    });
  }
  return out;
}
