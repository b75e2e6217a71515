import { describe, expect, it } from 'vitest';
import { MarketOrderbookSchema } from '../../kalshi/schemas.ts';
import { summarizeBook, toBookState } from './orderbooks.ts';

// Kalshi's REST book: YES bids and NO bids, ascending by price, [price_dollars, count_fp]
const book = (yes: [string, string][], no: [string, string][]) =>
  MarketOrderbookSchema.parse({ ticker: 'K', orderbook_fp: { yes_dollars: yes, no_dollars: no } });

describe('summarizeBook', () => {
  it('counts depth within 5¢ of each best bid, and the median size of those levels (one large order does not move it)', () => {
    const b = book(
      [['0.3000', '500.00'], ['0.4000', '10.00'], ['0.4200', '20.00'], ['0.4500', '30.00']],
      [['0.5000', '40.00'], ['0.5300', '5000.00']],
    );
    const s = toBookState(summarizeBook(b), 0);
    expect(s.bestYesBid).toBe(0.45);
    expect(s.bestYesAsk).toBe(0.47);
    // YES 10 + 20 + 30 (the 30¢ level is 15¢ away), NO 40 + 5,000
    expect(s.depth).toBe(5100);
    expect(s.levelMedian).toBe(30);
  });
  it('has no level median (and no depth) on an empty book', () => {
    const s = toBookState(summarizeBook(book([], [])), 0);
    expect(s.depth).toBe(0);
    expect(s.levelMedian).toBeNull();
  });
});
