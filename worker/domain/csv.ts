/**
 * CSV for exports (RFC 4180: quotes doubled, CRLF rows). A text cell a spreadsheet would run as a
 * formula (=, +, -, @, tab, CR first) is prefixed with `'`; numbers are written as they are.
 */
export type CsvCell = string | number | null | undefined;

const FORMULA = /^[=+\-@\t\r]/;

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const toCsv = (rows: CsvCell[][]): string => rows.map((row) => row.map(cell).join(',')).join('\r\n') + (rows.length ? '\r\n' : '');

/** Digits after the decimal point of a currency (ISO 4217: JPY 0, USD 2, KWD 3), from the runtime's ICU data. */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Integer minor units as a decimal string in major units (1234 USD → "12.34", -5 USD → "-0.05", 500 JPY → "500"). */
export function majorUnits(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${abs}` : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}
