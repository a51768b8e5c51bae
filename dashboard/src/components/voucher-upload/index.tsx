import { useState } from 'preact/hooks';
import { api } from '../../lib/api/endpoints';
import type { VoucherPool, VoucherUpload as Upload } from '../../lib/api/types';
import { num } from '../../lib/format';
import { splitCodesCsv } from '../../lib/split-codes-csv';
import { type Column, DataTable } from '../data-table';
import { Notice } from '../notice';

interface Report {
  received: number;
  inserted: number;
  duplicates: { line: number; code: string; reason: string }[];
  invalid: { line: number; reason: string }[];
  duplicateCount: number;
  invalidCount: number;
  filled: number;
}

type Skipped = Report['duplicates'][number];

const SKIPPED_COLUMNS: Column<Skipped>[] = [
  { key: 'line', label: 'Line', cell: (row) => row.line },
  { key: 'code', label: 'Code', cell: (row) => <code>{row.code}</code> },
  { key: 'why', label: 'Why', cell: (row) => row.reason.replace(/_/g, ' ') },
];

const empty = (): Report => ({ received: 0, inserted: 0, duplicates: [], invalid: [], duplicateCount: 0, invalidCount: 0, filled: 0 });

/** Adds one chunk's answer; `earlier` holds the codes of the chunks before it, so a repeat across chunks is named as one. */
function add(r: Report, u: Upload, offset: number, earlier: Map<string, number>): Report {
  const why = (d: Upload['duplicate_lines'][number]) => {
    if (d.reason === 'duplicate_in_upload') return `repeats line ${(d.first_line ?? 0) + offset}`;
    const line = earlier.get(d.code);
    return line ? `repeats line ${line}` : 'already in this environment';
  };
  return {
    received: r.received + u.received,
    inserted: r.inserted + u.inserted,
    duplicates: [...r.duplicates, ...u.duplicate_lines.map((d) => ({ line: d.line + offset, code: d.code, reason: why(d) }))],
    invalid: [...r.invalid, ...u.invalid_lines.map((d) => ({ line: d.line + offset, reason: d.reason }))],
    duplicateCount: r.duplicateCount + u.duplicates,
    invalidCount: r.invalidCount + u.invalid,
    filled: r.filled + u.rewards_filled,
  };
}

/** Upload a CSV of codes into a pool in chunks, with progress and a report of what went in. */
export function VoucherUpload({ pool, onDone }: { pool: Partial<VoucherPool>; onDone: () => void }) {
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  const upload = async (file: File) => {
    setReport(null);
    setError(null);
    const chunks = splitCodesCsv(await file.text());
    if (!chunks.length) return setError(`${file.name} holds no codes.`);
    const total = chunks.reduce((n, c) => n + c.codes, 0);
    let sum = empty();
    const earlier = new Map<string, number>();
    setProgress({ done: 0, total });
    try {
      for (const chunk of chunks) {
        sum = add(sum, await api.pools.uploadCsv(pool.id as string, chunk.text), chunk.offset, earlier);
        for (const [code, line] of chunk.lines()) if (!earlier.has(code)) earlier.set(code, line);
        setProgress((p) => p && { ...p, done: p.done + chunk.codes });
        setReport(sum);
      }
    } catch (err) {
      setError(`Stopped at ${num(sum.received)} of ${num(total)} codes: ${(err as Error).message}`);
    }
    setProgress(null);
    onDone();
  };

  return (
    <section class="panel" aria-label={`Upload codes to ${pool.name}`}>
      <h2>Upload codes to {pool.name}</h2>
      <p class="muted">A CSV with one code per row, or a column named <code>code</code>. Codes already in this environment are skipped and reported.</p>
      <label class="field">
        <span>CSV file</span>
        <input type="file" accept=".csv,text/csv,text/plain" disabled={!!progress} onChange={(e) => e.currentTarget.files?.[0] && void upload(e.currentTarget.files[0])} />
      </label>
      {progress && (
        <div class="progress" role="status">
          Uploading… {num(progress.done)} of {num(progress.total)} codes
          <progress max={progress.total} value={progress.done} />
        </div>
      )}
      <Notice message={error ? { kind: 'error', text: error } : null} />
      {report && !progress && (
        <div role="status" data-testid="voucher-report">
          <ul class="tally">
            <li>
              <strong data-testid="inserted">{report.inserted}</strong> inserted
            </li>
            <li>
              <strong data-testid="duplicates">{report.duplicateCount}</strong> duplicates
            </li>
            <li>
              <strong data-testid="invalid">{report.invalidCount}</strong> invalid
            </li>
            {report.filled > 0 && (
              <li>
                <strong>{report.filled}</strong> waiting rewards got a code
              </li>
            )}
          </ul>
          {report.duplicates.length + report.invalid.length > 0 && (
            <details>
              <summary>Skipped lines ({report.duplicates.length + report.invalid.length} listed)</summary>
              <DataTable
                class="errors"
                columns={SKIPPED_COLUMNS}
                rows={[...report.invalid.map((i) => ({ ...i, code: '' })), ...report.duplicates].sort((a, b) => a.line - b.line)}
                rowKey={(row) => `${row.line}-${row.code}`}
                empty={{ title: 'No skipped lines' }}
              />
            </details>
          )}
        </div>
      )}
    </section>
  );
}
