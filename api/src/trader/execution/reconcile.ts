// The exchange is the source of truth for live trading: orders we could not confirm (a crash or
// a timeout after sending) are looked up by client_order_id, missing fills are imported, and
// position sizes are compared. Positions are never closed here: only sell fills and settlements
// close them.
import { recordError } from '../../errors/error-log.ts';
import { centiToDec, decToCenti, microsToDec } from '../money.ts';
import type { TraderDeps } from '../pipeline.ts';
import type { Side } from '../scanner/criteria.ts';
import { readFills } from './venue.ts';

const STALE_PENDING_MS = 2 * 60_000;

export async function runReconcile(deps: TraderDeps) {
  const { prisma, services } = deps;
  const now = deps.now();
  const counts = { pendingResolved: 0, pendingFailed: 0, fillsImported: 0, positionMismatches: 0, positionsCreated: 0, positionsConfirmed: 0 };
  if (!services.kalshiAuthenticated) return counts;

  // 1. Orders written but never confirmed.
  const pending = await prisma.traderOrder.findMany({ where: { mode: 'LIVE', status: 'PENDING' } });
  for (const o of pending) {
    let found: { order_id: string; fill_count_centi: bigint } | null = null;
    for await (const x of services.kalshi.listOrders({ ticker: o.ticker })) {
      if (x.client_order_id === o.clientOrderId) {
        found = x;
        break;
      }
    }
    if (!found) {
      if (now.getTime() - o.createdAt.getTime() > STALE_PENDING_MS) {
        await prisma.traderOrder.update({ where: { id: o.id }, data: { status: 'FAILED', error: `${o.error ?? ''} (not found on the exchange)`.trim() } });
        counts.pendingFailed++;
      }
      continue;
    }
    await prisma.traderOrder.update({ where: { id: o.id }, data: { exchangeOrderId: found.order_id, status: found.fill_count_centi > 0n ? 'EXECUTED' : 'CANCELED' } });
    counts.pendingResolved++;
  }

  // 2. Fills the exchange has and we do not.
  const orders = await prisma.traderOrder.findMany({
    where: { mode: 'LIVE', exchangeOrderId: { not: null }, status: { in: ['EXECUTED', 'CANCELED', 'RESTING'] }, createdAt: { gt: new Date(now.getTime() - 7 * 86_400_000) } },
    include: { fills: { select: { fillId: true } } },
  });
  for (const o of orders) {
    const fills = await readFills(services.kalshi, o.exchangeOrderId!, o.side as Side);
    const known = new Set(o.fills.map((f) => f.fillId));
    const missing = fills.filter((f) => !known.has(f.fillId));
    if (missing.length === 0) continue;
    await prisma.traderFill.createMany({
      data: missing.map((f) => ({ fillId: f.fillId, orderId: o.id, ticker: o.ticker, side: o.side, action: o.action, count: centiToDec(f.countCenti), price: microsToDec(f.priceMicros), fee: microsToDec(f.feeMicros), isTaker: f.isTaker, createdAt: f.createdAt })),
      skipDuplicates: true,
    });
    const listed = fills.reduce((a, f) => a + f.countCenti, 0n);
    const cost = fills.reduce((a, f) => a + (f.countCenti * f.priceMicros) / 100n, 0n);
    const fee = fills.reduce((a, f) => a + f.feeMicros, 0n);
    const reported = decToCenti(o.filledCount);
    // The create response's count stands until every fill it promised is listed.
    const complete = listed >= reported;
    const filled = complete ? listed : reported;
    if (complete) {
      await prisma.traderOrder.update({
        where: { id: o.id },
        data: { filledCount: centiToDec(filled), feesPaid: microsToDec(fee), averageFillPrice: filled > 0n ? microsToDec((cost * 100n) / filled) : null, status: filled > 0n ? 'EXECUTED' : o.status },
      });
    }
    counts.fillsImported += missing.length;
    // An entry opened from the create response is confirmed by its fills: exact cost and fees.
    if (complete && o.purpose === 'ENTRY' && o.positionId && listed > 0n) {
      const p = await prisma.position.findUnique({ where: { id: o.positionId }, include: { orders: { where: { purpose: 'ENTRY' }, select: { id: true } } } });
      if (p && p.orders.length === 1) {
        await prisma.position.update({
          where: { id: p.id },
          data: { contracts: centiToDec(listed), cost: microsToDec(cost), entryFees: microsToDec(fee), entryPrice: microsToDec((cost * 100n) / listed) },
        });
        counts.positionsConfirmed++;
      }
    }
    // An entry that filled after a crash gets its position now, with the decision's reasoning.
    if (complete && o.purpose === 'ENTRY' && !o.positionId && filled > 0n) {
      const market = await prisma.market.findUnique({ where: { ticker: o.ticker } });
      const decision = o.decisionId ? await prisma.aiDecision.findUnique({ where: { id: o.decisionId } }) : null;
      const sel = ((decision?.parsed as { selected_contracts?: { ticker?: string; reasoning?: string; confidence?: number; probability?: number }[] } | null)?.selected_contracts ?? []).find((s) => s?.ticker === o.ticker);
      const position = await prisma.position.create({
        data: {
          mode: 'LIVE',
          ticker: o.ticker,
          seriesTicker: market?.seriesTicker ?? o.ticker.split('-')[0]!,
          category: market?.category ?? 'Unknown',
          title: market?.title ?? o.ticker,
          side: o.side,
          contracts: centiToDec(filled),
          entryPrice: microsToDec((cost * 100n) / filled),
          cost: microsToDec(cost),
          entryFees: microsToDec(fee),
          aiReasoning: String(sel?.reasoning ?? 'recovered by reconciliation').slice(0, 4000),
          aiConfidence: typeof sel?.confidence === 'number' ? sel.confidence : null,
          aiProbability: typeof sel?.probability === 'number' ? sel.probability : null,
          decisionId: o.decisionId,
          openedAt: o.createdAt,
        },
      });
      await prisma.traderOrder.update({ where: { id: o.id }, data: { positionId: position.id } });
      counts.positionsCreated++;
    }
  }

  // 3. Sizes: our open live positions against the exchange's.
  const open = await prisma.position.findMany({ where: { mode: 'LIVE', status: 'OPEN' }, include: { orders: { include: { fills: true } } } });
  if (open.length > 0) {
    const exchange = new Map<string, bigint>();
    for await (const mp of services.kalshi.listMarketPositions()) exchange.set(mp.ticker, mp.position_centi);
    const ours = new Map<string, bigint>();
    for (const p of open) {
      let held = 0n;
      for (const o of p.orders) for (const f of o.fills) held += (f.action === 'BUY' ? 1n : -1n) * decToCenti(f.count);
      ours.set(p.ticker, (ours.get(p.ticker) ?? 0n) + (p.side === 'YES' ? held : -held));
    }
    for (const [ticker, qty] of ours) {
      const theirs = exchange.get(ticker) ?? 0n;
      // A settled market has no position on the exchange any more: resolution closes it.
      if (theirs !== qty && theirs !== 0n) {
        counts.positionMismatches++;
        await recordError(prisma, services.secrets, {
          source: 'trader:reconcile',
          error: new Error(`position mismatch on ${ticker}: ours ${qty} centi-contracts, exchange ${theirs}`),
          context: { ticker },
        }).catch(() => {});
      }
    }
  }
  return counts;
}
