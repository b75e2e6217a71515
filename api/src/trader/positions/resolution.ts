// Resolution: a settled market closes its open positions as won or lost with P&L net of every
// fee. Live positions close only from the exchange's own settlement record; paper positions
// from the market's published result.
import { recordError } from '../../errors/error-log.ts';
import type { Settlement } from '../../kalshi/index.ts';
import { remainingContracts } from '../execution/executor.ts';
import { decToCenti, decToMicros, microsToDec } from '../money.ts';
import type { TraderDeps } from '../pipeline.ts';
import { checkBreakers } from '../risk/breakers.ts';
import { loadTraderParams } from '../settings.ts';

/** P&L of a position settled with `remainingCenti` contracts still held. */
export function settlementPnl(input: {
  side: 'YES' | 'NO';
  result: 'yes' | 'no';
  remainingCenti: bigint;
  costMicros: bigint;
  entryFeesMicros: bigint;
  proceedsMicros: bigint;
  exitFeesMicros: bigint;
}) {
  const won = input.result === (input.side === 'YES' ? 'yes' : 'no');
  const payout = won ? input.remainingCenti * 10_000n : 0n; // $1 per contract = 10 000 µ$ per centi-contract
  const proceeds = input.proceedsMicros + payout;
  return { won, payoutMicros: payout, proceedsMicros: proceeds, pnlMicros: proceeds - input.costMicros - input.entryFeesMicros - input.exitFeesMicros };
}

export async function runResolutions(deps: TraderDeps) {
  const { prisma, services } = deps;
  const now = deps.now();
  const open = await prisma.position.findMany({ where: { status: 'OPEN' } });
  let won = 0;
  let lost = 0;
  let pending = 0;
  const settlements = new Map<string, Settlement>();
  if (open.some((p) => p.mode === 'LIVE')) {
    const since = Math.floor(Math.min(...open.filter((p) => p.mode === 'LIVE').map((p) => p.openedAt.getTime())) / 1000) - 86_400;
    for await (const s of services.kalshi.listSettlements({ min_ts: since })) settlements.set(s.ticker, s);
  }
  for (const p of open) {
    let result: 'yes' | 'no' | null = null;
    if (p.mode === 'LIVE') {
      const s = settlements.get(p.ticker);
      if (s && (s.market_result === 'yes' || s.market_result === 'no')) result = s.market_result;
    } else {
      const m = await services.kalshi.getMarket(p.ticker);
      const r = (m as { result?: string; status?: string } | null)?.result;
      const status = (m as { status?: string } | null)?.status;
      if ((r === 'yes' || r === 'no') && (status === 'finalized' || status === 'settled' || status === 'determined')) result = r;
    }
    if (!result) {
      pending++;
      continue;
    }
    const remaining = await remainingContracts(prisma, p.id, decToCenti(p.contracts));
    const r = settlementPnl({
      side: p.side,
      result,
      remainingCenti: remaining,
      costMicros: decToMicros(p.cost),
      entryFeesMicros: decToMicros(p.entryFees),
      proceedsMicros: decToMicros(p.proceeds),
      exitFeesMicros: decToMicros(p.exitFees),
    });
    if (p.mode === 'LIVE') {
      const s = settlements.get(p.ticker)!;
      if (s.revenue_micros !== r.payoutMicros) {
        // Another order in the same account can make these differ; the exchange's number is recorded beside ours.
        await recordError(prisma, services.secrets, {
          source: 'trader:reconcile',
          error: new Error(`settlement revenue ${s.revenue_micros} µ$ differs from the expected payout ${r.payoutMicros} µ$ for ${p.ticker}`),
          context: { positionId: p.id },
        }).catch(() => {});
      }
    }
    await prisma.position.update({
      where: { id: p.id },
      data: { status: r.won ? 'WON' : 'LOST', proceeds: microsToDec(r.proceedsMicros), pnl: microsToDec(r.pnlMicros), exitPrice: r.won ? '1' : '0', closedAt: now },
    });
    if (r.won) won++;
    else lost++;
  }
  const params = await loadTraderParams(prisma);
  for (const mode of ['PAPER', 'LIVE'] as const) await checkBreakers(prisma, params, now, mode);
  return { open: open.length, won, lost, pending };
}
