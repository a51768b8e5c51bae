import type { Column } from '../../components/data-table';
import type { ApiKey } from '../../lib/api/types';
import { date } from '../../lib/format';

interface Options {
  confirmRevoke: string | null;
  setConfirmRevoke: (id: string | null) => void;
  rotate: (k: ApiKey) => void;
  revoke: (k: ApiKey) => void;
  busy: boolean;
}

function KeyActions({ k, o }: { k: ApiKey; o: Options }) {
  if (k.status !== 'active' && k.status !== 'expiring') return null;
  if (o.confirmRevoke === k.id) {
    return (
      <>
        <button type="button" class="danger" onClick={() => o.revoke(k)}>
          Confirm revoke
        </button>
        <button type="button" onClick={() => o.setConfirmRevoke(null)}>
          Cancel
        </button>
      </>
    );
  }
  return (
    <>
      <button type="button" onClick={() => o.rotate(k)} disabled={o.busy}>
        Rotate
      </button>
      <button type="button" class="danger" onClick={() => o.setConfirmRevoke(k.id)}>
        Revoke
      </button>
    </>
  );
}

/** The API keys table: prefix, role, scopes, status, last use, and rotate / revoke (with a confirmation). */
export const keyColumns = (o: Options): Column<ApiKey>[] => [
  { key: 'name', label: 'Name', cell: (k) => k.name },
  { key: 'key', label: 'Key', cell: (k) => <code>{k.prefix}…</code> },
  { key: 'role', label: 'Role', cell: (k) => k.role },
  {
    key: 'scopes',
    label: 'Scopes',
    cell: (k) => (k.role === 'admin' ? <small>all</small> : k.scopes.length ? <small>{k.scopes.join(', ')}</small> : <small>none</small>),
  },
  {
    key: 'status',
    label: 'Status',
    cell: (k) => (
      <>
        <span class={`status ${k.status}`}>{k.status}</span>
        {k.status === 'expiring' && <small> until {date(k.expires_at)}</small>}
      </>
    ),
  },
  { key: 'used', label: 'Last used', cell: (k) => (k.last_used_at ? date(k.last_used_at) : 'never') },
  { key: 'created', label: 'Created', cell: (k) => date(k.created_at) },
  { key: 'actions', label: <span class="sr-only">Actions</span>, class: 'row-actions', cell: (k) => <KeyActions k={k} o={o} /> },
];
