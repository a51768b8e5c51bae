import { useState } from 'preact/hooks';
import { api } from '../../lib/api/endpoints';
import { useForm } from '../../lib/use-form';
import { TextField } from '../field';
import { Notice } from '../notice';

export function UserCreate({ onCreated }: { onCreated: () => void }) {
  const [v, setV] = useState({ external_id: '', email: '', name: '', referred_by: '' });
  const form = useForm();
  const set = (k: keyof typeof v) => (value: string) => setV((s) => ({ ...s, [k]: value }));
  const submit = (e: Event) => {
    e.preventDefault();
    void form.submit(async () => {
      const user = await api.users.create({
        external_id: v.external_id,
        email: v.email || undefined,
        name: v.name || undefined,
        referred_by: v.referred_by || undefined,
      });
      onCreated();
      setV({ external_id: '', email: '', name: '', referred_by: '' });
      return `Created ${user.name ?? user.external_id} with code ${user.referral_code}.`;
    });
  };
  return (
    <form class="panel grid-form" onSubmit={submit} noValidate aria-label="New user">
      <TextField label="External id" value={v.external_id} onInput={set('external_id')} error={form.errors.external_id} hint="Your id for this person." required />
      <TextField label="Email" type="email" value={v.email} onInput={set('email')} error={form.errors.email} />
      <TextField label="Name" value={v.name} onInput={set('name')} error={form.errors.name} />
      <TextField label="Referred by (code)" value={v.referred_by} onInput={set('referred_by')} error={form.errors.referred_by} />
      <div class="form-foot">
        <Notice message={form.message} />
        <button type="submit" class="primary" disabled={form.busy}>
          {form.busy ? 'Creating…' : 'Create user'}
        </button>
      </div>
    </form>
  );
}
