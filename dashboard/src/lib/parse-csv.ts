import Papa from 'papaparse';

export interface ParsedCsv {
  header: string[];
  /** Data rows, each with the file line it starts on (the header is line 1). */
  rows: { line: number; cells: string[] }[];
}

/** Parses a whole file, keeping each row's real line number even across quoted line breaks and blank lines. */
export function parseCsv(text: string): ParsedCsv {
  const all: { line: number; cells: string[] }[] = [];
  let line = 1;
  let last = 0;
  Papa.parse<string[]>(text.replace(/^\ufeff/, ''), {
    skipEmptyLines: 'greedy',
    step: (result) => {
      const end = result.meta.cursor;
      let i = last;
      while (i < end && (text[i] === '\n' || text[i] === '\r' || text[i] === '\ufeff')) if (text[i++] === '\n') line++;
      const start = line;
      for (; i < end; i++) if (text[i] === '\n') line++;
      last = end;
      all.push({ line: start, cells: result.data });
    },
  });
  const [head, ...rows] = all;
  return { header: (head?.cells ?? []).map((h) => h.trim()), rows };
}
