import { useEffect } from 'preact/hooks';
import { api, listQuery } from '../../lib/api/endpoints';
import { date } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { useForm } from '../../lib/use-form';
import type { WebhookDelivery } from '../../lib/api/types';
import { type Column, DataTable } from '../data-table';
import { Notice } from '../notice';

const STATUS_CLASS = { pending: 'pending', succeeded: 'paid', failed: 'cancelled' } as const;

const columns = (retry: (id: string) => void, busy: boolean): Column<WebhookDelivery>[] => [
  {
    key: 'event',
    label: 'Event',
    cell: (d) => (
      <>
        <code>{d.event_type}</code> <small class="muted">{date(d.created_at)}</small>
      </>
    ),
  },
  { key: 'status', label: 'Status', cell: (d) => <span class={`status ${STATUS_CLASS[d.status ?? 'pending']}`}>{d.status}</span> },
  { key: 'attempts', label: 'Attempts', cell: (d) => d.attempts },
  {
    key: 'answer',
    label: 'Last answer',
    class: 'truncate',
    cell: (d) => (
      <span title={d.last_response_body ?? d.last_error ?? ''}>
        {d.last_status_code ?? '—'} {d.last_error && <small class="error">{d.last_error}</small>}
      </span>
    ),
  },
  { key: 'next', label: 'Next attempt', hideSm: true, cell: (d) => date(d.next_attempt_at) },
  {
    key: 'actions',
    label: <span class="sr-only">Actions</span>,
    class: 'row-actions',
    cell: (d) => (
      <button type="button" onClick={() => retry(d.id)} disabled={busy}>
        Retry
      </button>
    ),
  },
];

/** An endpoint's latest deliveries; refreshed every few seconds while any is still pending. */
export function WebhookDeliveries({ endpointId, tick }: { endpointId: string; tick: number }) {
  const deliveries = useAsync(() => api.webhooks.deliveries(endpointId, listQuery({ perPage: 50, order: 'created_at', dir: 'desc' })), [endpointId, tick]);
  const action = useForm();
  const rows = deliveries.data?.data ?? [];
  const pending = rows.some((d) => d.status === 'pending');
  useEffect(() => {
    if (!pending) return;
    const t = setTimeout(deliveries.reload, 2_000);
    return () => clearTimeout(t);
  }, [pending, deliveries.data]);

  const retry = (id: string) =>
    void action.submit(async () => {
      await api.webhooks.retry(id);
      deliveries.reload();
      return 'Retrying now.';
    });

  return (
    <>
      <div class="page-head">
        <h2>Deliveries</h2>
        <button type="button" onClick={deliveries.reload}>
          Refresh
        </button>
      </div>
      <Notice message={action.message} />
      {deliveries.error && <Notice message={{ kind: 'error', text: deliveries.error.message }} />}
      <DataTable
        columns={columns(retry, action.busy)}
        rows={deliveries.data?.data}
        rowKey={(d) => d.id}
        rowAttrs={(d) => ({ 'data-delivery-id': d.id })}
        loading={deliveries.loading}
        empty={{ title: 'No deliveries yet', body: 'Events that happen from now on are sent here. Try “Send test event”.' }}
      />
    </>
  );
}
