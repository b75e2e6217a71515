// Stop-losses: every open position whose held side's best bid fell below the stop price is sold
// with an IOC stop-limit: never below the floor (a gap through the floor holds the position and
// says so), never more than the slippage cap under the bid. A market that cannot be traded (an
// empty book, closed awaiting settlement, halted) is a data problem, not a price: nothing is
// sold, no stop is recorded, and the breaker does not count it.
import { recordError } from '../../errors/error-log.ts';
import { ACTIVE_STATUSES, bidsFor, type Side } from '../scanner/criteria.ts';
import { applySell, placeOrder, remainingContracts } from '../execution/executor.ts';
import { multiplierFrom } from '../fees.ts';
import { decToCenti, dollars, microsToDec } from '../money.ts';
import { type TraderDeps, venueFor } from '../pipeline.ts';
import { checkBreakers } from '../risk/breakers.ts';
import { loadTraderParams } from '../settings.ts';

/**
 * The lowest price a stop-loss sell accepts: the bid minus the slippage cap, whole cents, and
 * never below the floor (nor 1¢).
 */
export function exitLimit(bidMicros: bigint, slippageMicros: bigint, floorMicros = 10_000n): bigint {
  const raw = bidMicros - slippageMicros;
  const cent = raw > 0n ? (raw / 10_000n) * 10_000n : 0n;
  const floor = floorMicros < 10_000n ? 10_000n : ((floorMicros + 9_999n) / 10_000n) * 10_000n;
  return cent < floor ? floor : cent;
}

export type StopVerdict =
  | { kind: 'hold' }
  /** Not tradable now: no bid on our side, or the market is closed or halted. Not a loss. */
  | { kind: 'data-problem'; reason: string }
  /** Below the stop but the bid is under the floor: the stop-limit would not fill. */
  | { kind: 'below-floor'; bidMicros: bigint }
  | { kind: 'sell'; bidMicros: bigint; limitMicros: bigint };

export function stopVerdict(
  input: { heldBidMicros: bigint | null; marketStatus: string | null; tradingActive: boolean },
  params: { stopLossMicros: bigint; stopLossFloorMicros: bigint; maxSlippageMicros: bigint },
): StopVerdict {
  if (!input.tradingActive) return { kind: 'data-problem', reason: 'the exchange is not trading' };
  if (input.marketStatus !== null && !ACTIVE_STATUSES.includes(input.marketStatus)) return { kind: 'data-problem', reason: `market ${input.marketStatus}, not trading` };
  if (input.heldBidMicros === null) return { kind: 'data-problem', reason: 'no bid on our side of the book' };
  if (input.heldBidMicros >= params.stopLossMicros) return { kind: 'hold' };
  if (input.heldBidMicros < params.stopLossFloorMicros) return { kind: 'below-floor', bidMicros: input.heldBidMicros };
  return { kind: 'sell', bidMicros: input.heldBidMicros, limitMicros: exitLimit(input.heldBidMicros, params.maxSlippageMicros, params.stopLossFloorMicros) };
}

export async function runStopLoss(deps: TraderDeps) {
  const { prisma, services } = deps;
  const now = deps.now();
  const params = await loadTraderParams(prisma);
  const open = await prisma.position.findMany({ where: { status: 'OPEN' } });
  if (open.length === 0) return { checked: 0, triggered: 0, sold: 0, dataProblems: 0 };
  const tickers = [...new Set(open.map((p) => p.ticker))];
  const books = new Map<string, { yes: never[]; no: never[] } | Awaited<ReturnType<typeof services.kalshi.getOrderbook>>>();
  for await (const b of services.kalshi.listOrderbooks(tickers)) books.set(b.ticker, b);
  // The exchange's own word on whether each market trades now (the synced cache may be minutes old).
  let tradingActive = true;
  try {
    tradingActive = (await services.kalshi.getExchangeStatus()).trading_active !== false;
  } catch {
    // Unknown: the books decide.
  }
  const statuses = new Map<string, string | null>();
  for (const t of tickers) {
    try {
      statuses.set(t, (await services.kalshi.getMarket(t))?.status ?? null);
    } catch {
      statuses.set(t, null);
    }
  }
  let triggered = 0;
  let sold = 0;
  let dataProblems = 0;
  for (const p of open) {
    const book = books.get(p.ticker) ?? { yes: [], no: [] };
    const side = p.side as Side;
    const bestBid = bidsFor(side, book)[0]?.priceMicros ?? null;
    const verdict = stopVerdict({ heldBidMicros: bestBid, marketStatus: statuses.get(p.ticker) ?? null, tradingActive }, params);
    if (verdict.kind === 'hold') continue;
    if (verdict.kind === 'data-problem') {
      dataProblems++;
      await recordError(prisma, services.secrets, {
        source: 'trader:stop-loss',
        error: new Error(`${p.ticker}: ${verdict.reason}; the stop-loss cannot price the position and holds it (a data problem, not a loss)`),
        context: { positionId: p.id, mode: p.mode },
      }).catch(() => {});
      continue;
    }
    const left = await remainingContracts(prisma, p.id, decToCenti(p.contracts));
    if (left <= 0n) continue;
    triggered++;
    if (verdict.kind === 'below-floor') {
      await prisma.stopLossEvent.create({
        data: {
          positionId: p.id,
          triggeredAt: now,
          triggerPrice: microsToDec(verdict.bidMicros),
          exitPrice: null,
          realizedLoss: null,
          reason: `${side} bid ${dollars(verdict.bidMicros)} below the stop-loss ${dollars(params.stopLossMicros)} and under the floor ${dollars(params.stopLossFloorMicros)}: not sold (stop-limit); retried next run`,
        },
      });
      continue;
    }
    const series = await prisma.series.findFirst({ where: { markets: { some: { ticker: p.ticker } } }, select: { feeType: true, feeMultiplier: true } });
    const fee = { feeType: series?.feeType ?? 'quadratic', multiplier10k: multiplierFrom(series?.feeMultiplier) };
    const limit = verdict.limitMicros;
    const venue = venueFor(p.mode, deps);
    const placed = await placeOrder({ prisma, venue, secrets: services.secrets, now: deps.now }, {
      ticker: p.ticker,
      side,
      action: 'SELL',
      purpose: 'STOP_LOSS',
      limitMicros: limit,
      countCenti: left,
      fee,
      positionId: p.id,
    });
    const updated = await applySell(prisma, p, placed, 'STOPPED', now);
    if (placed.filledCenti > 0n) sold++;
    const avgExit = placed.filledCenti > 0n ? (placed.costMicros * 100n) / placed.filledCenti : null;
    await prisma.stopLossEvent.create({
      data: {
        positionId: p.id,
        triggeredAt: now,
        triggerPrice: microsToDec(verdict.bidMicros),
        exitPrice: avgExit === null ? null : microsToDec(avgExit),
        realizedLoss: updated?.pnl ?? null,
        reason:
          `${side} bid ${dollars(verdict.bidMicros)} below the stop-loss ${dollars(params.stopLossMicros)}; ` +
          (placed.filledCenti > 0n ? `sold ${Number(placed.filledCenti) / 100} at ${dollars(avgExit!)} (limit ${dollars(limit)}, floor ${dollars(params.stopLossFloorMicros)})` : `sell at limit ${dollars(limit)} did not fill (${placed.status}${placed.error ? `: ${placed.error.slice(0, 200)}` : ''}); retried next run`),
      },
    });
  }
  // A cluster of stop-losses pauses new entries now, not only at the next scan.
  for (const mode of ['PAPER', 'LIVE'] as const) await checkBreakers(prisma, params, now, mode);
  return { checked: open.length, triggered, sold, dataProblems };
}
