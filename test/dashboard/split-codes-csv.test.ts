import { describe, expect, it } from 'vitest';
import { splitCodesCsv } from '../../dashboard/src/lib/split-codes-csv';
import { parseCodesCsv } from '../../worker/domain/voucher-codes';

/** The file line of each code as the server would number it in each chunk, mapped back with the chunk's offset. */
const fileLines = (text: string, maxLines: number) =>
  splitCodesCsv(text, maxLines).flatMap((c) => {
    const parsed = parseCodesCsv(c.text);
    if (typeof parsed === 'string') throw new Error(parsed);
    return parsed.rows.map((r) => [r.code, r.line + c.offset]);
  });

describe('splitCodesCsv', () => {
  it('repeats the header in every chunk and keeps the file line numbers', () => {
    const text = '\ufeffcode\r\nA1\r\nA2\r\n\r\nA3\r\nA4\r\nA5\r\n';
    const chunks = splitCodesCsv(text, 2);
    expect(chunks.every((c) => c.text.startsWith('code\n'))).toBe(true);
    expect(chunks.reduce((n, c) => n + c.codes, 0)).toBe(5);
    expect(fileLines(text, 2)).toEqual([['A1', 2], ['A2', 3], ['A3', 5], ['A4', 6], ['A5', 7]]);
  });

  it('numbers from line 1 without a header, and skips chunks of blank lines', () => {
    const text = 'B1\nB2\n\n\nB3';
    expect(fileLines(text, 2)).toEqual([['B1', 1], ['B2', 2], ['B3', 5]]);
    expect(splitCodesCsv(text, 2)).toHaveLength(2);
  });

  it('lists each chunk’s codes at their first line, so repeats across chunks can be named', () => {
    const [first] = splitCodesCsv('code\nC1\nC1\nC2\nC3', 3);
    expect(first && [...first.lines()]).toEqual([['C1', 2], ['C2', 4]]);
  });

  it('cuts by size too', () => {
    const text = Array.from({ length: 10 }, (_, i) => `CODE-${i}`).join('\n');
    expect(splitCodesCsv(text, 100, 20).length).toBeGreaterThan(3);
    expect(fileLines(text, 100).map(([, line]) => line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
