import { useState } from 'preact/hooks';
import { api } from '../../lib/api/endpoints';
import { date } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { useForm } from '../../lib/use-form';
import { EmptyState } from '../empty-state';
import { EventPicker } from '../event-picker';
import { TextField } from '../field';
import { Notice } from '../notice';
import { SecretOnce } from '../secret-once';

/** The environment's webhook endpoints, and a form to add one (its signing secret is shown once). */
export function Webhooks() {
  const endpoints = useAsync(() => api.webhooks.list(), []);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>(['*']);
  const [secret, setSecret] = useState<{ title: string; secret: string } | null>(null);
  const form = useForm();

  const create = (e: Event) => {
    e.preventDefault();
    void form.submit(async () => {
      const created = await api.webhooks.create({ url: url.trim(), description: description.trim() || undefined, events: events as ['*'] });
      setSecret({ title: `Signing secret of ${created.url}`, secret: created.secret });
      setUrl('');
      setDescription('');
      endpoints.reload();
    });
  };

  const list = endpoints.data?.data ?? [];
  return (
    <>
      <h2>Webhook endpoints</h2>
      <p class="muted">
        Referrio POSTs signed events (Standard Webhooks) to these URLs and retries failures for about three days. See every event in the <a href="/developers/events">event log</a>.
      </p>
      {secret && <SecretOnce title={secret.title} secret={secret.secret} label="Webhook signing secret" onDismiss={() => setSecret(null)} />}
      <form class="panel" onSubmit={create} noValidate aria-label="New webhook endpoint">
        <div class="row">
          <TextField label="Endpoint URL" type="url" value={url} onInput={setUrl} error={form.errors.url} placeholder="https://example.com/hooks/referrio" />
          <TextField label="Description" value={description} onInput={setDescription} error={form.errors.description} placeholder="Payouts service" />
        </div>
        <EventPicker value={events} onChange={setEvents} error={form.errors.events} />
        <div class="form-foot">
          <Notice message={form.message} />
          <button type="submit" class="primary" disabled={form.busy}>
            Add endpoint
          </button>
        </div>
      </form>
      {endpoints.error && <Notice message={{ kind: 'error', text: endpoints.error.message }} />}
      {endpoints.data && list.length === 0 && <EmptyState title="No webhook endpoints">Add your server's URL above to hear about new referrals, rewards and vouchers as they happen.</EmptyState>}
      {list.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>URL</th>
                <th>Events</th>
                <th>Status</th>
                <th class="hide-sm">Created</th>
              </tr>
            </thead>
            <tbody>
              {list.map((w) => (
                <tr key={w.id}>
                  <td class="truncate">
                    <a href={`/developers/webhooks/${w.id}`}>{w.url}</a>
                    {w.description && <small class="muted"> {w.description}</small>}
                  </td>
                  <td>{w.events.includes('*') ? 'all' : w.events.length}</td>
                  <td>
                    <span class={`status ${w.enabled ? (w.failing_since ? 'pending' : 'active') : 'revoked'}`}>{w.enabled ? (w.failing_since ? 'failing' : 'enabled') : 'disabled'}</span>
                  </td>
                  <td class="hide-sm">{date(w.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
