import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../../lib/api/endpoints';
import { date } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { useForm } from '../../lib/use-form';
import { EmptyState } from '../../components/empty-state';
import { EventPicker } from '../../components/event-picker';
import { TextField } from '../../components/field';
import { Notice } from '../../components/notice';
import { SecretOnce } from '../../components/secret-once';
import { WebhookDeliveries } from '../../components/webhook-deliveries';

/** One endpoint: edit it, rotate its secret, send a test event, delete it; its deliveries below. */
export function WebhookEndpointPage({ id }: { id: string }) {
  const { route } = useLocation();
  const endpoint = useAsync(() => api.webhooks.get(id), [id]);
  const [draft, setDraft] = useState({ url: '', description: '', events: [] as string[], enabled: true });
  const [secret, setSecret] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deliveriesTick, setDeliveriesTick] = useState(0);
  const form = useForm();
  const action = useForm();
  const e = endpoint.data;
  useEffect(() => {
    if (e) setDraft({ url: e.url, description: e.description ?? '', events: e.events, enabled: e.enabled });
  }, [e]);

  if (endpoint.error) return <EmptyState title="Endpoint not found">{endpoint.error.message} <a href="/developers">Back to Developers</a></EmptyState>;
  if (!e) return <p aria-busy="true">Loading…</p>;

  const save = (ev: Event) => {
    ev.preventDefault();
    void form.submit(async () => {
      await api.webhooks.update(id, { url: draft.url.trim(), description: draft.description.trim() || null, events: draft.events as ['*'], enabled: draft.enabled });
      endpoint.reload();
      return 'Saved.';
    });
  };
  const rotate = () =>
    void action.submit(async () => {
      const r = await api.webhooks.rotate(id, 86_400);
      setSecret(r.secret);
      endpoint.reload();
      return `Rotated. The old secret also signs until ${date(r.previous_secret_expires_at)}.`;
    });
  const test = () =>
    void action.submit(async () => {
      await api.webhooks.test(id);
      setDeliveriesTick((t) => t + 1);
      return 'Test event queued: watch its delivery below.';
    });
  const remove = () =>
    void action.submit(async () => {
      await api.webhooks.remove(id);
      route('/developers');
    });

  return (
    <section>
      <p>
        <a href="/developers">← Developers</a>
      </p>
      <div class="page-head">
        <h1 class="truncate">{e.url}</h1>
        <div class="actions">
          <button type="button" onClick={test} disabled={action.busy || !e.enabled}>
            Send test event
          </button>
          <button type="button" onClick={rotate} disabled={action.busy}>
            Rotate secret
          </button>
          {confirmDelete ? (
            <span class="confirm" role="alertdialog" aria-label="Confirm deletion">
              Delete this endpoint? Nothing more is sent to it.
              <button type="button" class="danger" onClick={remove}>
                Yes, delete
              </button>
              <button type="button" onClick={() => setConfirmDelete(false)}>
                Cancel
              </button>
            </span>
          ) : (
            <button type="button" class="danger" onClick={() => setConfirmDelete(true)}>
              Delete
            </button>
          )}
        </div>
      </div>
      {secret && <SecretOnce title="The new signing secret" secret={secret} label="Webhook signing secret" onDismiss={() => setSecret(null)} />}
      <Notice message={action.message} />
      {!e.enabled && <Notice message={{ kind: 'error', text: `Disabled: ${e.disabled_reason ?? 'by an admin'}. Tick “Enabled” and save to send again.` }} />}
      {e.enabled && e.failing_since && <Notice message={{ kind: 'error', text: `Every attempt has failed since ${date(e.failing_since)}; after 5 days the endpoint is disabled.` }} />}
      <form class="panel" onSubmit={save} noValidate aria-label="Edit endpoint">
        <div class="row">
          <TextField label="Endpoint URL" type="url" value={draft.url} onInput={(url) => setDraft((d) => ({ ...d, url }))} error={form.errors.url} />
          <TextField label="Description" value={draft.description} onInput={(description) => setDraft((d) => ({ ...d, description }))} error={form.errors.description} />
        </div>
        <EventPicker value={draft.events} onChange={(events) => setDraft((d) => ({ ...d, events }))} error={form.errors.events} />
        <label class="check">
          <input type="checkbox" checked={draft.enabled} onChange={(ev) => setDraft((d) => ({ ...d, enabled: ev.currentTarget.checked }))} /> Enabled
        </label>
        <div class="form-foot">
          <Notice message={form.message} />
          <button type="submit" class="primary" disabled={form.busy}>
            Save endpoint
          </button>
        </div>
      </form>
      <WebhookDeliveries endpointId={id} tick={deliveriesTick} />
    </section>
  );
}
