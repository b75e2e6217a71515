// The 7 am report: yesterday's activity and the standing now, stored as a DailyReport and
// queued in the outbox for the alert recipients (HTML and text). Never sent directly.
import { enqueue } from '../../notifications/outbox.ts';
import { redactSecrets } from '../../lib/redact.ts';
import { latestBacktestReport } from '../backtest/store.ts';
import { backtestVerdict, edgeOf } from '../backtest/verdict.ts';
import { decToMicros, dollars, usd } from '../money.ts';
import type { TraderDeps } from '../pipeline.ts';
import { loadTraderParams } from '../settings.ts';
import { easternDate, startOfEasternDay } from '../state.ts';
import { buildSummary, openPositions } from './performance.ts';
import { MorningSummarySchema } from '../stored-shapes.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export async function runMorningReport(deps: TraderDeps) {
  const { prisma } = deps;
  const now = deps.now();
  const today = easternDate(now);
  const dayStart = startOfEasternDay(now);
  const yStart = startOfEasternDay(new Date(dayStart.getTime() - 3_600_000));
  const summary = await buildSummary(deps);
  const opened = await prisma.position.findMany({ where: { openedAt: { gte: yStart, lt: dayStart } }, orderBy: { openedAt: 'asc' } });
  const closed = await prisma.position.findMany({ where: { closedAt: { gte: yStart, lt: dayStart } }, orderBy: { closedAt: 'asc' } });
  const decisions = await prisma.aiDecision.count({ where: { runAt: { gte: yStart, lt: dayStart } } });
  const open = await openPositions(prisma, summary.mode);
  const s = summary.stats;
  const backtest = await latestBacktestReport(prisma);
  const lines = [
    `Kalshi Sentinel trader — morning report for ${today} (${summary.mode.toLowerCase()} trading, selector ${summary.selector})`,
    '',
    `Bankroll: ${summary.bankrollMicros === null ? `unavailable (${summary.bankrollError})` : usd(summary.bankrollMicros)}`,
    `All time: ${s.closed} closed trades, ${s.wins} won, ${s.losses} lost, win rate ${s.winRate === null ? '—' : `${(s.winRate * 100).toFixed(1)}%`}, P&L ${usd(s.pnlMicros)}, ROI ${s.roi === null ? '—' : `${s.roi.toFixed(2)}%`}`,
    `Open positions: ${open.length}, unrealized P&L ${usd(summary.unrealizedMicros)}`,
    `Circuit breaker: ${summary.breaker.paused ? `PAUSED — ${summary.breaker.reason}` : 'clear'}`,
    `Strategy evidence: ${backtestVerdict(backtest)}`,
    `Yesterday: ${decisions} analysis run(s), ${opened.length} position(s) opened, ${closed.length} closed.`,
    ...opened.map((p) => `  bought ${p.side} ${p.ticker} for ${usd(decToMicros(p.cost))}`),
    ...closed.map((p) => `  ${p.status.toLowerCase()} ${p.side} ${p.ticker}: P&L ${p.pnl === null ? '—' : usd(decToMicros(p.pnl))}`),
  ];
  const secrets = deps.services.secrets;
  const text = redactSecrets(lines.join('\n'), secrets);
  const html = redactSecrets(
    `<h2>Morning report — ${esc(today)}</h2><p>${esc(summary.mode.toLowerCase())} trading · selector ${esc(summary.selector)}</p><ul>${lines
      .slice(2)
      .filter(Boolean)
      .map((l) => `<li>${esc(l.trim())}</li>`)
      .join('')}</ul>`,
    secrets,
  );
  const date = new Date(`${today}T00:00:00Z`);
  const payload = MorningSummarySchema.parse(
    { mode: summary.mode, opened: opened.length, closed: closed.length, decisions, open: open.length, paused: summary.breaker.paused, pnl: dollars(s.pnlMicros), winRate: s.winRate, backtestEdge: edgeOf(backtest) },
  );
  await prisma.dailyReport.upsert({ where: { date }, create: { date, summary: payload, text, html }, update: { summary: payload, text, html } });
  const params = await loadTraderParams(prisma);
  let queued = 0;
  if (params.alertEmails.length > 0) {
    const inserted = await enqueue(prisma, {
      channel: 'EMAIL',
      kind: 'trader-morning-report',
      dedupKey: `trader-morning-report:${today}`,
      recipients: params.alertEmails,
      subject: `Trader morning report ${today}: ${summary.mode.toLowerCase()}, P&L ${usd(s.pnlMicros)}${summary.breaker.paused ? ' — PAUSED' : ''}`,
      html,
      text,
      payload,
    }, now);
    if (inserted) queued++;
  }
  return { reports: 1, emailsQueued: queued };
}
