import { useState } from 'preact/hooks';
import { api } from '../../lib/api/endpoints';
import type { Campaign } from '../../lib/api/types';
import { date } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { EmptyState } from '../../components/empty-state';
import { Notice } from '../../components/notice';

export function Campaigns() {
  const list = useAsync(() => api.campaigns.list(), []);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const setStatus = async (c: Partial<Campaign>, status: 'live' | 'paused') => {
    try {
      await api.campaigns.update(c.id as string, { status });
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
      {list.data?.data.length === 0 && <EmptyState title="No campaigns">Create one to give referrers codes and reward rules.</EmptyState>}
      {list.data && list.data.data.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Status</th>
                <th>Rules</th>
                <th>Landing URL</th>
                <th>Created</th>
                <th>
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((c) => (
                <tr key={c.id}>
                  <td>
                    <a href={`/campaigns/${c.id}`}>{c.name}</a> {c.is_default && <span class="pill">default</span>}
                  </td>
                  <td>
                    <span class={`status ${c.status}`}>{c.status}</span>
                  </td>
                  <td>
                    {c.rules?.length ?? 0} (v{c.rules_version})
                  </td>
                  <td class="truncate">{c.landing_url ?? '—'}</td>
                  <td>{date(c.created_at)}</td>
                  <td class="row-actions">
                    {c.status === 'live' && (
                      <button type="button" onClick={() => void setStatus(c, 'paused')}>
                        Pause
                      </button>
                    )}
                    {(c.status === 'paused' || c.status === 'draft') && (
                      <button type="button" onClick={() => void setStatus(c, 'live')}>
                        {c.status === 'draft' ? 'Launch' : 'Resume'}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
