import { useEffect } from 'preact/hooks';
import { api, listQuery } from '../../lib/api/endpoints';
import { date } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { useForm } from '../../lib/use-form';
import { EmptyState } from '../empty-state';
import { Notice } from '../notice';

const STATUS_CLASS = { pending: 'pending', succeeded: 'paid', failed: 'cancelled' } as const;

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
      {deliveries.data && rows.length === 0 && <EmptyState title="No deliveries yet">Events that happen from now on are sent here. Try “Send test event”.</EmptyState>}
      {rows.length > 0 && (
        <div class="table-wrap">
          <table aria-busy={deliveries.loading}>
            <thead>
              <tr>
                <th>Event</th>
                <th>Status</th>
                <th>Attempts</th>
                <th>Last answer</th>
                <th class="hide-sm">Next attempt</th>
                <th>
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id} data-delivery-id={d.id}>
                  <td>
                    <code>{d.event_type}</code> <small class="muted">{date(d.created_at)}</small>
                  </td>
                  <td>
                    <span class={`status ${STATUS_CLASS[d.status ?? 'pending']}`}>{d.status}</span>
                  </td>
                  <td>{d.attempts}</td>
                  <td class="truncate" title={d.last_response_body ?? d.last_error ?? ''}>
                    {d.last_status_code ?? '—'} {d.last_error && <small class="error">{d.last_error}</small>}
                  </td>
                  <td class="hide-sm">{date(d.next_attempt_at)}</td>
                  <td class="row-actions">
                    <button type="button" onClick={() => retry(d.id as string)} disabled={action.busy}>
                      Retry
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
