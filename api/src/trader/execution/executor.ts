// Order placement with its bookkeeping, identical for paper and live. The order row (with its
// client_order_id) is written BEFORE anything is sent: a crash and a retry can then only find the
// same order again (Kalshi answers a repeated client_order_id with the original), never buy twice.
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@sentinel/db';
import { recordError } from '../../errors/error-log.ts';
import type { FeeSchedule } from '../fees.ts';
import { centiToDec, decToCenti, decToMicros, microsToDec } from '../money.ts';
import type { ApprovedOrder } from '../risk/limits.ts';
import type { Side } from '../scanner/criteria.ts';
import type { Venue, VenueFill } from './venue.ts';

export interface ExecDeps {
  prisma: PrismaClient;
  venue: Venue;
  secrets: readonly string[];
  now: () => Date;
}

export interface PlacedOrder {
  orderId: string;
  status: 'EXECUTED' | 'CANCELED' | 'REJECTED' | 'FAILED';
  fills: VenueFill[];
  filledCenti: bigint;
  costMicros: bigint;
  feeMicros: bigint;
  /** The exchange reported more filled than it listed yet: trader-reconcile confirms the rest. */
  fillsPending?: boolean;
  error?: string;
}

function sumFills(fills: readonly VenueFill[]) {
  let cc = 0n;
  let cost = 0n;
  let fee = 0n;
  for (const f of fills) {
    cc += f.countCenti;
    cost += (f.countCenti * f.priceMicros) / 100n;
    fee += f.feeMicros;
  }
  return { cc, cost, fee, avg: cc > 0n ? (cost * 100n) / cc : null };
}

/** Places one IOC order through the venue and records the order and its fills. Never throws on a refusal. */
export async function placeOrder(
  deps: ExecDeps,
  spec: {
    ticker: string;
    side: Side;
    action: 'BUY' | 'SELL';
    purpose: 'ENTRY' | 'STOP_LOSS' | 'EXIT';
    limitMicros: bigint;
    countCenti: bigint;
    fee: FeeSchedule;
    positionId?: string;
    decisionId?: string;
  },
): Promise<PlacedOrder> {
  const clientOrderId = randomUUID();
  const row = await deps.prisma.traderOrder.create({
    data: {
      clientOrderId,
      mode: deps.venue.mode,
      ticker: spec.ticker,
      side: spec.side,
      action: spec.action,
      purpose: spec.purpose,
      limitPrice: microsToDec(spec.limitMicros),
      count: centiToDec(spec.countCenti),
      status: 'PENDING',
      positionId: spec.positionId ?? null,
      decisionId: spec.decisionId ?? null,
      // The job's clock, not the database's: the daily budget and the stale-order check compare it with that clock.
      createdAt: deps.now(),
    },
  });
  let result;
  try {
    result = await deps.venue.place({ clientOrderId, ticker: spec.ticker, side: spec.side, action: spec.action, limitMicros: spec.limitMicros, countCenti: spec.countCenti, fee: spec.fee });
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    // A 4xx is a refusal (nothing happened); anything else may have landed: reconcile decides.
    const status = (error as { status?: number }).status;
    const refused = typeof status === 'number' && status >= 400 && status < 500 && status !== 409 && status !== 429;
    await deps.prisma.traderOrder.update({ where: { id: row.id }, data: { status: refused ? 'REJECTED' : 'PENDING', error: message.slice(0, 2000) } });
    await recordError(deps.prisma, deps.secrets, {
      source: 'trader:order',
      error,
      context: { ticker: spec.ticker, side: spec.side, action: spec.action, purpose: spec.purpose, clientOrderId, mode: deps.venue.mode },
    }).catch(() => {});
    return { orderId: row.id, status: refused ? 'REJECTED' : 'FAILED', fills: [], filledCenti: 0n, costMicros: 0n, feeMicros: 0n, error: message };
  }
  const t = sumFills(result.fills);
  const filled = result.filledCenti > t.cc ? result.filledCenti : t.cc;
  const status = filled > 0n ? 'EXECUTED' : 'CANCELED';
  // Fewer fills listed than the exchange reported filled (portfolio lag): the rest is valued from
  // the create response's averages now, and replaced by the real fills when reconcile reads them.
  const { costMicros, feeMicros } = filled > t.cc && result.reported ? fromReport(t, filled, result.reported) : { costMicros: t.cost, feeMicros: t.fee };
  await deps.prisma.$transaction([
    deps.prisma.traderFill.createMany({
      data: result.fills.map((f) => ({
        fillId: f.fillId,
        orderId: row.id,
        ticker: spec.ticker,
        side: spec.side,
        action: spec.action,
        count: centiToDec(f.countCenti),
        price: microsToDec(f.priceMicros),
        fee: microsToDec(f.feeMicros),
        isTaker: f.isTaker,
        createdAt: f.createdAt,
      })),
      skipDuplicates: true,
    }),
    deps.prisma.traderOrder.update({
      where: { id: row.id },
      data: {
        exchangeOrderId: result.exchangeOrderId,
        filledCount: centiToDec(filled),
        averageFillPrice: filled > 0n ? microsToDec((costMicros * 100n) / filled) : null,
        feesPaid: microsToDec(feeMicros),
        status,
      },
    }),
  ]);
  return { orderId: row.id, status, fills: result.fills, filledCenti: filled, costMicros, feeMicros, fillsPending: filled > t.cc };
}

/** Listed fills plus the unlisted remainder at the reported averages; the order's fee in whole cents. */
function fromReport(t: ReturnType<typeof sumFills>, filled: bigint, r: { avgPriceMicros: bigint; avgFeeMicros: bigint }) {
  const rest = filled - t.cc;
  const costMicros = t.cost + (rest * r.avgPriceMicros) / 100n;
  const reportedFee = (filled * r.avgFeeMicros) / 100n;
  const feeMicros = ((reportedFee + 5_000n) / 10_000n) * 10_000n;
  return { costMicros, feeMicros: feeMicros > t.fee ? feeMicros : t.fee };
}

/** Buys an approved order and opens the position from the fills actually received. */
export async function enterPosition(deps: ExecDeps, approved: ApprovedOrder, decisionId: string) {
  const placed = await placeOrder(deps, {
    ticker: approved.ticker,
    side: approved.side,
    action: 'BUY',
    purpose: 'ENTRY',
    limitMicros: approved.limitMicros,
    countCenti: approved.countCenti,
    fee: approved.candidate.fee,
    decisionId,
  });
  if (placed.filledCenti <= 0n) return { placed, position: null };
  const c = approved.candidate;
  const position = await deps.prisma.position.create({
    data: {
      mode: deps.venue.mode,
      ticker: approved.ticker,
      seriesTicker: c.seriesTicker,
      category: c.category,
      title: c.title.slice(0, 500),
      side: approved.side,
      contracts: centiToDec(placed.filledCenti),
      entryPrice: microsToDec((placed.costMicros * 100n) / placed.filledCenti),
      cost: microsToDec(placed.costMicros),
      entryFees: microsToDec(placed.feeMicros),
      aiProbability: approved.probability,
      aiConfidence: approved.confidence,
      aiReasoning: approved.reasoning.slice(0, 4000),
      riskFactors: approved.riskFactors,
      decisionId,
      openedAt: deps.now(),
      orders: { connect: { id: placed.orderId } },
    },
  });
  return { placed, position };
}

/**
 * Contracts still held: bought minus what every sell order filled (its fill count as the
 * exchange reported it, even before the fills themselves are listed).
 */
export async function remainingContracts(prisma: PrismaClient, positionId: string, contracts: bigint): Promise<bigint> {
  const sells = await prisma.traderOrder.findMany({ where: { action: 'SELL', positionId }, select: { filledCount: true } });
  return contracts - sells.reduce((a, o) => a + decToCenti(o.filledCount), 0n);
}

/**
 * Records a sell's fills on the position; closes it (with P&L net of every fee) only when no
 * contract is left. Proceeds and exit fees accumulate over partial sells.
 */
export async function applySell(
  prisma: PrismaClient,
  position: { id: string; contracts: unknown; cost: unknown; entryFees: unknown; proceeds: unknown; exitFees: unknown },
  placed: PlacedOrder,
  closeAs: 'STOPPED' | 'CLOSED',
  now: Date,
) {
  if (placed.filledCenti <= 0n) return null;
  const contracts = decToCenti(position.contracts as never);
  const proceeds = decToMicros(position.proceeds as never) + placed.costMicros;
  const exitFees = decToMicros(position.exitFees as never) + placed.feeMicros;
  const left = await remainingContracts(prisma, position.id, contracts);
  const closed = left <= 0n;
  const pnl = proceeds - decToMicros(position.cost as never) - decToMicros(position.entryFees as never) - exitFees;
  return prisma.position.update({
    where: { id: position.id },
    data: {
      proceeds: microsToDec(proceeds),
      exitFees: microsToDec(exitFees),
      exitPrice: microsToDec((placed.costMicros * 100n) / placed.filledCenti),
      ...(closed ? { status: closeAs, pnl: microsToDec(pnl), closedAt: now } : {}),
    },
  });
}
