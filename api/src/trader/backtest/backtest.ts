// Replays the local exchange's generated markets day by day through the real scanner, the rules
// selector, the hard limits and paper execution (book walk at our limit, exact fees), runs the
// stop-loss check on the job's two-hour cadence (same trigger, same exit limit, sells walk the
// book with their fee), then settles on the markets' results. The same entries held to
// settlement show what the stop-loss changed; a "buy every candidate" baseline runs beside.
// Not modelled: the circuit breakers (they pause entries until a person resumes them).
import { startExchange } from '@sentinel/exchange';
import { createKalshiClient } from '../../kalshi/index.ts';
import { winRates, type HistoryTrade } from '../analyzer/context.ts';
import { selectByRules } from '../analyzer/rules.ts';
import { totals, walkBook } from '../execution/book.ts';
import { type FeeSchedule, multiplierFrom, orderFeeMicros } from '../fees.ts';
import { maxBig } from '../money.ts';
import { calibration, maxDrawdownMicros, stats, type TradeOutcome } from '../reports/metrics.ts';
import { stopVerdict } from '../positions/stop-loss.ts';
import { applyLimits, sizeOrder } from '../risk/limits.ts';
import { bidsFor, type Candidate, type MarketRow, oddsBucket } from '../scanner/criteria.ts';
import { scanRows } from '../scanner/scanner.ts';
import { DEFAULT_TRADER_PARAMS, type TraderParams } from '../settings.ts';

export interface BacktestOptions {
  markets: number;
  days: number;
  seed: number;
  /** First scan day (its 13:00 UTC is the first scan); default: `days` before now. */
  startMs?: number;
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
  enteredAt: Date;
  closeTime: Date;
  entryPriceMicros: bigint;
  fee: FeeSchedule;
  /** Contracts (centi) still held: less than `contracts` once a stop-loss sold some. */
  heldCenti: bigint;
  exitProceedsMicros: bigint;
  exitFeeMicros: bigint;
  stoppedAt: Date | null;
}

/** A settled bet's P&L: contracts still held pay $1 if they won; stop-loss sales count as sold. */
function betPnl(b: Bet, result: 'yes' | 'no', withStops: boolean): { pnl: bigint; status: 'WON' | 'LOST' | 'STOPPED' } {
  const won = result === (b.side === 'YES' ? 'yes' : 'no');
  const stop = withStops && b.stoppedAt !== null;
  const held = stop ? b.heldCenti : b.contracts;
  const exit = stop ? b.exitProceedsMicros - b.exitFeeMicros : 0n;
  return { pnl: (won ? held * 10_000n : 0n) + exit - b.costMicros - b.feeMicros, status: stop ? 'STOPPED' : won ? 'WON' : 'LOST' };
}

const DAY = 86_400_000;
/** The stop-loss job's cadence (TRADER_SCHEDULES.stopLoss: every two hours). */
const STOP_LOSS_EVERY_MS = 2 * 3_600_000;

export async function runBacktest(opts: BacktestOptions) {
  const startMs = opts.startMs ?? Date.now() - opts.days * DAY;
  const ex = await startExchange({ markets: opts.markets, seed: opts.seed, historyDays: 1, speed: 0, startTime: startMs });
  try {
    const kalshi = createKalshiClient({ apiBase: ex.url, rateLimit: { disabled: true } });
    const params: TraderParams = { ...DEFAULT_TRADER_PARAMS, minDepthMicros: 50_000_000n, ...opts.params };
    const series = new Map<string, { category: string; fee: { feeType: string; multiplier10k: bigint } }>();
    for (const s of await kalshi.getSeriesList({})) series.set(s.ticker, { category: s.category, fee: { feeType: s.fee_type ?? 'quadratic', multiplier10k: multiplierFrom(String(s.fee_multiplier ?? 1)) } });
    const strategy: Bet[] = [];
    const baseline: Bet[] = [];
    /** Our own resolved trades, as the live trader has them: the rules selector uses their win rates. */
    const history: HistoryTrade[] = [];
    const inHistory = new Set<Bet>();
    const results = new Map<string, string>();
    const resultOf = async (ticker: string) => {
      const known = results.get(ticker);
      if (known === 'yes' || known === 'no') return known;
      const r = (await kalshi.getMarket(ticker))?.result ?? '';
      results.set(ticker, r);
      return r;
    };
    const recordSettled = async (nowMs: number) => {
      for (const b of strategy) {
        if (inHistory.has(b) || b.closeTime.getTime() > nowMs) continue;
        const r = await resultOf(b.ticker);
        if (r !== 'yes' && r !== 'no') continue;
        const { pnl, status } = betPnl(b, r, true);
        inHistory.add(b);
        history.push({
          ticker: b.ticker, title: b.ticker, category: '', side: b.side, status, entryPriceMicros: b.entryPriceMicros, costMicros: b.costMicros,
          pnlMicros: pnl, aiProbability: b.probability, aiConfidence: b.confidence, aiReasoning: '', riskFactors: [], openedAt: b.enteredAt,
        });
      }
    };
    let scans = 0;
    let candidatesSeen = 0;
    let stopChecks = 0;
    const setClock = (ms: number) =>
      fetch(`${ex.baseUrl}/_exchange/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ set_ms: ms }) });
    /** One stop-loss run at `ms`: held sides bid below the threshold are sold down to the exit limit. */
    const checkStops = async (ms: number) => {
      await setClock(ms);
      const open = strategy.filter((b) => b.heldCenti > 0n && b.closeTime.getTime() > ms);
      if (open.length === 0) return;
      stopChecks++;
      const books = new Map<string, Awaited<ReturnType<typeof kalshi.getOrderbook>>>();
      for await (const b of kalshi.listOrderbooks([...new Set(open.map((b) => b.ticker))])) books.set(b.ticker, b);
      for (const b of open) {
        const book = books.get(b.ticker) ?? { yes: [], no: [] };
        const bestBid = bidsFor(b.side, book)[0]?.priceMicros ?? null;
        const verdict = stopVerdict({ heldBidMicros: bestBid, marketStatus: null, tradingActive: true }, params);
        if (verdict.kind !== 'sell') continue;
        const fills = walkBook(book, { side: b.side, action: 'SELL', limitMicros: verdict.limitMicros, countCenti: b.heldCenti });
        const sold = totals(fills);
        b.stoppedAt ??= new Date(ms);
        b.heldCenti -= sold.countCenti;
        b.exitProceedsMicros += sold.costMicros;
        b.exitFeeMicros += orderFeeMicros(b.fee, fills);
      }
    };
    for (let day = 0; day < opts.days; day++) {
      const at = startMs + day * DAY + 13 * 3_600_000; // about 8 am ET
      await setClock(at);
      const now = new Date(ex.now());
      await recordSettled(at);
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
        return {
          ticker: c.ticker, side: c.side, contracts: t.countCenti, costMicros: t.costMicros, feeMicros: orderFeeMicros(c.fee, fills), probability, confidence,
          enteredAt: now, closeTime: c.closeTime, entryPriceMicros: t.avgPriceMicros!, fee: c.fee, heldCenti: t.countCenti, exitProceedsMicros: 0n, exitFeeMicros: 0n, stoppedAt: null,
        };
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
      // The stop-loss job until the next scan (after the last scan: until every position closed).
      const until = day + 1 < opts.days ? at + DAY : Math.max(at, ...strategy.map((b) => b.closeTime.getTime()));
      for (let t = at + STOP_LOSS_EVERY_MS; t < until; t += STOP_LOSS_EVERY_MS) await checkStops(t);
    }
    // Let every traded market close and settle, then read the results.
    const last = Math.max(...[...strategy, ...baseline].map((b) => b.closeTime.getTime()), ex.now());
    await setClock(last + 3 * DAY);
    for (const t of new Set([...strategy, ...baseline].map((b) => b.ticker))) await resultOf(t);
    const settle = (bets: Bet[], withStops: boolean) => {
      const outcomes: TradeOutcome[] = [];
      const pnls: bigint[] = [];
      let stopped = 0;
      for (const b of [...bets].sort((x, y) => x.closeTime.getTime() - y.closeTime.getTime())) {
        const r = results.get(b.ticker);
        if (r !== 'yes' && r !== 'no') continue;
        const { pnl, status } = betPnl(b, r, withStops);
        if (status === 'STOPPED') stopped++;
        pnls.push(pnl);
        outcomes.push({ status, investedMicros: b.costMicros + b.feeMicros, pnlMicros: pnl, probability: b.probability, confidence: b.confidence });
      }
      const fees = bets.reduce((a, b) => a + b.feeMicros + (withStops && b.stoppedAt ? b.exitFeeMicros : 0n), 0n);
      return { stats: stats(outcomes), drawdownMicros: maxDrawdownMicros(pnls), calibration: calibration(outcomes), fees, stopped };
    };
    return {
      scans,
      candidatesSeen,
      stopChecks,
      /** Resolved trades the rules selector could learn from by the last scan. */
      historyAtLastScan: history.length,
      lastScanMs: startMs + (opts.days - 1) * DAY + 13 * 3_600_000,
      strategy: settle(strategy, true),
      heldToSettlement: settle(strategy, false),
      baseline: settle(baseline, false),
      /** Every entry with its stop-loss exit, for checking the replay. */
      bets: strategy.map((b) => ({ ...b, result: results.get(b.ticker) ?? null })),
    };
  } finally {
    await ex.close();
  }
}
