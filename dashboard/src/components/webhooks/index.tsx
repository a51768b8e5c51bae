import { useState } from 'preact/hooks';
import { api } from '../../lib/api/endpoints';
import { date } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { useForm } from '../../lib/use-form';
import type { WebhookEndpoint } from '../../lib/api/types';
import { type Column, DataTable } from '../data-table';
import { EventPicker } from '../event-picker';
import { TextField } from '../field';
import { Notice } from '../notice';
import { SecretOnce } from '../secret-once';

const health = (w: WebhookEndpoint) => (w.enabled ? (w.failing_since ? ['pending', 'failing'] : ['active', 'enabled']) : ['revoked', 'disabled']);

const COLUMNS: Column<WebhookEndpoint>[] = [
  {
    key: 'url',
    label: 'URL',
    class: 'truncate',
    cell: (w) => (
      <>
        <a href={`/developers/webhooks/${w.id}`}>{w.url}</a>
        {w.description && <small class="muted"> {w.description}</small>}
      </>
    ),
  },
  { key: 'events', label: 'Events', cell: (w) => (w.events.includes('*') ? 'all' : w.events.length) },
  { key: 'status', label: 'Status', cell: (w) => <span class={`status ${health(w)[0]}`}>{health(w)[1]}</span> },
  { key: 'created', label: 'Created', hideSm: true, cell: (w) => date(w.created_at) },
];

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
      <DataTable
        columns={COLUMNS}
        rows={endpoints.data?.data}
        rowKey={(w) => w.id}
        loading={endpoints.loading}
        empty={{ title: 'No webhook endpoints', body: "Add your server's URL above to hear about new referrals, rewards and vouchers as they happen." }}
      />
    </>
  );
}
