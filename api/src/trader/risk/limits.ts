// The hard limits, applied to whatever the selector proposed. Pure: the same inputs always give
// the same orders and the same recorded verdicts. Every check records pass or fail with a reason.
import { HARD_LIMITS } from '../constants.ts';
import { expectedValueMicros, feeAt } from '../fees.ts';
import { dollars } from '../money.ts';
import type { Candidate } from '../scanner/criteria.ts';
import type { TraderParams } from '../settings.ts';
import { type Selection, SelectionSchema } from '../analyzer/tool.ts';

export interface Check {
  check: string;
  passed: boolean;
  reason: string;
  ticker?: string;
}

export interface ApprovedOrder {
  ticker: string;
  side: 'YES' | 'NO';
  /** Price of the held side we will pay at most (whole cents). */
  limitMicros: bigint;
  countCenti: bigint;
  allocationMicros: bigint;
  /** Worst case: every contract at the limit, plus the fee. */
  maxCostMicros: bigint;
  feeMicros: bigint;
  evMicros: bigint;
  probability: number;
  confidence: number;
  reasoning: string;
  riskFactors: string[];
  candidate: Candidate;
}

export interface LimitsInput {
  selections: readonly unknown[];
  /** Tickers the scanner qualified in this run (flagged ones included only when flags are allowed). */
  candidates: ReadonlyMap<string, Candidate>;
  params: TraderParams;
  /** Daily budget minus what was already spent today. */
  remainingBudgetMicros: bigint;
  availableBalanceMicros: bigint;
  pause: { reason: string } | null;
  /** Tickers this mode already holds (or has an entry in flight for): one position per ticker. */
  heldTickers?: ReadonlySet<string>;
}

/**
 * Net win ÷ amount at risk, in parts per million, for `countCenti` contracts bought at
 * `priceMicros` with `feeMicros` paid: (payout − cost − fee) ÷ (cost + fee). A 99¢ contract
 * risks 99¢ (plus the fee) to win at most a cent.
 */
export function rewardToRiskPpm(countCenti: bigint, priceMicros: bigint, feeMicros: bigint): bigint {
  const cost = (countCenti * priceMicros) / 100n;
  const risk = cost + feeMicros;
  if (risk <= 0n) return 0n;
  const reward = countCenti * 10_000n - cost - feeMicros;
  return (reward * 1_000_000n) / risk;
}

/** Whole contracts whose cost at the limit plus the fee fits the allocation. */
export function sizeOrder(c: Pick<Candidate, 'fee'>, limitMicros: bigint, allocationMicros: bigint): { countCenti: bigint; costMicros: bigint; feeMicros: bigint } {
  if (limitMicros <= 0n || allocationMicros <= 0n) return { countCenti: 0n, costMicros: 0n, feeMicros: 0n };
  let contracts = allocationMicros / limitMicros;
  while (contracts > 0n) {
    const cc = contracts * 100n;
    const cost = contracts * limitMicros;
    const fee = feeAt(c.fee, cc, limitMicros);
    if (cost + fee <= allocationMicros) return { countCenti: cc, costMicros: cost, feeMicros: fee };
    contracts--;
  }
  return { countCenti: 0n, costMicros: 0n, feeMicros: 0n };
}

/**
 * The order an allocation becomes at the candidate's limit price (the worst fill), and its exact
 * expected value at `probability`: the hard limits' size and EV checks, which the rules selector
 * applies to its own picks too.
 */
export function orderAtLimit(c: Pick<Candidate, 'fee' | 'limitMicros'>, allocationMicros: bigint, probability: number) {
  const size = sizeOrder(c, c.limitMicros, allocationMicros);
  const ev = expectedValueMicros(c.fee, size.countCenti, c.limitMicros, BigInt(Math.round(probability * 1_000_000)));
  return { size, ev };
}

export function applyLimits(input: LimitsInput): { approved: ApprovedOrder[]; checks: Check[] } {
  const { params } = input;
  const checks: Check[] = [];
  const record = (check: string, passed: boolean, reason: string, ticker?: string) => {
    checks.push({ check, passed, reason, ...(ticker ? { ticker } : {}) });
    return passed;
  };
  if (!record('trading-enabled', params.tradingEnabled, params.tradingEnabled ? 'trading is enabled' : 'trading is disabled in settings')) return { approved: [], checks };
  if (!record('circuit-breaker', !input.pause, input.pause ? `new entries paused: ${input.pause.reason}` : 'no breaker tripped')) return { approved: [], checks };
  const max = Math.min(params.maxContracts, HARD_LIMITS.maxContractsPerRun);
  const n = input.selections.length;
  // More than allowed means the answer ignored the rules: none of it is trusted.
  if (!record('contract-count', n <= max, `${n} selected; at most ${max} allowed`)) return { approved: [], checks };

  const approved: ApprovedOrder[] = [];
  const seen = new Set<string>();
  let budgetLeft = input.remainingBudgetMicros < input.availableBalanceMicros ? input.remainingBudgetMicros : input.availableBalanceMicros;
  record('budget', budgetLeft > 0n, `spendable today ${dollars(budgetLeft)} (remaining budget ${dollars(input.remainingBudgetMicros)}, balance ${dollars(input.availableBalanceMicros)})`);

  input.selections.forEach((raw, i) => {
    const parsed = SelectionSchema.safeParse(raw);
    const label = typeof (raw as { ticker?: unknown })?.ticker === 'string' ? String((raw as { ticker: string }).ticker).slice(0, 100) : `#${i + 1}`;
    if (!record('schema', parsed.success, parsed.success ? 'well-formed' : `malformed selection: ${parsed.error!.issues.map((x) => `${x.path.join('.') || 'entry'} ${x.message}`).join('; ').slice(0, 300)}`, label)) return;
    const s: Selection = parsed.data!;
    const c = input.candidates.get(s.ticker);
    if (!record('qualified-ticker', Boolean(c), c ? 'qualified by the scanner in this run' : 'not a ticker the scanner qualified in this run', s.ticker)) return;
    if (!record('unique', !seen.has(s.ticker), seen.has(s.ticker) ? 'selected twice' : 'first selection of this ticker', s.ticker)) return;
    seen.add(s.ticker);
    const held = input.heldTickers?.has(s.ticker) ?? false;
    if (held && !params.allowAddingToPositions) {
      record('one-position-per-ticker', false, 'already held: a later scan does not add to a position (allowAddingToPositions is off)', s.ticker);
      return;
    }
    if (!record('side', s.side === c!.side, s.side === c!.side ? `${s.side} as qualified` : `side ${s.side} but the market qualified for ${c!.side}`, s.ticker)) return;
    if (c!.flagged && params.excludeFlagged) {
      record('monitor-flag', false, `monitor label ${c!.monitorLabel}: excluded`, s.ticker);
      return;
    }
    let alloc = s.allocation > 0 ? BigInt(Math.floor(Math.min(s.allocation, 1e9) * 100 + 1e-6)) * 10_000n : 0n;
    if (!record('min-allocation', alloc >= params.minPositionMicros, `allocation ${dollars(alloc)}; minimum ${dollars(params.minPositionMicros)}`, s.ticker)) return;
    if (alloc > params.maxPositionMicros) {
      record('max-allocation', true, `allocation ${dollars(alloc)} reduced to the maximum ${dollars(params.maxPositionMicros)}`, s.ticker);
      alloc = params.maxPositionMicros;
    } else record('max-allocation', true, `allocation ${dollars(alloc)} within the maximum`, s.ticker);
    if (alloc > budgetLeft) {
      if (budgetLeft < params.minPositionMicros) {
        record('daily-budget', false, `only ${dollars(budgetLeft)} left of today's budget and balance`, s.ticker);
        return;
      }
      record('daily-budget', true, `allocation reduced to the ${dollars(budgetLeft)} left today`, s.ticker);
      alloc = budgetLeft;
    } else record('daily-budget', true, `${dollars(alloc)} fits the ${dollars(budgetLeft)} left today`, s.ticker);
    const { size, ev } = orderAtLimit(c!, alloc, s.probability);
    if (!record('size', size.countCenti > 0n, `${size.countCenti / 100n} contracts at limit ${dollars(c!.limitMicros)} (+ fee ${dollars(size.feeMicros)})`, s.ticker)) return;
    const rr = rewardToRiskPpm(size.countCenti, c!.limitMicros, size.feeMicros);
    if (
      !record(
        'reward-to-risk',
        rr >= params.minRewardToRiskPpm,
        `at the limit ${dollars(c!.limitMicros)}: win ${dollars(size.countCenti * 10_000n - size.costMicros - size.feeMicros)} for ${dollars(size.costMicros + size.feeMicros)} at risk after fees, ${(Number(rr) / 10_000).toFixed(2)}% (minimum ${(Number(params.minRewardToRiskPpm) / 10_000).toFixed(2)}%)`,
        s.ticker,
      )
    )
      return;
    if (!record('expected-value', ev.evMicros > 0n, `EV ${dollars(ev.evMicros)} at probability ${s.probability} after fee ${dollars(ev.feeMicros)} (${c!.fee.feeType} × ${Number(c!.fee.multiplier10k) / 10_000})`, s.ticker)) return;
    const maxCost = size.costMicros + size.feeMicros;
    budgetLeft -= maxCost;
    approved.push({
      ticker: s.ticker,
      side: s.side,
      limitMicros: c!.limitMicros,
      countCenti: size.countCenti,
      allocationMicros: alloc,
      maxCostMicros: maxCost,
      feeMicros: size.feeMicros,
      evMicros: ev.evMicros,
      probability: s.probability,
      confidence: s.confidence,
      reasoning: s.reasoning,
      riskFactors: s.risk_factors,
      candidate: c!,
    });
  });
  return { approved, checks };
}
