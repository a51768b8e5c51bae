import { useState } from 'preact/hooks';
import { api } from '../../lib/api/endpoints';
import { toCsv } from '../../lib/csv';
import { download } from '../../lib/download';
import { num } from '../../lib/format';
import { type ParsedCsv, parseCsv } from '../../lib/parse-csv';
import { type Column, DataTable } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { Notice } from '../../components/notice';

const TARGETS = [
  ['external_id', 'External id', true],
  ['email', 'Email', false],
  ['name', 'Name', false],
  ['referred_by', 'Referred-by code', false],
] as const;
type Target = (typeof TARGETS)[number][0];
/** Rows per request: the API's per-call maximum (MAX_IMPORT_ROWS). */
const CHUNK = 100;

interface Rejected {
  line: number;
  external_id: string;
  reason: string;
}
type PreviewRow = ParsedCsv['rows'][number];

const REJECTED_COLUMNS: Column<Rejected>[] = [
  { key: 'line', label: 'Line', cell: (r) => r.line },
  { key: 'external_id', label: 'External id', cell: (r) => r.external_id || '—' },
  { key: 'reason', label: 'Why', cell: (r) => r.reason },
];

interface Report {
  created: number;
  existing: number;
  rejected: Rejected[];
}

const guess = (header: string[], target: Target) => {
  const i = header.findIndex((h) => h.toLowerCase().replace(/[\s-]+/g, '_') === target);
  return i >= 0 ? i : -1;
};

export function CsvImport() {
  const [file, setFile] = useState<{ name: string; csv: ParsedCsv } | null>(null);
  const [mapping, setMapping] = useState<Record<Target, number>>({ external_id: -1, email: -1, name: -1, referred_by: -1 });
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  const pick = async (input: HTMLInputElement) => {
    const f = input.files?.[0];
    setReport(null);
    setError(null);
    if (!f) return;
    const csv = parseCsv(await f.text());
    if (!csv.header.length) {
      setError('This file has no header row.');
      return;
    }
    setFile({ name: f.name, csv });
    setMapping(Object.fromEntries(TARGETS.map(([t]) => [t, guess(csv.header, t)])) as Record<Target, number>);
  };

  const rowOf = (cells: string[]) => Object.fromEntries(TARGETS.flatMap(([t]) => (mapping[t] >= 0 ? [[t, cells[mapping[t]] ?? '']] : [])));

  const run = async () => {
    if (!file) return;
    const rows = file.csv.rows;
    const acc: Report = { created: 0, existing: 0, rejected: [] };
    setReport(null);
    setError(null);
    setProgress({ done: 0, total: rows.length });
    try {
      // In order, one chunk at a time: a repeat of an earlier row is then found as existing.
      for (let start = 0; start < rows.length; start += CHUNK) {
        const chunk = rows.slice(start, start + CHUNK);
        const res = await api.users.import(chunk.map((r) => rowOf(r.cells)));
        acc.created += res.created;
        acc.existing += res.existing;
        for (const r of res.results) {
          if (r.status !== 'rejected') continue;
          const row = chunk[r.index];
          if (!row) continue;
          acc.rejected.push({
            line: row.line,
            external_id: rowOf(row.cells).external_id ?? '',
            reason: (r.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; '),
          });
        }
        setProgress({ done: Math.min(start + CHUNK, rows.length), total: rows.length });
      }
      setReport(acc);
    } catch (err) {
      setError(`Import stopped: ${(err as Error).message}. Rows already imported stay; importing the file again skips them.`);
      setReport(acc);
    }
  };

  const mapped = mapping.external_id >= 0;
  return (
    <section>
      <h1>Import users from CSV</h1>
      <p class="muted">
        Rows are enrolled in order; a row whose external id already exists is reported, never created twice, so uploading the same file again is safe.
      </p>
      <div class="panel">
        <label class="file">
          <span>CSV file</span>
          <input type="file" accept=".csv,text/csv" onChange={(e) => void pick(e.currentTarget)} />
        </label>
        <Notice message={error ? { kind: 'error', text: error } : null} />
      </div>
      {!file && <EmptyState title="Pick a CSV file to start">It needs a header row and at least an external id column; email, name and a referred-by code are optional.</EmptyState>}
      {file && (
        <>
          <h2>
            Map columns <small class="muted">({num(file.csv.rows.length)} rows in {file.name})</small>
          </h2>
          <div class="panel grid-form">
            {TARGETS.map(([t, label, required]) => (
              <label key={t} class="field">
                <span>
                  {label}
                  {required && ' (required)'}
                </span>
                <select value={mapping[t]} onChange={(e) => setMapping((m) => ({ ...m, [t]: Number(e.currentTarget.value) }))} name={`map-${t}`}>
                  <option value={-1}>— not in this file —</option>
                  {file.csv.header.map((h, i) => (
                    <option key={i} value={i}>
                      {h}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
          <h2>Preview</h2>
          <DataTable
            label="Preview"
            columns={[{ key: 'line', label: 'Line', cell: (r: PreviewRow) => r.line }, ...TARGETS.map(([t, label]) => ({ key: t, label, cell: (r: PreviewRow) => (mapping[t] >= 0 ? r.cells[mapping[t]] : '') }))]}
            rows={file.csv.rows.slice(0, 5)}
            rowKey={(r) => String(r.line)}
            empty={{ title: 'The file has no rows' }}
          />
          <button type="button" class="primary" disabled={!mapped || (progress !== null && !report && !error)} onClick={() => void run()}>
            Import {num(file.csv.rows.length)} rows
          </button>
          {!mapped && <p class="error">Map the external id column to import.</p>}
        </>
      )}
      {progress && (
        <div class="progress">
          <label>
            Imported {num(progress.done)} of {num(progress.total)} rows
            <progress value={progress.done} max={progress.total} />
          </label>
        </div>
      )}
      {report && (
        <div class="report" role="status">
          <h2>Result</h2>
          <ul class="tally">
            <li>
              <strong data-testid="created">{num(report.created)}</strong> created
            </li>
            <li>
              <strong data-testid="existing">{num(report.existing)}</strong> already existed
            </li>
            <li>
              <strong data-testid="rejected">{num(report.rejected.length)}</strong> rejected
            </li>
          </ul>
          {report.rejected.length > 0 && (
            <>
              <button type="button" onClick={() => download('import-errors.csv', toCsv(['line', 'external_id', 'reason'], report.rejected.map((r) => [r.line, r.external_id, r.reason])))}>
                Download rejected rows
              </button>
              <DataTable class="errors" columns={REJECTED_COLUMNS} rows={report.rejected} rowKey={(r) => String(r.line)} empty={{ title: 'No rejected rows' }} />
            </>
          )}
        </div>
      )}
    </section>
  );
}
