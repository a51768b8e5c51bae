import { useState } from 'preact/hooks';
import { api, listQuery } from '../../lib/api/endpoints';
import type { AuditEntry } from '../../lib/api/types';
import { date } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { useDebounced } from '../../lib/use-debounced';
import { usePage } from '../../lib/use-page';
import { type Column, DataTable } from '../../components/data-table';
import { Notice } from '../../components/notice';
import { AuditDiff } from './diff';

const PER_PAGE = 25;
const TARGETS = ['campaign', 'api_key', 'webhook_endpoint', 'environment', 'inbound_hook', 'reward', 'voucher_pool', 'user'];

const COLUMNS: Column<AuditEntry>[] = [
  { key: 'when', label: 'When', cell: (e) => date(e.created_at) },
  { key: 'who', label: 'Who', cell: (e) => <span title={e.actor_id}>{e.actor_type === 'api_key' ? <code>{e.actor}…</code> : e.actor}</span> },
  { key: 'action', label: 'Action', cell: (e) => <code>{e.action}</code> },
  { key: 'target', label: 'Object', cell: (e) => <code>{e.target_id}</code> },
  { key: 'change', label: 'Change', cell: (e) => <AuditDiff entry={e} /> },
  { key: 'from', label: 'From', hideSm: true, cell: (e) => <small title={e.user_agent ?? ''}>{e.ip ?? '—'}</small> },
];

/** Who changed what (`GET /v1/audit-log`), newest first, with each change's before and after. */
export function AuditLog() {
  const [targetType, setTargetType] = useState('');
  const [search, setSearch] = useState('');
  const term = useDebounced(search.trim(), 300);
  const filterKey = `${targetType}|${term}`;
  const [page, setPage] = usePage(filterKey);
  const entries = useAsync(() => {
    const filters: [string, string, string][] = [];
    if (targetType) filters.push(['target_type', 'equal', targetType]);
    if (term) filters.push([term.includes('@') || term.startsWith('rk_') ? 'actor' : 'target_id', 'like', term]);
    return api.auditLog.list(listQuery({ page, perPage: PER_PAGE, order: 'created_at', dir: 'desc', filters }));
  }, [filterKey, page]);

  return (
    <section>
      <h1>Audit log</h1>
      <p class="muted">Every change to campaigns, API keys, webhook endpoints and the environment, every reward approved, paid, cancelled or issued by hand, and every user erased: who, when, from where, before and after.</p>
      <search class="toolbar" aria-label="Filter the audit log">
        <select value={targetType} aria-label="Object type" onChange={(e) => setTargetType(e.currentTarget.value)}>
          <option value="">All objects</option>
          {TARGETS.map((t) => (
            <option key={t} value={t}>
              {t.replace('_', ' ')}
            </option>
          ))}
        </select>
        <input type="search" placeholder="Object id, admin email or key prefix…" aria-label="Search the audit log" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
      </search>
      {entries.error && <Notice message={{ kind: 'error', text: entries.error.message }} />}
      <DataTable
        class="audit-log"
        columns={COLUMNS}
        rows={entries.data?.data}
        rowKey={(e) => e.id}
        rowAttrs={(e) => ({ 'data-audit-id': e.id })}
        loading={entries.loading}
        pages={{ meta: entries.data?.meta, page, onPage: setPage }}
        empty={{ title: 'Nothing recorded', body: 'Changes made with an API key or in this dashboard appear here.' }}
      />
    </section>
  );
}
