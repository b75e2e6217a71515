// Walking a book at a limit price: what an IOC order would fill. Pure; paper trading uses it to
// simulate fills against the live book, the backtest against replayed books.
import type { BookLevel } from '../../kalshi/index.ts';
import { asksFor, bidsFor, type Side } from '../scanner/criteria.ts';

export interface SimFill {
  /** Held-side price. */
  priceMicros: bigint;
  countCenti: bigint;
}

export function walkBook(
  book: { yes: readonly BookLevel[]; no: readonly BookLevel[] },
  order: { side: Side; action: 'BUY' | 'SELL'; limitMicros: bigint; countCenti: bigint },
): SimFill[] {
  const fills: SimFill[] = [];
  let left = order.countCenti;
  const levels = order.action === 'BUY' ? asksFor(order.side, book) : bidsFor(order.side, book);
  for (const l of levels) {
    if (left <= 0n) break;
    const acceptable = order.action === 'BUY' ? l.priceMicros <= order.limitMicros : l.priceMicros >= order.limitMicros;
    if (!acceptable) break;
    const q = l.countCenti < left ? l.countCenti : left;
    fills.push({ priceMicros: l.priceMicros, countCenti: q });
    left -= q;
  }
  return fills;
}

export function totals(fills: readonly SimFill[]): { countCenti: bigint; costMicros: bigint; avgPriceMicros: bigint | null } {
  let cc = 0n;
  let cost = 0n;
  for (const f of fills) {
    cc += f.countCenti;
    cost += (f.countCenti * f.priceMicros) / 100n;
  }
  return { countCenti: cc, costMicros: cost, avgPriceMicros: cc > 0n ? (cost * 100n) / cc : null };
}
