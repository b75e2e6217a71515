// Database rows → API shapes. Decimals leave as exact strings, never as floats.
import type { AlertPayload } from '../alerts/alert-payload.ts';
import type { Alert, Prisma } from '@sentinel/db';
import type { MarketListRow } from './markets.queries.ts';
import { z } from '@hono/zod-openapi';
import { FiredRuleSchema } from './markets.schemas.ts';

/** A Prisma Decimal, or a decimal SQL already wrote as exact text, as its exact text. */
export function dec(value: Prisma.Decimal | string | null | undefined): string | null {
  if (value == null) return null;
  return typeof value === 'string' ? value : value.toFixed();
}

/** The list row's fields, with decimals either as Prisma Decimals or as exact text from SQL. */
type SummarySource = {
  [K in keyof MarketListRow]: MarketListRow[K] extends Prisma.Decimal ? Prisma.Decimal | string : MarketListRow[K] extends Prisma.Decimal | null ? Prisma.Decimal | string | null : MarketListRow[K];
};

export function toMarketSummary(row: SummarySource, authenticated: boolean) {
  return {
    ticker: row.ticker,
    title: row.title,
    yesSubTitle: row.yesSubTitle,
    eventTicker: row.eventTicker,
    eventTitle: row.event.title || row.eventTicker,
    category: row.category,
    status: row.status,
    closeTime: row.closeTime.toISOString(),
    yesBid: dec(row.yesBid),
    yesAsk: dec(row.yesAsk),
    lastPrice: dec(row.lastPrice),
    volume: dec(row.volume)!,
    volume24h: dec(row.volume24h)!,
    openInterest: dec(row.openInterest)!,
    eligible: row.eligible,
    score:
      row.latestComposite !== null && row.latestLabel && row.latestScoredAt
        ? { composite: row.latestComposite, label: row.latestLabel, scoredAt: row.latestScoredAt.toISOString() }
        : null,
    userState: authenticated ? { watched: row.userState?.watched ?? false, dismissed: row.userState?.dismissed ?? false } : null,
  };
}

/** The stored rules, dropping anything that is not one (older rows, hand edits). */
function readRules(value: unknown): z.output<typeof FiredRuleSchema>[] {
  const parsed = z.array(FiredRuleSchema).safeParse(value);
  return parsed.success ? parsed.data : [];
}

export function toAlertDto(alert: Omit<Alert, 'previousAlertId' | 'dedupKey' | 'scoreId'>, marketTitle: string) {
  return {
    id: alert.id,
    ticker: alert.ticker,
    marketTitle,
    createdAt: alert.createdAt.toISOString(),
    composite: alert.composite,
    label: alert.label,
    explanation: alert.explanation,
    isEscalation: alert.isEscalation,
    scoreDelta: alert.scoreDelta,
    // Parsed through alert-payload.ts's schemas when written, so read as those types.
    signals: (alert.signals ?? {}) as AlertPayload['signals'],
    baseline: (alert.baseline ?? {}) as AlertPayload['baseline'],
    triggerTrades: (alert.triggerTrades ?? []) as AlertPayload['triggerTrades'],
    rules: readRules(alert.rules),
  };
}
