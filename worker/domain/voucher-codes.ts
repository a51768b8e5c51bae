import Papa from 'papaparse';

/** A voucher code: 1–64 printable ASCII characters without spaces (what shops' coupon fields accept). */
export const VOUCHER_CODE = /^[\x21-\x7e]{1,64}$/;
export const MAX_CODES_PER_UPLOAD = 100_000;

export interface CodeRow {
  /** 1-based line of a CSV body, or 1-based position in a JSON `codes` array. */
  line: number;
  code: string;
}

export interface ParsedCodes {
  rows: CodeRow[];
  invalid: { line: number; reason: string }[];
}

/**
 * Reads codes from CSV: one code per row, or a `code` column under a header. Handles a BOM,
 * CRLF or LF endings and quoted fields; blank lines are skipped but still counted for line
 * numbers. Returns a problem description instead when the file's shape is unusable.
 */
export function parseCodesCsv(text: string): ParsedCodes | string {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter: ',', skipEmptyLines: false });
  const data = parsed.data;
  const header = (data[0] ?? []).map((h) => h.trim().toLowerCase());
  const codeColumn = header.indexOf('code');
  const hasHeader = codeColumn >= 0;
  // A spreadsheet saved with another separator would otherwise go in whole: its header row and
  // every `A-1;5` line as codes that no shop accepts.
  if (!hasHeader && header.length === 1 && /^code\s*[;\t|]/.test(header[0] ?? '')) {
    return 'Separate columns with commas: this file looks separated by semicolons, tabs or pipes.';
  }
  if (!hasHeader && data.some((row) => row.filter((cell) => cell.trim() !== '').length > 1)) {
    return "Rows have several columns: name the codes' column `code` in a header row.";
  }
  const column = hasHeader ? codeColumn : 0;
  const rows: CodeRow[] = [];
  const invalid: ParsedCodes['invalid'] = [];
  data.forEach((row, i) => {
    if (hasHeader && i === 0) return;
    if (row.every((cell) => cell.trim() === '')) return;
    const code = (row[column] ?? '').trim();
    const line = i + 1;
    if (!code) invalid.push({ line, reason: 'missing code' });
    else if (!VOUCHER_CODE.test(code)) invalid.push({ line, reason: 'Use 1 to 64 printable characters without spaces.' });
    else rows.push({ line, code });
  });
  return { rows, invalid };
}

/** The same rules for a JSON array of codes. */
export function checkCodes(codes: string[]): ParsedCodes {
  const rows: CodeRow[] = [];
  const invalid: ParsedCodes['invalid'] = [];
  codes.forEach((raw, i) => {
    const code = raw.trim();
    if (VOUCHER_CODE.test(code)) rows.push({ line: i + 1, code });
    else invalid.push({ line: i + 1, reason: code ? 'Use 1 to 64 printable characters without spaces.' : 'missing code' });
  });
  return { rows, invalid };
}
