import { useEffect, useState } from 'preact/hooks';
import { api, listQuery } from '../../lib/api/endpoints';
import { toCsv } from '../../lib/csv';
import { download } from '../../lib/download';
import { date, num } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { EmptyState } from '../../components/empty-state';
import { Notice } from '../../components/notice';
import { Pager } from '../../components/pager';
import { UserCreate } from '../../components/user-create';

/** Field, header, and whether a phone-width screen hides it. */
const COLUMNS = [
  ['name', 'Name', false],
  ['email', 'Email', false],
  ['external_id', 'External id', true],
  ['referral_code', 'Code', false],
  ['visits', 'Visits', true],
  ['created_at', 'Created', true],
] as const;
const SEARCHABLE = ['email', 'name', 'external_id', 'referral_code'] as const;
const PER_PAGE = 25;

export function Users() {
  const [searchField, setSearchField] = useState<(typeof SEARCHABLE)[number]>('email');
  const [search, setSearch] = useState('');
  const [term, setTerm] = useState('');
  const [order, setOrder] = useState<{ field: string; dir: 'asc' | 'desc' }>({ field: 'created_at', dir: 'desc' });
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState<string | null>(null);

  // Search as the admin types, a moment after they stop.
  useEffect(() => {
    const t = setTimeout(() => {
      setTerm(search.trim());
      setPage(1);
    }, 250);
    return () => clearTimeout(t);
  }, [search]);

  const filters: [string, string, string][] = term ? [[searchField, searchField === 'referral_code' ? 'equal' : 'like', searchField === 'referral_code' ? term.toUpperCase() : term]] : [];
  const users = useAsync(() => api.users.list(listQuery({ page, perPage: PER_PAGE, order: order.field, dir: order.dir, filters })), [page, order.field, order.dir, term, searchField]);

  const sortBy = (field: string) => setOrder((o) => ({ field, dir: o.field === field && o.dir === 'desc' ? 'asc' : 'desc' }));

  const exportAll = async () => {
    setExporting('Exporting…');
    try {
      const rows: unknown[][] = [];
      for (let p = 1; ; p++) {
        const res = await api.users.list(listQuery({ page: p, perPage: 250, order: 'created_at', dir: 'asc', filters }));
        for (const u of res.data) rows.push([u.id, u.external_id, u.email, u.name, u.referral_code, u.share_url, u.referred_by, u.visits, u.created_at]);
        setExporting(`Exporting… ${rows.length} of ${res.meta.total}`);
        if (p >= res.meta.last_page) break;
      }
      download('referrio-users.csv', toCsv(['id', 'external_id', 'email', 'name', 'referral_code', 'share_url', 'referred_by', 'visits', 'created_at'], rows));
      setExporting(`Exported ${rows.length} users.`);
    } catch (err) {
      setExporting(`Export failed: ${(err as Error).message}`);
    }
  };

  const meta = users.data?.meta;
  return (
    <section>
      <div class="page-head">
        <h1>Users</h1>
        <div class="actions">
          <button type="button" class="primary" onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
            New user
          </button>
          <a class="button" href="/import">
            Import CSV
          </a>
          <button type="button" onClick={() => void exportAll()}>
            Export CSV
          </button>
        </div>
      </div>
      {exporting && <Notice message={{ kind: exporting.startsWith('Export failed') ? 'error' : 'ok', text: exporting }} />}
      {creating && <UserCreate onCreated={() => users.reload()} />}
      <div class="toolbar" role="search">
        <label>
          <span class="sr-only">Search in</span>
          <select value={searchField} onChange={(e) => setSearchField(e.currentTarget.value as typeof searchField)} aria-label="Search in">
            {SEARCHABLE.map((f) => (
              <option key={f} value={f}>
                {f.replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        <input type="search" placeholder="Search users…" aria-label="Search users" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
      </div>
      {users.error && <Notice message={{ kind: 'error', text: users.error.message }} />}
      {users.data && users.data.data.length === 0 ? (
        term ? (
          <EmptyState title="No users match">Try another search, or search in another field.</EmptyState>
        ) : (
          <EmptyState title="No users yet">
            Create one with <em>New user</em>, <a href="/import">import a CSV</a>, or enrol them from your backend with POST /v1/users.
          </EmptyState>
        )
      ) : (
        <div class="table-wrap">
          <table aria-busy={users.loading}>
            <thead>
              <tr>
                {COLUMNS.map(([field, label, small]) => (
                  <th key={field} class={small ? 'hide-sm' : undefined} aria-sort={order.field === field ? (order.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                    <button type="button" class="sort" onClick={() => sortBy(field)}>
                      {label}
                      {order.field === field ? (order.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {users.data?.data.map((u) => (
                <tr key={u.id}>
                  <td>
                    <a href={`/users/${u.id}`}>{u.name || u.external_id || u.id}</a>
                  </td>
                  <td>{u.email ?? '—'}</td>
                  <td class="hide-sm">{u.external_id}</td>
                  <td>
                    <code>{u.referral_code}</code>
                  </td>
                  <td class="hide-sm">{num(u.visits ?? 0)}</td>
                  <td class="hide-sm">{date(u.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager meta={meta} page={page} onPage={setPage} />
    </section>
  );
}
