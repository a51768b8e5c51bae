import { useState } from 'preact/hooks';
import { api, listQuery } from '../../lib/api/endpoints';
import { EVENT_TYPES } from '../../lib/event-types';
import { date } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { EmptyState } from '../../components/empty-state';
import { Notice } from '../../components/notice';
import { Pager } from '../../components/pager';

const PER_PAGE = 25;

/** The environment's event log (`GET /v1/events`), newest first, the same log webhooks are sent from. */
export function Events() {
  const [type, setType] = useState('');
  const [page, setPage] = useState(1);
  const events = useAsync(
    () => api.events.list(listQuery({ page, perPage: PER_PAGE, order: 'created_at', dir: 'desc', filters: type ? [['type', 'equal', type]] : [] })),
    [type, page],
  );
  const rows = events.data?.data ?? [];

  return (
    <section>
      <a href="/developers">← Developers</a>
      <h1>Events</h1>
      <p class="muted">Every change, as webhooks receive it: the object after the change is the event's data.</p>
      <div class="toolbar" role="search" aria-label="Filter events">
        <select
          value={type}
          aria-label="Type"
          onChange={(e) => {
            setType(e.currentTarget.value);
            setPage(1);
          }}
        >
          <option value="">All types</option>
          {EVENT_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </div>
      {events.error && <Notice message={{ kind: 'error', text: events.error.message }} />}
      {events.data && rows.length === 0 && (
        <EmptyState title={type ? `No ${type} events` : 'No events yet'}>Events appear here when users, referrals, rewards or vouchers change.</EmptyState>
      )}
      {rows.length > 0 && (
        <div class="table-wrap">
          <table class="events-log">
            <thead>
              <tr>
                <th>Created</th>
                <th>Type</th>
                <th>Object</th>
                <th>Data</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((ev) => (
                <tr key={ev.id} data-event-id={ev.id}>
                  <td>{date(ev.created_at)}</td>
                  <td>
                    <code>{ev.type}</code>
                  </td>
                  <td>
                    <code>{typeof ev.data?.id === 'string' ? ev.data.id : '—'}</code>
                  </td>
                  <td>
                    <details>
                      <summary>JSON</summary>
                      <pre class="json">{JSON.stringify(ev.data, null, 2)}</pre>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager meta={events.data?.meta} page={page} onPage={setPage} />
    </section>
  );
}
