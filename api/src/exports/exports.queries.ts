// What each export contains: its columns and its rows, read oldest first in keyset pages of
// PAGE_SIZE, so an export of a million rows holds one page in memory at a time. Money is exact
// dollar strings (as in the API), times ISO 8601 in UTC, text as stored.
import type { PrismaClient } from '@sentinel/db';
import { dollars, decToMicros } from '../trader/money.ts';
import type { Cell } from './csv.ts';

export const EXPORT_KINDS = ['alerts', 'positions', 'orders', 'fills', 'decisions'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const PAGE_SIZE = 500;

export interface ExportFilters {
  from?: Date;
  /** Exclusive. */
  to?: Date;
  mode?: 'PAPER' | 'LIVE';
  label?: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
  status?: 'OPEN' | 'WON' | 'LOST' | 'STOPPED' | 'CLOSED';
}

export type ExportRow = Record<string, Cell>;

export interface ExportDefinition {
  columns: readonly string[];
  /** Pages of rows, oldest first. */
  pages(prisma: PrismaClient, filters: ExportFilters): AsyncGenerator<ExportRow[]>;
}

type Decimalish = { toFixed(d: number): string };
const money = (v: Decimalish | null): string | null => (v === null ? null : dollars(decToMicros(v)));
const count = (v: Decimalish): string => v.toFixed(2);
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function range(filters: ExportFilters) {
  if (!filters.from && !filters.to) return undefined;
  return { ...(filters.from ? { gte: filters.from } : {}), ...(filters.to ? { lt: filters.to } : {}) };
}

/**
 * Keyset paging on (time, key): `fetch` gets the last row's time and key and returns the next
 * page in (time, key) order; it ends when a page comes back short.
 */
async function* keyset<T>(fetch: (after: { at: Date; key: string } | null) => Promise<T[]>, keyOf: (row: T) => { at: Date; key: string }, map: (row: T) => ExportRow): AsyncGenerator<ExportRow[]> {
  let after: { at: Date; key: string } | null = null;
  for (;;) {
    const rows = await fetch(after);
    if (rows.length > 0) yield rows.map(map);
    if (rows.length < PAGE_SIZE) return;
    after = keyOf(rows.at(-1)!);
  }
}

/** The `where` clause for "after (at, key)" on columns `time` and `id`. */
function afterClause(time: string, id: string, after: { at: Date; key: string } | null) {
  if (!after) return {};
  return { OR: [{ [time]: { gt: after.at } }, { [time]: after.at, [id]: { gt: after.key } }] };
}

const ruleNames = (rules: unknown): string[] => (Array.isArray(rules) ? rules.map((r) => String((r as { rule?: unknown }).rule ?? '')) : []);
const ruleReasons = (rules: unknown): string[] => (Array.isArray(rules) ? rules.map((r) => String((r as { reason?: unknown }).reason ?? '')) : []);

export const EXPORTS: Record<ExportKind, ExportDefinition> = {
  alerts: {
    columns: ['id', 'createdAt', 'ticker', 'title', 'category', 'label', 'composite', 'rules', 'reasons', 'isEscalation', 'scoreDelta', 'explanation'],
    pages: (prisma, f) =>
      keyset(
        (after) =>
          prisma.alert.findMany({
            where: { AND: [{ createdAt: range(f), ...(f.label ? { label: f.label } : {}) }, afterClause('createdAt', 'id', after)] },
            orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
            take: PAGE_SIZE,
            select: { id: true, createdAt: true, ticker: true, label: true, composite: true, rules: true, isEscalation: true, scoreDelta: true, explanation: true, market: { select: { title: true, category: true } } },
          }),
        (a) => ({ at: a.createdAt, key: a.id }),
        (a) => ({
          id: a.id,
          createdAt: a.createdAt.toISOString(),
          ticker: a.ticker,
          title: a.market.title,
          category: a.market.category,
          label: a.label,
          composite: Math.round(a.composite * 100) / 100,
          rules: ruleNames(a.rules),
          reasons: ruleReasons(a.rules),
          isEscalation: a.isEscalation,
          scoreDelta: a.scoreDelta === null ? null : Math.round(a.scoreDelta * 100) / 100,
          explanation: a.explanation,
        }),
      ),
  },
  positions: {
    columns: ['id', 'mode', 'openedAt', 'closedAt', 'ticker', 'title', 'category', 'seriesTicker', 'side', 'status', 'contracts', 'entryPrice', 'cost', 'entryFees', 'exitPrice', 'proceeds', 'exitFees', 'pnl', 'aiProbability', 'aiConfidence', 'aiReasoning', 'riskFactors', 'decisionId'],
    pages: (prisma, f) =>
      keyset(
        (after) =>
          prisma.position.findMany({
            where: { AND: [{ openedAt: range(f), ...(f.mode ? { mode: f.mode } : {}), ...(f.status ? { status: f.status } : {}) }, afterClause('openedAt', 'id', after)] },
            orderBy: [{ openedAt: 'asc' }, { id: 'asc' }],
            take: PAGE_SIZE,
          }),
        (p) => ({ at: p.openedAt, key: p.id }),
        (p) => ({
          id: p.id,
          mode: p.mode,
          openedAt: p.openedAt.toISOString(),
          closedAt: iso(p.closedAt),
          ticker: p.ticker,
          title: p.title,
          category: p.category,
          seriesTicker: p.seriesTicker,
          side: p.side,
          status: p.status,
          contracts: count(p.contracts),
          entryPrice: money(p.entryPrice),
          cost: money(p.cost),
          entryFees: money(p.entryFees),
          exitPrice: money(p.exitPrice),
          proceeds: money(p.proceeds),
          exitFees: money(p.exitFees),
          pnl: money(p.pnl),
          aiProbability: p.aiProbability,
          aiConfidence: p.aiConfidence,
          aiReasoning: p.aiReasoning,
          riskFactors: Array.isArray(p.riskFactors) ? p.riskFactors.map(String) : [],
          decisionId: p.decisionId,
        }),
      ),
  },
  orders: {
    columns: ['id', 'createdAt', 'mode', 'ticker', 'side', 'action', 'purpose', 'status', 'limitPrice', 'count', 'filledCount', 'averageFillPrice', 'feesPaid', 'clientOrderId', 'exchangeOrderId', 'positionId', 'decisionId', 'error'],
    pages: (prisma, f) =>
      keyset(
        (after) =>
          prisma.traderOrder.findMany({
            where: { AND: [{ createdAt: range(f), ...(f.mode ? { mode: f.mode } : {}) }, afterClause('createdAt', 'id', after)] },
            orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
            take: PAGE_SIZE,
          }),
        (o) => ({ at: o.createdAt, key: o.id }),
        (o) => ({
          id: o.id,
          createdAt: o.createdAt.toISOString(),
          mode: o.mode,
          ticker: o.ticker,
          side: o.side,
          action: o.action,
          purpose: o.purpose,
          status: o.status,
          limitPrice: money(o.limitPrice),
          count: count(o.count),
          filledCount: count(o.filledCount),
          averageFillPrice: money(o.averageFillPrice),
          feesPaid: money(o.feesPaid),
          clientOrderId: o.clientOrderId,
          exchangeOrderId: o.exchangeOrderId,
          positionId: o.positionId,
          decisionId: o.decisionId,
          error: o.error,
        }),
      ),
  },
  fills: {
    columns: ['fillId', 'createdAt', 'mode', 'ticker', 'side', 'action', 'count', 'price', 'fee', 'isTaker', 'orderId', 'positionId'],
    pages: (prisma, f) =>
      keyset(
        (after) =>
          prisma.traderFill.findMany({
            where: { AND: [{ createdAt: range(f), ...(f.mode ? { order: { mode: f.mode } } : {}) }, afterClause('createdAt', 'fillId', after)] },
            orderBy: [{ createdAt: 'asc' }, { fillId: 'asc' }],
            take: PAGE_SIZE,
            include: { order: { select: { mode: true, positionId: true } } },
          }),
        (x) => ({ at: x.createdAt, key: x.fillId }),
        (x) => ({
          fillId: x.fillId,
          createdAt: x.createdAt.toISOString(),
          mode: x.order.mode,
          ticker: x.ticker,
          side: x.side,
          action: x.action,
          count: count(x.count),
          price: money(x.price),
          fee: money(x.fee),
          isTaker: x.isTaker,
          orderId: x.orderId,
          positionId: x.order.positionId,
        }),
      ),
  },
  decisions: {
    columns: ['id', 'runAt', 'selector', 'model', 'dryRun', 'contractsAnalyzed', 'contractsSelected', 'totalAllocated', 'inputTokens', 'outputTokens', 'cost', 'checksPassed', 'checksFailed', 'failedChecks', 'strategyNotes', 'error'],
    pages: (prisma, f) =>
      keyset(
        (after) =>
          prisma.aiDecision.findMany({
            where: { AND: [{ runAt: range(f) }, afterClause('runAt', 'id', after)] },
            orderBy: [{ runAt: 'asc' }, { id: 'asc' }],
            take: PAGE_SIZE,
            // The prompt's context and the raw answer can be large: the export is the table, the API has the rest.
            select: { id: true, runAt: true, selector: true, model: true, dryRun: true, contractsAnalyzed: true, contractsSelected: true, totalAllocated: true, inputTokens: true, outputTokens: true, costUsd: true, checks: true, strategyNotes: true, error: true },
          }),
        (d) => ({ at: d.runAt, key: d.id }),
        (d) => {
          const checks = (Array.isArray(d.checks) ? d.checks : []) as { check?: string; passed?: boolean; reason?: string; ticker?: string }[];
          const failed = checks.filter((x) => x.passed === false);
          return {
            id: d.id,
            runAt: d.runAt.toISOString(),
            selector: d.selector,
            model: d.model,
            dryRun: d.dryRun,
            contractsAnalyzed: d.contractsAnalyzed,
            contractsSelected: d.contractsSelected,
            totalAllocated: money(d.totalAllocated),
            inputTokens: d.inputTokens,
            outputTokens: d.outputTokens,
            cost: money(d.costUsd),
            checksPassed: checks.length - failed.length,
            checksFailed: failed.length,
            failedChecks: failed.map((x) => `${x.check ?? ''}${x.ticker ? ` ${x.ticker}` : ''}: ${x.reason ?? ''}`),
            strategyNotes: d.strategyNotes,
            error: d.error,
          };
        },
      ),
  },
};
