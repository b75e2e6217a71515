import type { KeyObject } from 'node:crypto';

export interface Position {
  mkt: number;
  /** signed centi-contracts: positive YES, negative NO */
  posCc: number;
  /** cost basis of the open position, micro-dollars */
  costMicro: number;
  totalTradedMicro: number;
  realizedMicro: number;
  feesMicro: number;
  lastUpdatedMs: number;
  /** running totals for the settlement record */
  yesBoughtCc: number;
  yesCostMicro: number;
  noBoughtCc: number;
  noCostMicro: number;
}

export interface Order {
  orderId: string;
  userId: string;
  clientOrderId: string;
  mkt: number;
  side: 'bid' | 'ask';
  /** YES-leg limit price, pips */
  price: number;
  initialCc: number;
  remainingCc: number;
  filledCc: number;
  status: 'resting' | 'canceled' | 'executed';
  tif: string;
  postOnly: boolean;
  stp: string;
  expirationS: number | null;
  createdMs: number;
  updatedMs: number;
  takerFillCostMicro: number;
  makerFillCostMicro: number;
  takerFeesMicro: number;
  makerFeesMicro: number;
  /** cumulative unrounded fee numerators, so fees round up once per order */
  takerFeeNum: bigint;
  makerFeeNum: bigint;
  reservedMicro: number;
  seq: number;
  subaccount: number;
  cancelOnPause: boolean;
}

export interface Fill {
  fillId: string;
  orderId: string;
  mkt: number;
  side: 'bid' | 'ask';
  cc: number;
  price: number;
  isTaker: boolean;
  feeMicro: number;
  tsMs: number;
  seq: number;
  clientOrderId: string;
  postPositionCc: number;
}

export interface SettlementRec {
  mkt: number;
  result: 'yes' | 'no';
  yesCc: number;
  yesCostMicro: number;
  noCc: number;
  noCostMicro: number;
  revenueCents: number;
  feesMicro: number;
  tsMs: number;
  seq: number;
}

export interface Account {
  userId: string;
  /** Cash over every shard. */
  cashMicro: number;
  /**
   * Cash per exchange shard, when the account holds collateral apart per shard (Kalshi since
   * Aug 2026: an order draws only on its market's shard). Absent: one pool serves every shard
   * (as with Kalshi's target allocation), reported on shard 0.
   */
  shardCashMicro?: Map<number, number>;
  positions: Map<number, Position>;
  orders: Order[];
  fills: Fill[];
  settlements: SettlementRec[];
  clientOrders: Map<string, { order: Order; response: Record<string, unknown> }>;
  updatedMs: number;
  /** API usage tier GET /account/limits reports (Kalshi's default after signup: basic). */
  usageTier?: UsageTier;
}

export type UsageTier = 'basic' | 'advanced' | 'expert' | 'premier' | 'paragon' | 'prime' | 'prestige';

/**
 * Token-bucket budgets per tier as Kalshi documents them (docs of 2026-08-19): tokens per second and
 * burst; Basic and Advanced Read buckets and Write buckets above Basic hold 2 s, the rest 1 s.
 */
export const TIER_BUDGETS: Record<UsageTier, { read: { refill_rate: number; bucket_capacity: number }; write: { refill_rate: number; bucket_capacity: number } }> = {
  basic: { read: { refill_rate: 200, bucket_capacity: 400 }, write: { refill_rate: 100, bucket_capacity: 100 } },
  advanced: { read: { refill_rate: 300, bucket_capacity: 600 }, write: { refill_rate: 300, bucket_capacity: 600 } },
  expert: { read: { refill_rate: 600, bucket_capacity: 600 }, write: { refill_rate: 600, bucket_capacity: 1200 } },
  premier: { read: { refill_rate: 1000, bucket_capacity: 1000 }, write: { refill_rate: 1000, bucket_capacity: 2000 } },
  paragon: { read: { refill_rate: 2000, bucket_capacity: 2000 }, write: { refill_rate: 2000, bucket_capacity: 4000 } },
  prime: { read: { refill_rate: 4000, bucket_capacity: 4000 }, write: { refill_rate: 4000, bucket_capacity: 8000 } },
  prestige: { read: { refill_rate: 10000, bucket_capacity: 10000 }, write: { refill_rate: 8000, bucket_capacity: 16000 } },
};

export interface ApiKey {
  keyId: string;
  userId: string;
  publicKey: KeyObject;
}

export function emptyPosition(mkt: number, now: number): Position {
  return {
    mkt, posCc: 0, costMicro: 0, totalTradedMicro: 0, realizedMicro: 0, feesMicro: 0, lastUpdatedMs: now,
    yesBoughtCc: 0, yesCostMicro: 0, noBoughtCc: 0, noCostMicro: 0,
  };
}

/**
 * Apply a fill to a position. `outcome` is what the user bought; `legPrice` what they paid per
 * contract for that outcome (pips). Opposite contracts pair off and redeem for $1 each, which
 * is how Kalshi nets YES against NO.
 * Returns the cash delta in micro-dollars (excluding fees).
 */
export function applyFill(p: Position, outcome: 'yes' | 'no', legPrice: number, cc: number, now: number): number {
  const cost = legPrice * cc;
  p.totalTradedMicro += cost;
  p.lastUpdatedMs = now;
  if (outcome === 'yes') { p.yesBoughtCc += cc; p.yesCostMicro += cost; } else { p.noBoughtCc += cc; p.noCostMicro += cost; }
  let cash = -cost;
  const sign = outcome === 'yes' ? 1 : -1;
  const opposing = p.posCc * sign < 0 ? Math.abs(p.posCc) : 0;
  const close = Math.min(cc, opposing);
  if (close > 0) {
    const basisRemoved = Math.round((p.costMicro * close) / opposing);
    p.costMicro -= basisRemoved;
    const closeCost = Math.round((cost * close) / cc);
    cash += close * 10000; // each pair redeems for $1 = 10000 pips × 1 centi... see note below
    // pips × centi-contracts = micro-dollars, so $1 per contract = 10000 × cc micro-dollars
    p.realizedMicro += close * 10000 - basisRemoved - closeCost;
    p.posCc += sign * close;
  }
  const open = cc - close;
  if (open > 0) {
    p.costMicro += cost - Math.round((cost * close) / cc);
    p.posCc += sign * open;
  }
  return cash;
}
