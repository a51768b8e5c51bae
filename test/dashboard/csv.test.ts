import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../dashboard/src/lib/csv';
import { parseCsv } from '../../dashboard/src/lib/parse-csv';

describe('csvCell', () => {
  it.each(['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)'])('escapes a cell starting like a formula: %s', (value) => {
    expect(csvCell(value).replace(/^"|"$/g, '').startsWith("'")).toBe(true);
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('Comma, "Quoted" Name')).toBe('"Comma, ""Quoted"" Name"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('leaves plain values and empties alone', () => {
    expect(csvCell('Jane')).toBe('Jane');
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
  });

  it('writes CRLF rows', () => {
    expect(toCsv(['a', 'b'], [[1, '=x']])).toBe("a,b\r\n1,'=x\r\n");
  });
});

describe('parseCsv', () => {
  it('numbers rows by their line in the file, header being line 1', () => {
    const { header, rows } = parseCsv('external_id,name\nu1,Ann\nu2,Bob\n');
    expect(header).toEqual(['external_id', 'name']);
    expect(rows).toEqual([
      { line: 2, cells: ['u1', 'Ann'] },
      { line: 3, cells: ['u2', 'Bob'] },
    ]);
  });

  it('keeps line numbers right across blank lines, CRLF and quoted line breaks', () => {
    const { rows } = parseCsv('id,name\r\nu1,"two\r\nlines"\r\n\r\nu2,Bob\r\n');
    expect(rows.map((r) => [r.line, r.cells[0]])).toEqual([
      [2, 'u1'],
      [5, 'u2'],
    ]);
  });

  it('drops a byte-order mark from the first header', () => {
    expect(parseCsv('\ufeffexternal_id,email\nx,y\n').header).toEqual(['external_id', 'email']);
  });
});
