import { useState } from 'preact/hooks';
import { api } from '../../lib/api/endpoints';
import type { Campaign } from '../../lib/api/types';
import { date } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { type Column, DataTable } from '../../components/data-table';
import { Notice } from '../../components/notice';

const columns = (setStatus: (c: Campaign, status: 'live' | 'paused') => Promise<void>): Column<Campaign>[] => [
  {
    key: 'name',
    label: 'Name',
    cell: (c) => (
      <>
        <a href={`/campaigns/${c.id}`}>{c.name}</a> {c.is_default && <span class="pill">default</span>}
      </>
    ),
  },
  { key: 'status', label: 'Status', cell: (c) => <span class={`status ${c.status}`}>{c.status}</span> },
  { key: 'rules', label: 'Rules', cell: (c) => `${c.rules?.length ?? 0} (v${c.rules_version})` },
  { key: 'landing', label: 'Landing URL', class: 'truncate', cell: (c) => c.landing_url ?? '—' },
  { key: 'created', label: 'Created', cell: (c) => date(c.created_at) },
  {
    key: 'actions',
    label: <span class="sr-only">Actions</span>,
    class: 'row-actions',
    cell: (c) =>
      c.status === 'live' ? (
        <button type="button" onClick={() => void setStatus(c, 'paused')}>
          Pause
        </button>
      ) : c.status === 'paused' || c.status === 'draft' ? (
        <button type="button" onClick={() => void setStatus(c, 'live')}>
          {c.status === 'draft' ? 'Launch' : 'Resume'}
        </button>
      ) : null,
  },
];

export function Campaigns() {
  const list = useAsync(() => api.campaigns.list(), []);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const setStatus = async (c: Campaign, status: 'live' | 'paused') => {
    try {
      await api.campaigns.update(c.id, { status });
      setMessage({ kind: 'ok', text: `${c.name} is ${status}.` });
      list.reload();
    } catch (err) {
      setMessage({ kind: 'error', text: (err as Error).message });
    }
  };

  return (
    <section>
      <div class="page-head">
        <h1>Campaigns</h1>
        <a class="button primary" href="/campaigns/new">
          New campaign
        </a>
      </div>
      <Notice message={message} />
      {list.error && <Notice message={{ kind: 'error', text: list.error.message }} />}
      <DataTable
        columns={columns(setStatus)}
        rows={list.data?.data}
        rowKey={(c) => c.id}
        loading={list.loading}
        empty={{ title: 'No campaigns', body: 'Create one to give referrers codes and reward rules.' }}
      />
    </section>
  );
}
