import { useState } from 'preact/hooks';
import { type Column, DataTable, type Sort } from '../../components/data-table';
import { Notice } from '../../components/notice';
import { UserCreate } from '../../components/user-create';
import { api, listQuery } from '../../lib/api/endpoints';
import type { User } from '../../lib/api/types';
import { date, num } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { useDebounced } from '../../lib/use-debounced';
import { usePage } from '../../lib/use-page';
import { UserExport } from './user-export';

const COLUMNS: Column<User>[] = [
  { key: 'name', label: 'Name', sortable: true, cell: (u) => <a href={`/users/${u.id}`}>{u.name || u.external_id || u.id}</a> },
  { key: 'email', label: 'Email', sortable: true, cell: (u) => u.email ?? '—' },
  { key: 'external_id', label: 'External id', sortable: true, hideSm: true, cell: (u) => u.external_id },
  { key: 'referral_code', label: 'Code', sortable: true, cell: (u) => <code>{u.referral_code}</code> },
  { key: 'visits', label: 'Visits', sortable: true, hideSm: true, cell: (u) => num(u.visits ?? 0) },
  { key: 'created_at', label: 'Created', sortable: true, hideSm: true, cell: (u) => date(u.created_at) },
];
const SEARCHABLE = ['email', 'name', 'external_id', 'referral_code'] as const;
type Searchable = (typeof SEARCHABLE)[number];
const PER_PAGE = 25;

const searchFilter = (field: Searchable, term: string): [string, string, string][] =>
  !term ? [] : field === 'referral_code' ? [[field, 'equal', term.toUpperCase()]] : [[field, 'like', term]];

export function Users() {
  const [searchField, setSearchField] = useState<Searchable>('email');
  const [search, setSearch] = useState('');
  const term = useDebounced(search.trim());
  const [order, setOrder] = useState<Sort>({ field: 'created_at', dir: 'desc' });
  const [page, setPage] = usePage(`${searchField}:${term}:${order.field}:${order.dir}`);
  const [creating, setCreating] = useState(false);

  const filters = searchFilter(searchField, term);
  const users = useAsync(() => api.users.list(listQuery({ page, perPage: PER_PAGE, order: order.field, dir: order.dir, filters })), [page, order.field, order.dir, term, searchField]);
  const sortBy = (field: string) => setOrder((o) => ({ field, dir: o.field === field && o.dir === 'desc' ? 'asc' : 'desc' }));

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
          <UserExport filters={filters} />
        </div>
      </div>
      {creating && <UserCreate onCreated={() => users.reload()} />}
      <search class="toolbar" aria-label="Find users">
        <label>
          <span class="sr-only">Search in</span>
          <select value={searchField} onChange={(e) => setSearchField(e.currentTarget.value as Searchable)} aria-label="Search in">
            {SEARCHABLE.map((f) => (
              <option key={f} value={f}>
                {f.replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        <input type="search" placeholder="Search users…" aria-label="Search users" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
      </search>
      {users.error && <Notice message={{ kind: 'error', text: users.error.message }} />}
      <DataTable
        columns={COLUMNS}
        rows={users.data?.data}
        rowKey={(u) => u.id}
        loading={users.loading}
        sort={{ order, onSort: sortBy }}
        pages={{ meta: users.data?.meta, page, onPage: setPage }}
        empty={
          term
            ? { title: 'No users match', body: 'Try another search, or search in another field.' }
            : {
                title: 'No users yet',
                body: (
                  <>
                    Create one with <em>New user</em>, <a href="/import">import a CSV</a>, or enrol them from your backend with POST /v1/users.
                  </>
                ),
              }
        }
      />
    </section>
  );
}
