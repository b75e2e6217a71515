// Stop-loss: a position whose held side's bid fell below the threshold is sold (IOC, down to the
// bid minus the slippage cap). The position closes only from the sell fills actually received.
import { bidsFor, type Side } from '../scanner/criteria.ts';
import { applySell, placeOrder, remainingContracts } from '../execution/executor.ts';
import { multiplierFrom } from '../fees.ts';
import { decToCenti, dollars, microsToDec } from '../money.ts';
import { type TraderDeps, venueFor } from '../pipeline.ts';
import { checkBreakers } from '../risk/breakers.ts';
import { loadTraderParams } from '../settings.ts';

/** The lowest price a stop-loss sell accepts: the bid minus the slippage cap, whole cents, at least 1¢. */
export function exitLimit(bidMicros: bigint, slippageMicros: bigint): bigint {
  const raw = bidMicros - slippageMicros;
  const cent = (raw / 10_000n) * 10_000n;
  return cent < 10_000n ? 10_000n : cent;
}

export function shouldStop(heldBidMicros: bigint | null, thresholdMicros: bigint): boolean {
  // No bid at all means the held side is worth nothing right now: that is below any threshold.
  return heldBidMicros === null || heldBidMicros < thresholdMicros;
}

export async function runStopLoss(deps: TraderDeps) {
  const { prisma, services } = deps;
  const now = deps.now();
  const params = await loadTraderParams(prisma);
  const open = await prisma.position.findMany({ where: { status: 'OPEN' } });
  if (open.length === 0) return { checked: 0, triggered: 0, sold: 0 };
  const books = new Map<string, { yes: never[]; no: never[] } | Awaited<ReturnType<typeof services.kalshi.getOrderbook>>>();
  for await (const b of services.kalshi.listOrderbooks([...new Set(open.map((p) => p.ticker))])) books.set(b.ticker, b);
  let triggered = 0;
  let sold = 0;
  for (const p of open) {
    const book = books.get(p.ticker) ?? { yes: [], no: [] };
    const side = p.side as Side;
    const bestBid = bidsFor(side, book)[0]?.priceMicros ?? null;
    if (!shouldStop(bestBid, params.stopLossMicros)) continue;
    const left = await remainingContracts(prisma, p.id, decToCenti(p.contracts));
    if (left <= 0n) continue;
    triggered++;
    const series = await prisma.series.findFirst({ where: { markets: { some: { ticker: p.ticker } } }, select: { feeType: true, feeMultiplier: true } });
    const fee = { feeType: series?.feeType ?? 'quadratic', multiplier10k: multiplierFrom(series?.feeMultiplier) };
    const limit = exitLimit(bestBid ?? 0n, params.maxSlippageMicros);
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
        triggerPrice: microsToDec(bestBid ?? 0n),
        exitPrice: avgExit === null ? null : microsToDec(avgExit),
        realizedLoss: updated?.pnl ?? null,
        reason:
          `${side} bid ${bestBid === null ? 'absent' : dollars(bestBid)} below the stop-loss ${dollars(params.stopLossMicros)}; ` +
          (placed.filledCenti > 0n ? `sold ${Number(placed.filledCenti) / 100} at ${dollars(avgExit!)} (limit ${dollars(limit)})` : `sell at limit ${dollars(limit)} did not fill (${placed.status}${placed.error ? `: ${placed.error.slice(0, 200)}` : ''}); retried next run`),
      },
    });
  }
  // A cluster of stop-losses pauses new entries now, not only at the next scan.
  await checkBreakers(prisma, params, now);
  return { checked: open.length, triggered, sold };
}
