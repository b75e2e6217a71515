// The daily recap (top alerts of the past 24 hours) and the test email.
import { formatEastern } from '../../lib/time.ts';
import { fmtScore } from './alert-data.ts';
import type { RenderedEmail } from './alert.ts';
import { COLORS, FONT, SafeHtml, baseUrl, button, html, labelColor, layout, link, marketUrl } from './html.ts';

export interface RecapAlert {
  ticker: string;
  createdAt: Date;
  composite: number;
  label: string;
  explanation: string;
  isEscalation: boolean;
  market: { title: string };
}

export interface RecapInput {
  /** The top alerts, highest composite first. */
  alerts: RecapAlert[];
  /** Every alert of the period (the list above may be cut to the top few). */
  totalAlerts: number;
  /** The end of the period. */
  now: Date;
  /** "Nov 21, 2026": the Eastern date the recap is for. */
  dateLabel: string;
  threshold: number;
}

export function renderRecapEmail(input: RecapInput, options: { publicUrl: string }): RenderedEmail {
  const base = baseUrl(options.publicUrl);
  const { alerts, totalAlerts } = input;
  const subject =
    totalAlerts === 0
      ? `Kalshi Sentinel daily recap, ${input.dateLabel}: no alerts`
      : `Kalshi Sentinel daily recap, ${input.dateLabel}: ${totalAlerts} alert${totalAlerts === 1 ? '' : 's'}, top ${alerts[0]!.label} ${Math.floor(alerts[0]!.composite)}`;
  const summary =
    totalAlerts === 0
      ? `No market reached your alert threshold (${input.threshold}) in the 24 hours to ${formatEastern(input.now)}.`
      : `${totalAlerts} alert${totalAlerts === 1 ? '' : 's'} in the 24 hours to ${formatEastern(input.now)}${totalAlerts > alerts.length ? `; the top ${alerts.length} by score:` : ', by score:'}`;
  const font = new SafeHtml(FONT);
  const td = new SafeHtml(`style="padding:8px;border-bottom:1px solid ${COLORS.border};font-size:14px;vertical-align:top"`);

  const body = html`
<h1 style="margin:0 0 6px;font-size:20px;color:${COLORS.text}">Daily recap · ${input.dateLabel}</h1>
<p style="margin:0 0 16px;font-size:15px">${summary}</p>
${
  alerts.length > 0
    ? html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse">
${alerts.map(
  (a) => html`<tr>
<td ${td} width="90"><span style="display:inline-block;background:${labelColor(a.label)};color:#ffffff;border-radius:4px;padding:2px 6px;${font};font-size:12px;font-weight:700;white-space:nowrap">${a.label} ${fmtScore(a.composite)}</span></td>
<td ${td}>${link(marketUrl(options.publicUrl, a.ticker), a.market.title)}${a.isEscalation ? html` <span style="color:${labelColor(a.label)};font-size:12px;font-weight:700">ESCALATION</span>` : ''}<br><span style="font-size:12px;color:${COLORS.muted}">${a.ticker} · ${formatEastern(a.createdAt)}</span><br><span style="font-size:13px">${a.explanation}</span></td>
</tr>`,
)}
</table>`
    : html`<p style="margin:0 0 16px;font-size:14px;color:${COLORS.muted}">Quiet day: every monitored market traded in line with its own 7-day baseline.</p>`
}
${button(`${base}/alerts`, 'Open alert history')}`;

  const footer = html`Sent by Kalshi Sentinel at 8 pm US Eastern. ${link(`${base}/settings`, 'Turn the recap off or change recipients')}.`;

  const text = [
    `Kalshi Sentinel daily recap, ${input.dateLabel}`,
    '',
    summary,
    ...(alerts.length > 0
      ? alerts.flatMap((a, i) => [
          '',
          `${i + 1}. ${a.label} ${fmtScore(a.composite)}${a.isEscalation ? ' (escalation)' : ''}: ${a.market.title}`,
          `   ${a.ticker} · ${formatEastern(a.createdAt)}`,
          `   ${a.explanation}`,
          `   ${marketUrl(options.publicUrl, a.ticker)}`,
        ])
      : ['Quiet day: every monitored market traded in line with its own 7-day baseline.']),
    '',
    `Alert history: ${base}/alerts`,
    '--',
    `Turn the recap off or change recipients: ${base}/settings`,
  ].join('\n');

  return { subject, html: layout({ title: subject, preheader: summary, body, footer }), text };
}

export function renderTestEmail(input: { now: Date; recipients: string[] }, options: { publicUrl: string }): RenderedEmail {
  const base = baseUrl(options.publicUrl);
  const when = formatEastern(input.now);
  const subject = 'Kalshi Sentinel test email';
  const body = html`
<h1 style="margin:0 0 8px;font-size:20px">Email works</h1>
<p style="margin:0 0 12px">This test was sent at ${when} to ${input.recipients.join(', ')}. Alert emails and the daily recap will arrive the same way.</p>
${button(`${base}/settings`, 'Open settings')}`;
  const footer = html`Sent by Kalshi Sentinel from ${link(base, base)}.`;
  const text = [
    'Email works.',
    '',
    `This test was sent at ${when} to ${input.recipients.join(', ')}. Alert emails and the daily recap will arrive the same way.`,
    '',
    `Settings: ${base}/settings`,
  ].join('\n');
  return { subject, html: layout({ title: subject, preheader: `Test sent at ${when}`, body, footer }), text };
}
