// Replays the local exchange's generated markets day by day through the real scanner, the rules
// selector, the hard limits and paper execution (book walk at our limit, exact fees), then
// settles on the markets' results. A "buy every candidate" baseline runs beside it.
import { startExchange } from '@sentinel/exchange';
import { createKalshiClient } from '../../kalshi/index.ts';
import { winRates, type HistoryTrade } from '../analyzer/context.ts';
import { selectByRules } from '../analyzer/rules.ts';
import { totals, walkBook } from '../execution/book.ts';
import { multiplierFrom, orderFeeMicros } from '../fees.ts';
import { maxBig } from '../money.ts';
import { calibration, maxDrawdownMicros, stats, type TradeOutcome } from '../reports/metrics.ts';
import { applyLimits, sizeOrder } from '../risk/limits.ts';
import { type Candidate, type MarketRow, oddsBucket } from '../scanner/criteria.ts';
import { scanRows } from '../scanner/scanner.ts';
import { DEFAULT_TRADER_PARAMS, type TraderParams } from '../settings.ts';

export interface BacktestOptions {
  markets: number;
  days: number;
  seed: number;
  params?: Partial<TraderParams>;
}

interface Bet {
  ticker: string;
  side: 'YES' | 'NO';
  contracts: bigint;
  costMicros: bigint;
  feeMicros: bigint;
  probability: number;
  confidence: number;
  closeTime: Date;
  entryPriceMicros: bigint;
}

const DAY = 86_400_000;

export async function runBacktest(opts: BacktestOptions) {
  const startMs = Date.now() - opts.days * DAY;
  const ex = await startExchange({ markets: opts.markets, seed: opts.seed, historyDays: 1, speed: 0, startTime: startMs });
  try {
    const kalshi = createKalshiClient({ apiBase: ex.url, rateLimit: { disabled: true } });
    const params: TraderParams = { ...DEFAULT_TRADER_PARAMS, minDepthMicros: 50_000_000n, ...opts.params };
    const series = new Map<string, { category: string; fee: { feeType: string; multiplier10k: bigint } }>();
    for (const s of await kalshi.getSeriesList({})) series.set(s.ticker, { category: s.category, fee: { feeType: s.fee_type ?? 'quadratic', multiplier10k: multiplierFrom(String(s.fee_multiplier ?? 1)) } });
    const strategy: Bet[] = [];
    const baseline: Bet[] = [];
    const history: HistoryTrade[] = [];
    let scans = 0;
    let candidatesSeen = 0;
    for (let day = 0; day < opts.days; day++) {
      const at = startMs + day * DAY + 13 * 3_600_000; // about 8 am ET
      await fetch(`${ex.baseUrl}/_exchange/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ set_ms: at }) });
      const now = new Date(ex.now());
      const rows: MarketRow[] = [];
      for await (const m of kalshi.listMarkets({ status: 'open' })) {
        if (Date.parse(m.close_time) > now.getTime() + params.maxDaysToClose * DAY) continue;
        const s = series.get(m.event_ticker.split('-')[0]!);
        if (!s) continue;
        rows.push({
          ticker: m.ticker,
          title: m.ticker,
          category: s.category,
          seriesTicker: m.event_ticker.split('-')[0]!,
          status: m.status,
          closeTime: new Date(m.close_time),
          yesBidMicros: m.yes_bid_micros ?? null,
          yesAskMicros: m.yes_ask_micros ?? null,
          lastPriceMicros: m.last_price_micros ?? null,
          latestLabel: null,
          fee: s.fee,
        });
      }
      const scan = await scanRows(rows, kalshi, params, now, { synced: rows.length, active: rows.length });
      scans++;
      candidatesSeen += scan.candidates.length;
      const books = new Map<string, Awaited<ReturnType<typeof kalshi.getOrderbook>>>();
      for await (const b of kalshi.listOrderbooks(scan.candidates.map((c) => c.ticker))) books.set(b.ticker, b);
      const fill = (c: Candidate, countCenti: bigint, probability: number, confidence: number): Bet | null => {
        const fills = walkBook(books.get(c.ticker) ?? { yes: [], no: [] }, { side: c.side, action: 'BUY', limitMicros: c.limitMicros, countCenti });
        const t = totals(fills);
        if (t.countCenti === 0n) return null;
        return { ticker: c.ticker, side: c.side, contracts: t.countCenti, costMicros: t.costMicros, feeMicros: orderFeeMicros(c.fee, fills), probability, confidence, closeTime: c.closeTime, entryPriceMicros: t.avgPriceMicros! };
      };
      // Baseline: $20 in every candidate.
      for (const c of scan.candidates) {
        const size = sizeOrder(c, c.limitMicros, 20_000_000n);
        const b = size.countCenti > 0n ? fill(c, size.countCenti, Number(c.priceMicros) / 1e6, 0.5) : null;
        if (b) baseline.push(b);
      }
      const odds = winRates(history, (t) => oddsBucket(t.side, t.side === 'YES' ? t.entryPriceMicros : 1_000_000n - t.entryPriceMicros));
      const envelope = selectByRules(scan.candidates, { maxContracts: params.maxContracts, minPositionMicros: params.minPositionMicros, maxPositionMicros: params.maxPositionMicros, budgetMicros: params.dailyBudgetMicros, oddsRates: odds });
      const { approved } = applyLimits({
        selections: envelope.selected_contracts,
        candidates: new Map(scan.candidates.map((c) => [c.ticker, c])),
        params,
        remainingBudgetMicros: params.dailyBudgetMicros,
        availableBalanceMicros: maxBig(0n, 1_000_000_000n),
        pause: null,
      });
      for (const a of approved) {
        const b = fill(a.candidate, a.countCenti, a.probability, a.confidence);
        if (b) strategy.push(b);
      }
    }
    // Let every traded market close and settle, then read the results.
    const last = Math.max(...[...strategy, ...baseline].map((b) => b.closeTime.getTime()), ex.now());
    await fetch(`${ex.baseUrl}/_exchange/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ set_ms: last + 3 * DAY }) });
    const results = new Map<string, string>();
    for (const t of new Set([...strategy, ...baseline].map((b) => b.ticker))) results.set(t, (await kalshi.getMarket(t))?.result ?? '');
    const settle = (bets: Bet[]) => {
      const outcomes: TradeOutcome[] = [];
      const pnls: bigint[] = [];
      for (const b of [...bets].sort((x, y) => x.closeTime.getTime() - y.closeTime.getTime())) {
        const r = results.get(b.ticker);
        if (r !== 'yes' && r !== 'no') continue;
        const won = r === (b.side === 'YES' ? 'yes' : 'no');
        const pnl = (won ? b.contracts * 10_000n : 0n) - b.costMicros - b.feeMicros;
        pnls.push(pnl);
        outcomes.push({ status: won ? 'WON' : 'LOST', investedMicros: b.costMicros + b.feeMicros, pnlMicros: pnl, probability: b.probability, confidence: b.confidence });
      }
      return { stats: stats(outcomes), drawdownMicros: maxDrawdownMicros(pnls), calibration: calibration(outcomes), fees: bets.reduce((a, b) => a + b.feeMicros, 0n) };
    };
    return { scans, candidatesSeen, strategy: settle(strategy), baseline: settle(baseline) };
  } finally {
    await ex.close();
  }
}
