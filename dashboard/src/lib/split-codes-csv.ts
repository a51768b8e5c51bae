/** A piece of a codes CSV small enough for one upload, and how to map its line numbers back to the file's. */
export interface CodesChunk {
  text: string;
  /** The file's line = the chunk's line + offset. */
  offset: number;
  codes: number;
  /** The codes of the chunk with their file lines (best effort: a plain split on commas), to name repeats across chunks. */
  lines: () => Map<string, number>;
}

/**
 * Splits a codes CSV (one code per row, or a `code` column under a header) into uploads of at
 * most `maxLines` rows and `maxBytes` characters, repeating the header in each, so a big file goes
 * up in several requests with progress while the server keeps parsing it. Codes hold no line
 * breaks, so splitting on them cannot cut a row in two.
 */
export function splitCodesCsv(file: string, maxLines = 5_000, maxBytes = 4_000_000): CodesChunk[] {
  const lines = file.replace(/^\ufeff/, '').split(/\r?\n/);
  const unquote = (cell: string) => cell.trim().replace(/^"|"$/g, '');
  const column = (lines[0] ?? '').split(',').findIndex((cell) => unquote(cell).toLowerCase() === 'code');
  const hasHeader = column >= 0;
  const header = hasHeader ? `${lines[0]}\n` : '';
  const chunks: CodesChunk[] = [];
  let start = hasHeader ? 1 : 0;
  while (start < lines.length) {
    let end = start;
    let size = header.length;
    while (end < lines.length && end - start < maxLines && size + (lines[end]?.length ?? 0) + 1 <= maxBytes) size += (lines[end++]?.length ?? 0) + 1;
    if (end === start) end++; // a single line over the byte limit: let the server refuse it
    const body = lines.slice(start, end);
    const codes = body.filter((l) => l.trim() !== '').length;
    // In a chunk the header is line 1 and its first row line 2; without a header its first row is line 1.
    const first = start;
    const codesOf = () => {
      const seen = new Map<string, number>();
      body.forEach((l, i) => {
        const code = unquote(l.split(',')[Math.max(column, 0)] ?? '');
        if (code && !seen.has(code)) seen.set(code, first + i + 1);
      });
      return seen;
    };
    if (codes) chunks.push({ text: header + body.join('\n'), offset: hasHeader ? start - 1 : start, codes, lines: codesOf });
    start = end;
  }
  return chunks;
}
