// CSV as spreadsheets read it (RFC 4180): every cell quoted when it holds a quote, comma or line
// break; lines end with CRLF. Cells are opened in Excel, LibreOffice and Google Sheets, and
// market titles, AI text and error messages come from outside: a text cell that a spreadsheet
// would take for a formula (= + - @, or a tab or carriage return first) gets a leading
// apostrophe, so it is shown, never evaluated. Plain numbers (a negative P&L) stay numbers.

export type Cell = string | number | boolean | null | undefined | readonly unknown[] | Record<string, unknown>;

const NUMBER = /^-?\d+(\.\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: Cell): string {
  let text: string;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') text = Number.isFinite(value) ? String(value) : '';
  else if (typeof value === 'boolean') text = value ? 'true' : 'false';
  else if (Array.isArray(value)) text = value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('; ');
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = value as string;
  if (typeof value !== 'number' && FORMULA_START.test(text) && !NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
