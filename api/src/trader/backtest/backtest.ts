// The backtest: replays a world of settled markets hour by hour through the trader's own parts.
// At 8 am US Eastern (the daily scan's schedule) the real scanner qualifies the markets open
// then, from their quotes; the rules selector picks, the hard limits approve (budget per Eastern
// day, balance, one position per ticker, reward-to-risk, the circuit breakers) and the order fills
// at the ask with Kalshi's exact fee. Every even Eastern hour (the stop-loss job's schedule) the
// stop-loss rule runs on the bid. Positions settle on the market's result at its close.
//
// Beside the strategy the product runs ("rules selector", with its stop-loss), the same entries
// held to settlement, and "buy every candidate" at the minimum position (held to settlement and
// with the stop-loss): the candidate pool itself, with no selection. A breaker pause is resumed
// after `resumeAfterDays` (a person reads the email and resumes; the backtest cannot).
import type { Orderbook } from '../../kalshi/index.ts';
import type { AnalyzerOutcome } from '../analyzer/claude.ts';
import { buildContext, candidateData, type HistoryTrade, winRatesByOdds } from '../analyzer/context.ts';
import { buildUserMessage } from '../analyzer/prompt.ts';
import { selectByRules } from '../analyzer/rules.ts';
import { totals, walkBook } from '../execution/book.ts';
import { orderFeeMicros } from '../fees.ts';
import { stopVerdict } from '../positions/stop-loss.ts';
import { type ClosedTrade, evaluateBreakers } from '../risk/breakers.ts';
import { applyLimits, sizeOrder } from '../risk/limits.ts';
import { type Candidate, DAY_MS, type MarketRow, type Side } from '../scanner/criteria.ts';
import { scanRows } from '../scanner/scanner.ts';
import type { TraderParams } from '../settings.ts';
import { easternDate } from '../state.ts';
import { calibrationTable, type PriceObservation, type SettledBet, summarize, verdictOf } from './evidence.ts';
import type { BacktestReport } from './report.ts';
import { bookFromQuote, type BacktestWorld, type Quote, type SettledMarket } from './world.ts';

const HOUR_MS = 3_600_000;
const ONE = 1_000_000n;

/** The hour of the daily scan and the stop-loss job's period, US Eastern (TRADER_SCHEDULES). */
export const SCAN_HOUR_ET = 8;
export const STOP_EVERY_HOURS = 2;

export interface BacktestOptions {
  world: BacktestWorld;
  params: TraderParams;
  /** First and last moment replayed (default: from the first market's window to the last close). */
  fromMs?: number | null;
  toMs?: number | null;
  /** The account's starting balance: entries stop when open positions have used it. */
  bankrollMicros: bigint;
  /** A breaker pause lasts this many days (a person resumes it). */
  resumeAfterDays: number;
  /** Seed of the bootstrap. */
  seed: number;
  /** Claude as a second selector (recorded or asked answers): then the verdict is about it. */
  claude?: ClaudeAnswers;
}

/** Claude's answer for one scan: the same prompt the daily scan sends, answered from a recording or by the API. */
export interface ClaudeAnswers {
  answer(atMs: number, tickers: readonly string[], user: string): Promise<AnalyzerOutcome>;
}

export interface Bet {
  ticker: string;
  eventTicker: string;
  side: Side;
  contracts: bigint;
  costMicros: bigint;
  feeMicros: bigint;
  entryPriceMicros: bigint;
  probability: number;
  confidence: number;
  reasoning: string;
  category: string;
  enteredMs: number;
  closeMs: number;
  result: 'yes' | 'no';
  /** Contracts (centi) still held after stop-loss sales. */
  heldCenti: bigint;
  exitProceedsMicros: bigint;
  exitFeeMicros: bigint;
  /** First stop-loss trigger (a sale, or a bid below the floor that held the position). */
  stopTriggeredMs: number | null;
  /** When the position closed: the last sale or the settlement. */
  closedMs: number | null;
}

const won = (b: Bet) => b.result === (b.side === 'YES' ? 'yes' : 'no');

/** A bet's outcome with the stop-loss (contracts sold count as sold) or held to settlement. */
function settled(b: Bet, withStops: boolean): SettledBet {
  const sold = withStops && b.heldCenti < b.contracts;
  const held = withStops ? b.heldCenti : b.contracts;
  const exit = sold ? b.exitProceedsMicros - b.exitFeeMicros : 0n;
  const pnl = (won(b) ? held * 10_000n : 0n) + exit - b.costMicros - b.feeMicros;
  return {
    eventTicker: b.eventTicker,
    stakedMicros: b.costMicros + b.feeMicros,
    pnlMicros: pnl,
    feesMicros: b.feeMicros + (sold ? b.exitFeeMicros : 0n),
    // A stop-loss exit is a win only if it made money (as the trader's own reports count it).
    won: sold ? pnl > 0n : won(b),
    stopped: sold,
    closedMs: withStops ? (b.closedMs ?? b.closeMs) : b.closeMs,
  };
}

export interface BacktestRun {
  report: BacktestReport;
  /** Every entry of each selector and of "buy every candidate", for checking the replay. */
  rules: Bet[];
  claude: Bet[] | null;
  every: Bet[];
  scans: number;
  stopRuns: number;
  /** Breaker pauses of the rules selector (and of Claude's book). */
  pauses: { pausedMs: number; reason: string }[];
  claudePauses: { pausedMs: number; reason: string }[];
  /** Scans where Claude's answer failed or was missing (no trade, as in the product). */
  claudeFailures: number;
}

/** One selector's account: its own entries, budget, balance, breakers and learning, as the product keeps per mode. */
interface SelectorBook {
  name: string;
  bets: Bet[];
  pause: { pausedMs: number; reason: string } | null;
  lastResumeMs: number | null;
  pauses: { pausedMs: number; reason: string }[];
  /** The selections (unvalidated: the hard limits check them) for the offered candidates. */
  select(offered: Candidate[], ctx: { history: HistoryTrade[]; remainingMicros: bigint; balanceMicros: bigint; ms: number }): Promise<unknown[]>;
}

export async function runBacktest(opts: BacktestOptions): Promise<BacktestRun> {
  const { world, params } = opts;
  const markets = world.markets;
  const firstWindow = markets.length ? markets[0]!.closeMs - params.maxDaysToClose * DAY_MS : 0;
  const from = Math.ceil(Math.max(opts.fromMs ?? firstWindow, firstWindow) / HOUR_MS) * HOUR_MS;
  const to = Math.min(opts.toMs ?? Infinity, markets.at(-1)?.closeMs ?? 0);

  const every: Bet[] = [];
  const observations: PriceObservation[] = [];
  let claudeFailures = 0;
  const book = (name: string, select: SelectorBook['select']): SelectorBook => ({ name, bets: [], pause: null, lastResumeMs: null, pauses: [], select });
  const rulesBook = book('rules selector', async (offered, ctx) => {
    const picks = selectByRules(offered, {
      maxContracts: params.maxContracts,
      minPositionMicros: params.minPositionMicros,
      maxPositionMicros: params.maxPositionMicros,
      budgetMicros: ctx.remainingMicros < ctx.balanceMicros ? ctx.remainingMicros : ctx.balanceMicros,
      oddsRates: winRatesByOdds(ctx.history),
      minRewardToRiskPpm: params.minRewardToRiskPpm,
    });
    return picks.selected_contracts;
  });
  const claude = opts.claude;
  const claudeBook = claude
    ? book('Claude selector', async (offered, ctx) => {
        const toAi = offered.slice(0, params.maxCandidatesToAi);
        if (toAi.length === 0) return [];
        const context = buildContext({
          history: ctx.history,
          bankrollMicros: ctx.balanceMicros,
          dailyBudgetMicros: params.dailyBudgetMicros,
          remainingMicros: ctx.remainingMicros,
          maxContracts: params.maxContracts,
          minPositionMicros: params.minPositionMicros,
          maxPositionMicros: params.maxPositionMicros,
        });
        // Candlesticks carry no depth: say so rather than show the stand-in size.
        const data = toAi.map((c) => ({ ...candidateData(c), depth_dollars: 'unknown (historical quotes carry no depth)' }));
        const outcome = await claude.answer(ctx.ms, toAi.map((c) => c.ticker), buildUserMessage(context, data));
        if (!outcome.ok) claudeFailures++;
        return outcome.ok ? outcome.envelope.selected_contracts : [];
      })
    : null;
  const books = claudeBook ? [claudeBook, rulesBook] : [rulesBook];
  const rules = rulesBook.bets;
  let scans = 0;
  let stopRuns = 0;
  let firstScanMs: number | null = null;

  /** Markets open at `ms` and closing within the scan's horizon (markets are sorted by close). */
  const windowAt = (ms: number): SettledMarket[] => {
    const horizon = ms + params.maxDaysToClose * DAY_MS;
    let lo = 0;
    let hi = markets.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (markets[mid]!.closeMs <= ms) lo = mid + 1;
      else hi = mid;
    }
    const out: SettledMarket[] = [];
    for (let i = lo; i < markets.length && markets[i]!.closeMs <= horizon; i++) {
      const m = markets[i]!;
      if ((m.openMs ?? m.closeMs - DAY_MS) <= ms) out.push(m);
    }
    return out;
  };

  const bookSource = (quotes: Map<string, Quote>) => ({
    async *listOrderbooks(tickers: string[]): AsyncGenerator<Orderbook> {
      for (const t of tickers) yield bookFromQuote(t, quotes.get(t));
    },
  });

  const open = (bets: Bet[], ms: number) => bets.filter((b) => b.heldCenti > 0n && b.closeMs > ms);

  /** The stop-loss job at `ms` over every open position of both books. */
  const runStops = async (ms: number) => {
    const held = [...books.flatMap((k) => open(k.bets, ms)), ...open(every, ms)];
    if (held.length === 0) return;
    stopRuns++;
    const quotes = await world.quotesAt([...new Set(held.map((b) => b.ticker))], ms);
    for (const b of held) {
      const book = bookFromQuote(b.ticker, quotes.get(b.ticker));
      const own = b.side === 'YES' ? book.yes : book.no;
      const verdict = stopVerdict({ heldBidMicros: own[0]?.price_micros ?? null, marketStatus: null, tradingActive: true }, params);
      if (verdict.kind === 'below-floor') b.stopTriggeredMs ??= ms;
      if (verdict.kind !== 'sell') continue;
      const fills = walkBook(book, { side: b.side, action: 'SELL', limitMicros: verdict.limitMicros, countCenti: b.heldCenti });
      const sold = totals(fills);
      if (sold.countCenti === 0n) continue;
      b.stopTriggeredMs ??= ms;
      b.heldCenti -= sold.countCenti;
      b.exitProceedsMicros += sold.costMicros;
      b.exitFeeMicros += orderFeeMicros(marketOf(b.ticker).fee, fills);
      if (b.heldCenti === 0n) b.closedMs = ms;
    }
  };

  const byTicker = new Map(markets.map((m) => [m.ticker, m]));
  const marketOf = (t: string) => byTicker.get(t)!;

  /** A book's closed trades at `ms`, as the breakers and the selector's history see them. */
  const closedOf = (bets: readonly Bet[], ms: number): (ClosedTrade & { bet: Bet })[] => {
    const out: (ClosedTrade & { bet: Bet })[] = [];
    for (const b of bets) {
      const closedAt = b.heldCenti === 0n ? b.closedMs! : b.closeMs;
      if (closedAt > ms) continue;
      const s = settled(b, true);
      out.push({ status: s.stopped && b.heldCenti === 0n ? 'STOPPED' : won(b) ? 'WON' : 'LOST', pnlMicros: s.pnlMicros, closedAt: new Date(closedAt), bet: b });
    }
    return out.sort((a, b) => b.closedAt.getTime() - a.closedAt.getTime());
  };

  const scan = async (ms: number) => {
    scans++;
    firstScanMs ??= ms;
    const now = new Date(ms);
    const inWindow = windowAt(ms);
    const quotes = await world.quotesAt(inWindow.map((m) => m.ticker), ms);
    for (const m of inWindow) {
      const q = quotes.get(m.ticker);
      if (!q?.yesBidMicros || !q.yesAskMicros) continue;
      const yesMid = Number(q.yesBidMicros + q.yesAskMicros) / 2e6;
      const yesFavoured = yesMid >= 0.5;
      observations.push({
        mid: yesFavoured ? yesMid : 1 - yesMid,
        ask: Number(yesFavoured ? q.yesAskMicros : ONE - q.yesBidMicros) / 1e6,
        won: m.result === (yesFavoured ? 'yes' : 'no'),
      });
    }
    const rows: MarketRow[] = inWindow.map((m) => ({
      ticker: m.ticker,
      title: m.title,
      category: m.category,
      seriesTicker: m.seriesTicker,
      eventTicker: m.eventTicker,
      status: 'open',
      closeTime: new Date(m.closeMs),
      yesBidMicros: quotes.get(m.ticker)?.yesBidMicros ?? null,
      yesAskMicros: quotes.get(m.ticker)?.yesAskMicros ?? null,
      lastPriceMicros: null,
      latestLabel: null,
      fee: m.fee,
    }));
    const result = await scanRows(rows, bookSource(quotes), params, now, { synced: rows.length, active: rows.length });
    const enter = (c: Candidate, countCenti: bigint, pick: { probability: number; confidence: number; reasoning: string }): Bet | null => {
      const fills = walkBook(bookFromQuote(c.ticker, quotes.get(c.ticker)), { side: c.side, action: 'BUY', limitMicros: c.limitMicros, countCenti });
      const t = totals(fills);
      if (t.countCenti === 0n) return null;
      const m = marketOf(c.ticker);
      return {
        ticker: c.ticker, eventTicker: m.eventTicker, side: c.side, contracts: t.countCenti, costMicros: t.costMicros, feeMicros: orderFeeMicros(c.fee, fills),
        entryPriceMicros: t.avgPriceMicros!, ...pick, category: m.category, enteredMs: ms, closeMs: m.closeMs, result: m.result,
        heldCenti: t.countCenti, exitProceedsMicros: 0n, exitFeeMicros: 0n, stopTriggeredMs: null, closedMs: null,
      };
    };

    // Buy every candidate not already held, at the minimum position.
    const everyHeld = new Set(open(every, ms).map((b) => b.ticker));
    for (const c of result.candidates) {
      if (everyHeld.has(c.ticker)) continue;
      const size = sizeOrder(c, c.limitMicros, params.minPositionMicros);
      const b = size.countCenti > 0n ? enter(c, size.countCenti, { probability: Number(c.priceMicros) / 1e6, confidence: 0.5, reasoning: '' }) : null;
      if (b) every.push(b);
    }

    // Each selector through the hard limits, its breakers and its day's budget.
    for (const k of books) {
      const closed = closedOf(k.bets, ms);
      if (k.pause && ms - k.pause.pausedMs >= opts.resumeAfterDays * DAY_MS) {
        k.lastResumeMs = ms;
        k.pause = null;
      }
      if (!k.pause) {
        const stops = k.bets.filter((b) => b.stopTriggeredMs !== null && b.stopTriggeredMs <= ms).map((b) => new Date(b.stopTriggeredMs!));
        const v = evaluateBreakers({ closedNewestFirst: closed, stopLossTimes: stops, since: k.lastResumeMs === null ? null : new Date(k.lastResumeMs), now }, params);
        if (v.trip) {
          k.pause = { pausedMs: ms, reason: v.reason };
          k.pauses.push(k.pause);
        }
      }
      const history: HistoryTrade[] = closed.map(({ status, pnlMicros, bet }) => ({
        ticker: bet.ticker, title: bet.ticker, category: bet.category, side: bet.side, status, entryPriceMicros: bet.entryPriceMicros, costMicros: bet.costMicros,
        pnlMicros, aiProbability: bet.probability, aiConfidence: bet.confidence, aiReasoning: bet.reasoning, riskFactors: [], openedAt: new Date(bet.enteredMs),
      }));
      const today = easternDate(now);
      const spent = k.bets.filter((b) => easternDate(new Date(b.enteredMs)) === today).reduce((a, b) => a + b.costMicros + b.feeMicros, 0n);
      const remaining = params.dailyBudgetMicros > spent ? params.dailyBudgetMicros - spent : 0n;
      const realised = closed.reduce((a, c) => a + c.pnlMicros, 0n);
      const openBets = open(k.bets, ms);
      const committed = openBets.reduce((a, b) => a + b.costMicros + b.feeMicros, 0n);
      const balance = opts.bankrollMicros + realised - committed;
      const heldTickers = new Set(openBets.map((b) => b.ticker));
      const offered = params.allowAddingToPositions ? result.candidates : result.candidates.filter((c) => !heldTickers.has(c.ticker));
      // A paused book is not asked (the product skips the AI call too).
      const selections = k.pause ? [] : await k.select(offered, { history, remainingMicros: remaining, balanceMicros: balance > 0n ? balance : 0n, ms });
      const { approved } = applyLimits({
        selections,
        candidates: new Map(result.candidates.map((c) => [c.ticker, c])),
        params,
        remainingBudgetMicros: remaining,
        availableBalanceMicros: balance > 0n ? balance : 0n,
        pause: k.pause,
        heldTickers,
      });
      for (const a of approved) {
        const b = enter(a.candidate, a.countCenti, { probability: a.probability, confidence: a.confidence, reasoning: a.reasoning });
        if (b) k.bets.push(b);
      }
    }
  };

  for (let t = from; t <= to; t += HOUR_MS) {
    const hour = easternHour(t);
    if (hour % STOP_EVERY_HOURS === 0) await runStops(t);
    if (hour === SCAN_HOUR_ET) await scan(t);
  }

  const seed = opts.seed;
  const strategies = [
    ...books.flatMap((k) => [summarize(k.name, k.bets.map((b) => settled(b, true)), seed), summarize(`${k.name}, held to settlement`, k.bets.map((b) => settled(b, false)), seed)]),
    summarize('buy every candidate, held to settlement', every.map((b) => settled(b, false)), seed),
    summarize('buy every candidate, with the stop-loss', every.map((b) => settled(b, true)), seed),
  ];
  const main = strategies[0]!;
  const source = world.kind === 'history' ? `${markets.length} settled Kalshi markets (collected history)` : `${markets.length} settled markets of the local synthetic exchange`;
  const { verdict, edge } = verdictOf(main, strategies.slice(1), source);
  return {
    report: {
      createdAt: new Date().toISOString(),
      source: {
        kind: world.kind,
        description: world.description,
        settledMarkets: markets.length,
        from: firstScanMs === null ? null : new Date(firstScanMs).toISOString(),
        to: markets.length ? new Date(to).toISOString() : null,
      },
      settings: backtestSettings(opts),
      strategies,
      verdict,
      edge,
      calibration: calibrationTable(observations),
    },
    rules,
    claude: claudeBook?.bets ?? null,
    every,
    scans,
    stopRuns,
    pauses: rulesBook.pauses,
    claudePauses: claudeBook?.pauses ?? [],
    claudeFailures,
  };
}

/** Every setting and assumption of a run, as printed and stored with its report. */
export function backtestSettings(opts: BacktestOptions): Record<string, string> {
  const p = opts.params;
  const usd = (m: bigint) => `$${(Number(m) / 1e6).toFixed(2)}`;
  const unknownFees = opts.world.markets.filter((m) => !m.feeKnown).length;
  return {
    source: opts.world.description,
    window: `${opts.fromMs == null ? 'from the first market' : new Date(opts.fromMs).toISOString()} to ${opts.toMs == null ? 'the last close' : new Date(opts.toMs).toISOString()}`,
    schedule: `daily scan at ${SCAN_HOUR_ET}:00 US Eastern; stop-loss every ${STOP_EVERY_HOURS} h (even Eastern hours); settlement at close`,
    quotes: 'the close of the latest hourly candle (YES bid and ask) at each moment',
    fills: "entries at the ask (up to the limit = ask + slippage), stop-loss sales at the bid, each in full: candlesticks carry no depth; Kalshi's taker fee, exact to the cent",
    fees: unknownFees ? `each series' own schedule; ${unknownFees} markets without one use Kalshi's standard (quadratic × 1)` : "each series' own schedule",
    selector: opts.claude
      ? 'Claude (the daily scan\'s prompt and tool, answered from a recording or by the API) beside the rules selector; Claude may know how past events resolved, which flatters it on history older than its training'
      : 'rules (no AI): estimated win probability from price and its own resolved trades by odds band',
    tradingEnabled: String(p.tradingEnabled),
    dailyBudget: usd(p.dailyBudgetMicros),
    yesPriceBand: `${usd(p.minYesMicros)}–${usd(p.maxYesMicros)}`,
    noWhenYesAtMost: usd(p.maxYesForNoMicros),
    maxDaysToClose: String(p.maxDaysToClose),
    minDepth: `${usd(p.minDepthMicros)} (not checkable: candlesticks carry no depth; every candidate passes)`,
    positionSize: `${usd(p.minPositionMicros)}–${usd(p.maxPositionMicros)}`,
    maxContractsPerRun: String(p.maxContracts),
    maxSlippage: usd(p.maxSlippageMicros),
    stopLoss: `${usd(p.stopLossMicros)} (stop-limit floor ${usd(p.stopLossFloorMicros)})`,
    minRewardToRisk: `${(Number(p.minRewardToRiskPpm) / 10_000).toFixed(2)}%`,
    allowAddingToPositions: String(p.allowAddingToPositions),
    breakers: `pause after ${p.maxLossStreak} losses in a row or ${p.maxStopLosses24h} stop-losses in 24 h; a pause is resumed after ${opts.resumeAfterDays} day(s) (assumed: a person resumes it)`,
    excludeFlagged: `${p.excludeFlagged} (the monitor's labels are not replayed: no market is flagged)`,
    bankroll: usd(opts.bankrollMicros),
    buyEveryCandidate: `${usd(p.minPositionMicros)} in every candidate not already held`,
    bootstrap: `2,000 resamples of whole events, seed ${opts.seed}`,
    calibration: "every market in the scan window at every scan: the favoured side's midpoint and ask against its result",
  };
}

const ET_HOUR = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', hourCycle: 'h23' });

function easternHour(ms: number): number {
  return Number(ET_HOUR.format(ms));
}
