import { useState } from 'preact/hooks';
import { api } from '../../lib/api/endpoints';
import type { ApiKey } from '../../lib/api/types';
import { date } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { useForm } from '../../lib/use-form';
import { useSession } from '../../lib/use-session';
import { DataTable } from '../../components/data-table';
import { Field, TextField } from '../../components/field';
import { InboundHook } from '../../components/inbound-hook';
import { Notice } from '../../components/notice';
import { DEFAULT_SCOPES, type GrantableScope, ScopePicker } from '../../components/scope-picker';
import { SecretOnce } from '../../components/secret-once';
import { Webhooks } from '../../components/webhooks';
import { WidgetSettings } from '../../components/widget-settings';
import { keyColumns } from './key-columns';

type Role = 'standard' | 'admin' | 'publishable';

const GRACE = [
  [0, 'stop the old key now'],
  [3600, 'keep the old key 1 hour'],
  [86400, 'keep the old key 24 hours'],
  [604800, 'keep the old key 7 days'],
] as const;

export function Developers() {
  const { mode } = useSession();
  const keys = useAsync(() => api.keys.list(), []);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('standard');
  const [scopes, setScopes] = useState<GrantableScope[]>(DEFAULT_SCOPES);
  const [shown, setShown] = useState<{ title: string; key: string } | null>(null);
  const [grace, setGrace] = useState(86400);
  const [confirmRevoke, setConfirmRevoke] = useState<string | null>(null);
  const form = useForm();
  const action = useForm();

  const create = (e: Event) => {
    e.preventDefault();
    void form.submit(async () => {
      const k = await api.keys.create(role === 'standard' ? { name, role, scopes } : { name, role });
      setShown({ title: `New ${mode} key “${k.name}”`, key: k.key });
      setName('');
      keys.reload();
    });
  };
  const rotate = (k: ApiKey) =>
    void action.submit(async () => {
      const r = await api.keys.rotate(k.id, grace);
      setShown({ title: `Rotated “${k.name}”: the new key`, key: r.key });
      keys.reload();
      return r.previous.expires_at ? `The old key (${k.prefix}…) works until ${date(r.previous.expires_at)}.` : 'Rotated.';
    });
  const revoke = (k: ApiKey) =>
    void action.submit(async () => {
      await api.keys.revoke(k.id);
      setConfirmRevoke(null);
      keys.reload();
      return `Revoked ${k.prefix}…; it stopped working now.`;
    });

  return (
    <section>
      <h1>Developers</h1>
      <p>
        The dashboard uses the same API you do. Read the <a href="/docs">API reference</a> or fetch the <a href="/v1/openapi.json">OpenAPI document</a>.
      </p>
      <h2>API keys ({mode})</h2>
      {shown && <SecretOnce title={shown.title} secret={shown.key} onDismiss={() => setShown(null)} />}
      <form class="panel row" onSubmit={create} noValidate aria-label="New API key">
        <TextField label="Key name" name="key_name" value={name} onInput={setName} error={form.errors.name} placeholder="Checkout backend" />
        <Field label="Role" error={form.errors.role}>
          {(ids) => (
            <select {...ids} value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
              <option value="standard">Standard (server code)</option>
              <option value="admin">Admin (every scope; can manage keys and webhooks)</option>
              <option value="publishable">Publishable (the referral widget, in browsers)</option>
            </select>
          )}
        </Field>
        {role === 'standard' && <ScopePicker value={scopes} onChange={setScopes} error={form.errors.scopes ?? form.errors['scopes.0']} />}
        <div class="form-foot">
          <Notice message={form.message} />
          <button type="submit" class="primary" disabled={form.busy}>
            Create key
          </button>
        </div>
      </form>
      <div class="toolbar">
        <label>
          When rotating,{' '}
          <select value={grace} onChange={(e) => setGrace(Number(e.currentTarget.value))} aria-label="Grace period">
            {GRACE.map(([s, label]) => (
              <option key={s} value={s}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Notice message={action.message} />
      <DataTable
        columns={keyColumns({ confirmRevoke, setConfirmRevoke, rotate, revoke, busy: action.busy })}
        rows={keys.data?.data}
        rowKey={(k) => k.id}
        rowAttrs={(k) => ({ 'data-key-id': k.id })}
        loading={keys.loading}
        empty={{ title: 'No keys in this environment', body: 'Create one above for your backend.' }}
      />
      <Webhooks />
      <InboundHook />
      <WidgetSettings />
    </section>
  );
}
