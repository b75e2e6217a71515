import { describe, expect, it } from 'vitest';
import { WEIGHTS } from '../../monitor/scoring/constants.ts';
import { alertSubject, renderAlertEmail, renderAlertWebhook } from './alert.ts';
import { fmtScore, readSignals, readTriggerTrades } from './alert-data.ts';
import { sampleAlert } from './fixtures.ts';
import { escapeHtml } from './html.ts';
import { renderRecapEmail, renderTestEmail } from './recap.ts';

const publicUrl = 'https://sentinel.example.com/';
const hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)> \'quoted\'';

describe('alert email', () => {
  it('has a subject with label, whole score, title and ticker', () => {
    expect(alertSubject(sampleAlert())).toBe('[HIGH 72] Will the Fed cut rates by 25bps in December? (KXFEDDECISION-26DEC-H25)');
    // 74.99 is HIGH: the subject must not round it up to a CRITICAL-looking 75
    expect(alertSubject(sampleAlert({ composite: 74.99 }))).toMatch(/^\[HIGH 74\]/);
    expect(alertSubject(sampleAlert({ market: { title: 'Line\r\nBcc: evil@example.com' } }))).not.toMatch(/[\r\n]/);
  });

  it('shows the time in US Eastern, 12-hour, with EST or EDT', () => {
    const winter = renderAlertEmail(sampleAlert(), { publicUrl });
    expect(winter.html).toContain('Dec 9, 2026, 2:05 PM EST');
    expect(winter.text).toContain('Dec 9, 2026, 2:05 PM EST');
    const summer = renderAlertEmail(sampleAlert({ createdAt: new Date('2026-07-04T01:30:00Z') }), { publicUrl });
    expect(summer.text).toContain('Jul 3, 2026, 9:30 PM EDT');
  });

  it('links to the market page (once, without a doubled slash) in HTML and text', () => {
    const { html, text } = renderAlertEmail(sampleAlert(), { publicUrl });
    expect(html).toContain('href="https://sentinel.example.com/markets/KXFEDDECISION-26DEC-H25"');
    expect(text).toContain('Open the market: https://sentinel.example.com/markets/KXFEDDECISION-26DEC-H25');
    expect(html).not.toContain('.com//');
  });

  it('lists each sub-score with its weight, the baseline and the largest trades', () => {
    const { html, text } = renderAlertEmail(sampleAlert(), { publicUrl });
    expect(text).toContain(`Trade size: ${WEIGHTS.tradeSize}% × 95.0 = 28.5 (a 4,200-contract YES order is 38× the median)`);
    expect(text).toContain(`Price impact: ${WEIGHTS.priceImpact}% × 80.0 = 20.0`);
    expect(text).toContain(`Cross-market: ${WEIGHTS.crossMarket}% × 20.0 = 1.0`);
    expect(text).toContain('Composite: 72.4');
    expect(html).toContain('>30%<');
    expect(text).toContain('Median order: 110 contracts');
    expect(text).toContain('History covered: 7 days');
    expect(text).toContain('Median spread: 2¢');
    // largest first; a NO taker paid 1 − YES price
    expect(text).toMatch(/Largest trades:\n {2}Dec 9, 2026, 1:58 PM EST: 4,200 YES at 41¢ \(\$1,722\)\n {2}Dec 9, 2026, 2:01 PM EST: 300 NO at 55¢ \(\$165\)/);
    expect(html).toContain('is 38× this market’s median order, and the price jumped 12¢ in 5 minutes.');
  });

  it('escapes untrusted market text in the HTML', () => {
    const alert = sampleAlert({ ticker: 'KX<b>', market: { title: hostile, yesSubTitle: '<i>sub</i>' }, explanation: 'a < b & c' });
    const { html, text, subject } = renderAlertEmail(alert, { publicUrl });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<i>sub</i>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt; &#39;quoted&#39;');
    expect(html).toContain('a &lt; b &amp; c');
    expect(html).toContain('href="https://sentinel.example.com/markets/KX%3Cb%3E"');
    // plain text and the subject are not HTML: they carry the text as is
    expect(text).toContain(hostile);
    expect(subject).toContain('<script>');
  });

  it('marks an escalation and by how much', () => {
    const alert = sampleAlert({ isEscalation: true, scoreDelta: 16.4, composite: 88.9, label: 'CRITICAL' });
    const { html, text, subject } = renderAlertEmail(alert, { publicUrl });
    expect(subject).toMatch(/^\[CRITICAL 88 ↑16\] /);
    expect(text).toContain('CRITICAL 88.9 (escalation)');
    expect(text).toContain("Escalation: the score rose 16.4 points since this market's previous alert.");
    expect(html).toContain('ESCALATION +16.4');
    const plain = renderAlertEmail(sampleAlert(), { publicUrl });
    expect(plain.text).not.toMatch(/escalation/i);
    expect(plain.html).not.toContain('ESCALATION');
  });

  it('renders partial or oddly shaped JSON columns without failing', () => {
    const { text } = renderAlertEmail(sampleAlert({ signals: { tradeSize: 70 }, baseline: null, triggerTrades: 'nonsense' }), { publicUrl });
    expect(text).toContain('Trade size: 30% × 70.0 = 21.0');
    expect(text).toContain('Timing: 5% × 0.0 = 0.0');
    expect(text).not.toContain('Largest trades');
    expect(text).not.toContain('7-day baseline');
    expect(readSignals({ subScores: { liquidity: 150 } }).find((s) => s.name === 'liquidity')!.score).toBe(100);
    // the shape the monitor's alert step writes
    expect(readTriggerTrades([{ tradeId: 'x', at: '2026-01-01T00:00:00.000Z', yesPrice: 0.25, count: 8, takerSide: 'yes' }])).toEqual([
      { at: new Date('2026-01-01T00:00:00Z'), side: 'YES', price: 0.25, count: 8, cost: 2 },
    ]);
    expect(readTriggerTrades([{ createdTime: '2026-01-01T00:00:00Z', yes_price: '0.5', count: '10', taker_outcome_side: 'no' }])).toEqual([
      { at: new Date('2026-01-01T00:00:00Z'), side: 'NO', price: 0.5, count: 10, cost: 5 },
    ]);
  });

  it('uses inline styles only', () => {
    const { html } = renderAlertEmail(sampleAlert(), { publicUrl });
    expect(html).not.toMatch(/<style|<link|<script/i);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  });
});

describe('alert webhook', () => {
  it('is one body Slack and Discord both accept, with the structured alert', () => {
    const payload = renderAlertWebhook(sampleAlert({ market: { title: 'Will <!channel> @everyone *win*?' } }), { publicUrl });
    expect(payload.username).toBe('Kalshi Sentinel');
    // Slack: mrkdwn link, and & < > escaped so a title cannot ping the channel
    expect(payload.text).toContain('*HIGH 72.4*: <https://sentinel.example.com/markets/KXFEDDECISION-26DEC-H25|Will &lt;!channel&gt; @everyone *win*?>');
    // Discord: markdown escaped, mentions disabled
    expect(payload.content).toContain('**HIGH 72.4**: Will <!channel\\> @everyone \\*win\\*? (KXFEDDECISION-26DEC-H25)');
    expect(payload.allowed_mentions).toEqual({ parse: [] });
    expect(payload.content.length).toBeLessThanOrEqual(2000);
    expect(payload.alert).toMatchObject({
      id: sampleAlert().id,
      ticker: 'KXFEDDECISION-26DEC-H25',
      label: 'HIGH',
      composite: 72.46,
      url: 'https://sentinel.example.com/markets/KXFEDDECISION-26DEC-H25',
      createdAtEastern: 'Dec 9, 2026, 2:05 PM EST',
      signals: { tradeSize: { score: 95, weight: 30 } },
    });
  });
});

describe('recap and test emails', () => {
  const now = new Date('2026-12-10T01:00:00Z'); // 8 pm EST on Dec 9
  const alerts = [
    { ...sampleAlert({ composite: 91.2, label: 'CRITICAL', ticker: 'KXA', market: { title: hostile } }) },
    { ...sampleAlert({ composite: 70.1, ticker: 'KXB', isEscalation: true, scoreDelta: 15 }) },
  ];

  it('lists the top alerts by score with links, escaped', () => {
    const { subject, html, text } = renderRecapEmail({ alerts, totalAlerts: 5, now, dateLabel: 'Dec 9, 2026', threshold: 70 }, { publicUrl });
    expect(subject).toBe('Kalshi Sentinel daily recap, Dec 9, 2026: 5 alerts, top CRITICAL 91');
    expect(text).toContain('5 alerts in the 24 hours to Dec 9, 2026, 8:00 PM EST; the top 2 by score:');
    expect(text.indexOf('KXA')).toBeLessThan(text.indexOf('KXB'));
    expect(text).toContain('2. HIGH 70.1 (escalation)');
    expect(html).toContain('href="https://sentinel.example.com/markets/KXA"');
    expect(html).toContain('href="https://sentinel.example.com/markets/KXB"');
    expect(html).toContain('href="https://sentinel.example.com/alerts"');
    expect(html).not.toContain('<script>');
    expect(html).toContain(escapeHtml(hostile));
  });

  it('has a "no alerts" version', () => {
    const { subject, html, text } = renderRecapEmail({ alerts: [], totalAlerts: 0, now, dateLabel: 'Dec 9, 2026', threshold: 65 }, { publicUrl });
    expect(subject).toBe('Kalshi Sentinel daily recap, Dec 9, 2026: no alerts');
    expect(text).toContain('No market reached your alert threshold (65) in the 24 hours to Dec 9, 2026, 8:00 PM EST.');
    expect(html).toContain('Quiet day');
  });

  it('test email names its recipients and time', () => {
    const { subject, html, text } = renderTestEmail({ now, recipients: ['a@example.com', '<b@example.com>'] }, { publicUrl });
    expect(subject).toBe('Kalshi Sentinel test email');
    expect(text).toContain('sent at Dec 9, 2026, 8:00 PM EST to a@example.com, <b@example.com>');
    expect(html).toContain('a@example.com, &lt;b@example.com&gt;');
  });

  it('scores display truncated to one decimal', () => {
    expect(fmtScore(74.99)).toBe('74.9');
    expect(fmtScore(70)).toBe('70.0');
    expect(fmtScore(0.3)).toBe('0.3');
  });
});
