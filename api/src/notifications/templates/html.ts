// Building blocks of every email: escaping, links and one table-based layout with inline
// styles only, because Gmail strips <style> in places and Outlook renders with Word.

/** Escapes text for HTML element content and quoted attribute values. Market text is untrusted. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A tagged template whose interpolations are escaped unless they are already {@link SafeHtml}. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value);
}

/** `https://host` without a trailing slash, so links never double it. */
export function baseUrl(publicUrl: string): string {
  return publicUrl.replace(/\/+$/, '');
}

export function marketUrl(publicUrl: string, ticker: string): string {
  return `${baseUrl(publicUrl)}/markets/${encodeURIComponent(ticker)}`;
}

/** Subjects are one line: no control characters, bounded length. */
export function oneLine(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1).trimEnd()}…` : clean;
}

export const COLORS = {
  text: '#111827',
  muted: '#6b7280',
  border: '#e5e7eb',
  background: '#f3f4f6',
  link: '#1d4ed8',
  label: { CRITICAL: '#b91c1c', HIGH: '#c2410c', MEDIUM: '#a16207', LOW: '#4b5563' } as Record<string, string>,
} as const;

export const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

export function labelColor(label: string): string {
  return COLORS.label[label] ?? COLORS.label.LOW!;
}

export function button(href: string, text: string): SafeHtml {
  return html`<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:20px 0"><tr><td bgcolor="${COLORS.link}" style="background:${COLORS.link};border-radius:6px"><a href="${href}" style="display:inline-block;padding:10px 18px;${new SafeHtml(FONT)};font-size:15px;font-weight:600;color:#ffffff;text-decoration:none">${text}</a></td></tr></table>`;
}

export function link(href: string, text: string): SafeHtml {
  return html`<a href="${href}" style="color:${COLORS.link};text-decoration:underline">${text}</a>`;
}

/** The whole document: a centred 600 px card. `preheader` is the preview line inboxes show. */
export function layout(options: { title: string; preheader: string; body: SafeHtml; footer: SafeHtml }): string {
  const font = new SafeHtml(FONT);
  return `<!DOCTYPE html>${html`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light"><title>${options.title}</title></head>
<body style="margin:0;padding:0;background:${COLORS.background}">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">${options.preheader}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="${COLORS.background}" style="background:${COLORS.background}"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" style="width:100%;max-width:600px;background:#ffffff;border:1px solid ${COLORS.border};border-radius:8px">
<tr><td style="padding:24px;${font};font-size:15px;line-height:1.5;color:${COLORS.text}">${options.body}</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid ${COLORS.border};${font};font-size:12px;line-height:1.5;color:${COLORS.muted}">${options.footer}</td></tr>
</table></td></tr></table></body></html>`}`;
}
