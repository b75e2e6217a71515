// The alert email and the alert webhook for one Alert.
import { formatEastern } from '../../lib/time.ts';
import { fmtScore, fmtDollars, readBaseline, readSignals, readTriggerTrades } from './alert-data.ts';
import { fmtCents, fmtCount } from '../../monitor/scoring/format.ts';
import { COLORS, FONT, SafeHtml, baseUrl, button, html, labelColor, layout, link, marketUrl, oneLine } from './html.ts';

/** What the templates need from an Alert row and its Market; `Alert & { market: Market }` fits. */
export interface AlertForNotification {
  id: string;
  ticker: string;
  createdAt: Date;
  composite: number;
  label: string;
  explanation: string;
  isEscalation: boolean;
  scoreDelta: number | null;
  signals: unknown;
  baseline: unknown;
  triggerTrades: unknown;
  /** The rules that fired: [{ rule, reason }] (older alerts: none). */
  rules?: unknown;
  market: { title: string; yesSubTitle?: string | null; eventTicker?: string; category?: string };
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** "[HIGH 72] Will X happen? (KXTICKER-26)", with "↑15" for an escalation and "· WHALE" when the whale rule fired. */
export function alertSubject(alert: AlertForNotification): string {
  const escalation = alert.isEscalation && alert.scoreDelta ? ` ↑${Math.round(alert.scoreDelta)}` : '';
  const rules = Array.isArray(alert.rules) ? alert.rules.map((r) => (r as { rule?: unknown })?.rule) : [];
  const tag = rules.includes('whale') ? ' · WHALE' : rules.includes('signal') && !rules.includes('score') ? ' · SIGNAL' : '';
  return `[${alert.label} ${Math.floor(alert.composite)}${escalation}${tag}] ${oneLine(alert.market.title, 90)} (${oneLine(alert.ticker, 60)})`;
}

function escalationSentence(alert: AlertForNotification): string | null {
  if (!alert.isEscalation) return null;
  const delta = alert.scoreDelta;
  return delta !== null && Number.isFinite(delta)
    ? `Escalation: the score rose ${fmtScore(Math.abs(delta))} points since this market's previous alert.`
    : "Escalation: the score rose since this market's previous alert.";
}

/** The reasons of the rules that fired, as stored on the alert. */
export function readRuleReasons(rules: unknown): string[] {
  if (!Array.isArray(rules)) return [];
  return rules.flatMap((r) => (r && typeof r === 'object' && typeof (r as { reason?: unknown }).reason === 'string' ? [(r as { reason: string }).reason] : []));
}

export function renderAlertEmail(alert: AlertForNotification, options: { publicUrl: string }): RenderedEmail {
  const url = marketUrl(options.publicUrl, alert.ticker);
  const when = formatEastern(alert.createdAt);
  const signals = readSignals(alert.signals);
  const baseline = readBaseline(alert.baseline);
  const trades = readTriggerTrades(alert.triggerTrades);
  const escalation = escalationSentence(alert);
  const reasons = readRuleReasons(alert.rules);
  const color = labelColor(alert.label);
  const score = fmtScore(alert.composite);
  const subject = alertSubject(alert);
  const font = new SafeHtml(FONT);
  const th = new SafeHtml(`style="padding:6px 8px;border-bottom:1px solid ${COLORS.border};text-align:left;font-size:12px;color:${COLORS.muted};font-weight:600"`);
  const td = new SafeHtml(`style="padding:6px 8px;border-bottom:1px solid ${COLORS.border};font-size:14px;vertical-align:top"`);
  const tdNum = new SafeHtml(`style="padding:6px 8px;border-bottom:1px solid ${COLORS.border};font-size:14px;text-align:right;vertical-align:top;white-space:nowrap"`);

  const body = html`
<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>
<td bgcolor="${color}" style="background:${color};border-radius:4px;padding:4px 10px;${font};font-size:13px;font-weight:700;color:#ffffff;letter-spacing:0.5px">${alert.label} ${score}</td>
${escalation ? html`<td style="padding-left:8px;${font};font-size:13px;font-weight:700;color:${color}">ESCALATION${alert.scoreDelta !== null ? ` +${fmtScore(Math.abs(alert.scoreDelta))}` : ''}</td>` : ''}
</tr></table>
<h1 style="margin:14px 0 4px;font-size:20px;line-height:1.3;color:${COLORS.text}">${link(url, alert.market.title)}</h1>
${alert.market.yesSubTitle ? html`<p style="margin:0 0 4px;color:${COLORS.muted};font-size:14px">${alert.market.yesSubTitle}</p>` : ''}
<p style="margin:0 0 16px;color:${COLORS.muted};font-size:13px">${alert.ticker} · ${when}</p>
<p style="margin:0 0 12px;font-size:15px">${alert.explanation}</p>
${reasons.length > 0 ? html`<p style="margin:0 0 12px;font-size:13px;color:${COLORS.muted}">Why it alerted: ${reasons.join('; ')}.</p>` : ''}
${escalation ? html`<p style="margin:0 0 12px;font-size:14px;color:${color};font-weight:600">${escalation}</p>` : ''}
<h2 style="margin:20px 0 6px;font-size:15px">Signals</h2>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse">
<tr><th ${th}>Signal</th><th ${th} align="right">Weight</th><th ${th} align="right">Score</th><th ${th} align="right">Points</th></tr>
${signals.map(
  (s) => html`<tr><td ${td}>${s.title}${s.detail ? html`<br><span style="font-size:12px;color:${COLORS.muted}">${s.detail}</span>` : ''}</td><td ${tdNum}>${s.weight}%</td><td ${tdNum}>${fmtScore(s.score)}</td><td ${tdNum}>${fmtScore(s.points)}</td></tr>`,
)}
<tr><td ${td}><strong>Composite</strong></td><td ${tdNum}>100%</td><td ${tdNum}></td><td ${tdNum}><strong>${score}</strong></td></tr>
</table>
${
  trades.length > 0
    ? html`<h2 style="margin:20px 0 6px;font-size:15px">Largest trades</h2>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse">
<tr><th ${th}>Time (ET)</th><th ${th}>Bought</th><th ${th} align="right">Contracts</th><th ${th} align="right">Price</th><th ${th} align="right">Cost</th></tr>
${trades.map(
  (t) =>
    html`<tr><td ${td}>${t.at ? formatEastern(t.at) : '—'}</td><td ${td}>${t.side}</td><td ${tdNum}>${fmtCount(t.count)}</td><td ${tdNum}>${t.price === null ? '—' : fmtCents(t.price)}</td><td ${tdNum}>${t.cost === null ? '—' : fmtDollars(t.cost)}</td></tr>`,
)}
</table>`
    : ''
}
${
  baseline.length > 0
    ? html`<h2 style="margin:20px 0 6px;font-size:15px">7-day baseline</h2>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse">
${baseline.map((b) => html`<tr><td ${td}>${b.label}</td><td ${tdNum}>${b.value}</td></tr>`)}
</table>`
    : ''
}
${button(url, 'Open the market')}`;

  const footer = html`Sent by Kalshi Sentinel at ${when}. Scores compare a market with its own 7-day history; they are not trading advice. ${link(`${baseUrl(options.publicUrl)}/settings`, 'Change recipients or the threshold')}.`;

  const text = [
    `${alert.label} ${score}${escalation ? ' (escalation)' : ''}: ${alert.market.title}`,
    alert.market.yesSubTitle ? alert.market.yesSubTitle : null,
    `${alert.ticker} · ${when}`,
    '',
    alert.explanation,
    reasons.length > 0 ? `Why it alerted: ${reasons.join('; ')}.` : null,
    escalation,
    '',
    'Signals (weight, score, points):',
    ...signals.map((s) => `  ${s.title}: ${s.weight}% × ${fmtScore(s.score)} = ${fmtScore(s.points)}${s.detail ? ` (${s.detail})` : ''}`),
    `  Composite: ${score}`,
    ...(trades.length > 0
      ? [
          '',
          'Largest trades:',
          ...trades.map(
            (t) =>
              `  ${t.at ? formatEastern(t.at) : '—'}: ${fmtCount(t.count)} ${t.side} at ${t.price === null ? '—' : fmtCents(t.price)}${t.cost === null ? '' : ` (${fmtDollars(t.cost)})`}`,
          ),
        ]
      : []),
    ...(baseline.length > 0 ? ['', '7-day baseline:', ...baseline.map((b) => `  ${b.label}: ${b.value}`)] : []),
    '',
    `Open the market: ${url}`,
    '',
    '--',
    `Kalshi Sentinel. Scores are not trading advice. Settings: ${baseUrl(options.publicUrl)}/settings`,
  ]
    .filter((line) => line !== null)
    .join('\n');

  return { subject, html: layout({ title: subject, preheader: alert.explanation, body, footer }), text };
}

/** Slack wants `&`, `<`, `>` escaped (else `<!channel>` in a title would ping everyone). */
function slackEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * One body both Slack and Discord incoming webhooks accept: Slack reads `text` (mrkdwn), Discord reads
 * `content` and `username` (with mentions disabled), and everything else gets the structured `alert`.
 */
export function renderAlertWebhook(alert: AlertForNotification, options: { publicUrl: string }) {
  const url = marketUrl(options.publicUrl, alert.ticker);
  const score = fmtScore(alert.composite);
  const escalation = escalationSentence(alert);
  const title = oneLine(alert.market.title, 200);
  const headline = `${alert.label} ${score}${alert.isEscalation ? ' (escalation)' : ''}`;
  const discordTitle = title.replace(/([\\*_~`|>[\]()])/g, '\\$1');
  const reasons = readRuleReasons(alert.rules);
  const why = reasons.length > 0 ? `Why it alerted: ${reasons.join('; ')}.` : null;
  const content = [`**${headline}**: ${discordTitle} (${alert.ticker})`, alert.explanation, why, escalation, url].filter(Boolean).join('\n');
  const text = [`*${headline}*: <${url}|${slackEscape(title)}> (${slackEscape(alert.ticker)})`, slackEscape(alert.explanation), why && slackEscape(why), escalation]
    .filter(Boolean)
    .join('\n');
  return {
    text,
    content: content.length > 2000 ? `${content.slice(0, 1999)}…` : content,
    username: 'Kalshi Sentinel',
    allowed_mentions: { parse: [] as string[] },
    alert: {
      id: alert.id,
      ticker: alert.ticker,
      title: alert.market.title,
      label: alert.label,
      composite: alert.composite,
      explanation: alert.explanation,
      isEscalation: alert.isEscalation,
      scoreDelta: alert.scoreDelta,
      createdAt: alert.createdAt.toISOString(),
      createdAtEastern: formatEastern(alert.createdAt),
      url,
      signals: Object.fromEntries(readSignals(alert.signals).map((s) => [s.name, { score: s.score, weight: s.weight }])),
      rules: Array.isArray(alert.rules) ? (alert.rules as unknown[]) : [],
    },
  };
}
export type AlertWebhookPayload = ReturnType<typeof renderAlertWebhook>;
