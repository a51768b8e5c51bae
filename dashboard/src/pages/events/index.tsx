import { useState } from 'preact/hooks';
import { api, listQuery } from '../../lib/api/endpoints';
import type { ApiEvent } from '../../lib/api/types';
import { EVENT_TYPES } from '../../lib/event-types';
import { date } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { type Column, DataTable } from '../../components/data-table';
import { Notice } from '../../components/notice';
import { usePage } from '../../lib/use-page';

const PER_PAGE = 25;

const COLUMNS: Column<ApiEvent>[] = [
  { key: 'created', label: 'Created', cell: (ev) => date(ev.created_at) },
  { key: 'type', label: 'Type', cell: (ev) => <code>{ev.type}</code> },
  { key: 'object', label: 'Object', cell: (ev) => <code>{typeof ev.data?.id === 'string' ? ev.data.id : '—'}</code> },
  {
    key: 'data',
    label: 'Data',
    cell: (ev) => (
      <details>
        <summary>JSON</summary>
        <pre class="json">{JSON.stringify(ev.data, null, 2)}</pre>
      </details>
    ),
  },
];

/** The environment's event log (`GET /v1/events`), newest first, the same log webhooks are sent from. */
export function Events() {
  const [type, setType] = useState('');
  const [page, setPage] = usePage(type);
  const events = useAsync(
    () => api.events.list(listQuery({ page, perPage: PER_PAGE, order: 'created_at', dir: 'desc', filters: type ? [['type', 'equal', type]] : [] })),
    [type, page],
  );

  return (
    <section>
      <a href="/developers">← Developers</a>
      <h1>Events</h1>
      <p class="muted">Every change, as webhooks receive it: the object after the change is the event's data.</p>
      <search class="toolbar" aria-label="Filter events">
        <select
          value={type}
          aria-label="Type"
          onChange={(e) => setType(e.currentTarget.value)}
        >
          <option value="">All types</option>
          {EVENT_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </search>
      {events.error && <Notice message={{ kind: 'error', text: events.error.message }} />}
      <DataTable
        class="events-log"
        columns={COLUMNS}
        rows={events.data?.data}
        rowKey={(ev) => ev.id}
        rowAttrs={(ev) => ({ 'data-event-id': ev.id })}
        loading={events.loading}
        pages={{ meta: events.data?.meta, page, onPage: setPage }}
        empty={{ title: type ? `No ${type} events` : 'No events yet', body: 'Events appear here when users, referrals, rewards or vouchers change.' }}
      />
    </section>
  );
}
