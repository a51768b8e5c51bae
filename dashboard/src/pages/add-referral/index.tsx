import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, listQuery } from '../../lib/api/endpoints';
import type { CreateReferral, Referral, User } from '../../lib/api/types';
import { toMinor } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { useDebounced } from '../../lib/use-debounced';
import { useForm } from '../../lib/use-form';
import { Field, TextField } from '../../components/field';
import { Notice } from '../../components/notice';
import { ReferralResult } from '../../components/referral-result';

type Lookup = { state: 'idle' | 'looking' | 'missing' } | { state: 'found'; user: Partial<User> };

export function AddReferral() {
  const { query } = useLocation();
  const [code, setCode] = useState(query.code ?? '');
  const [type, setType] = useState('sale');
  const [custom, setCustom] = useState('');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('USD');
  const [orderId, setOrderId] = useState(() => `manual-${Date.now().toString(36)}`);
  const [referee, setReferee] = useState({ external_id: '', email: '', name: '' });
  const [result, setResult] = useState<{ referral: Referral; repeat: boolean } | null>(null);
  const form = useForm();

  // Live lookup of the referrer a moment after the code is typed.
  const typed = code.trim().toUpperCase();
  const settled = useDebounced(typed);
  const found = useAsync(
    () => (settled.length < 3 ? Promise.resolve(null) : api.users.list(listQuery({ perPage: 1, filters: [['referral_code', 'equal', settled]] })).then((res) => res.data[0] ?? null)),
    [settled],
  );
  const lookup: Lookup =
    typed.length < 3 ? { state: 'idle' } : typed !== settled || found.loading ? { state: 'looking' } : found.data ? { state: 'found', user: found.data } : { state: 'missing' };

  const eventType = type === 'custom' ? custom : type;
  const submit = (e: Event) => {
    e.preventDefault();
    void form.submit(async () => {
      const body: CreateReferral = { type: eventType, code: code.trim() || undefined };
      if (type === 'sale' || type === 'refund') body.order_id = orderId.trim() || undefined;
      if (type === 'sale' || (type === 'custom' && amount)) {
        const minor = toMinor(amount, currency);
        if (minor === null && amount.trim()) throw new Error('Enter the amount as a number, e.g. 49.99.');
        if (minor !== null) body.amount = minor;
        body.currency = currency;
      }
      if (referee.external_id.trim()) {
        body.referee = { external_id: referee.external_id.trim(), email: referee.email.trim() || undefined, name: referee.name.trim() || undefined };
      }
      setResult(null);
      const before = Date.now();
      const referral = await api.referrals.create(body);
      setResult({ referral, repeat: new Date(referral.created_at).getTime() < before - 5000 });
    });
  };

  return (
    <section>
      <h1>Add a referral</h1>
      <p class="muted">Logs an event exactly as your backend would with POST /v1/referrals; the campaign's rules decide the rewards.</p>
      <form class="panel" onSubmit={submit} noValidate aria-label="Add referral">
        <TextField label="Referrer code" name="code" value={code} onInput={setCode} error={form.errors.code} placeholder="JANE-A1B2C3" />
        <p class="lookup" aria-live="polite">
          {lookup.state === 'looking' && 'Looking up…'}
          {lookup.state === 'missing' && <span class="error">No referrer with this code in this environment.</span>}
          {lookup.state === 'found' && (
            <span class="ok">
              Referrer: <a href={`/users/${lookup.user.id}`}>{lookup.user.name || lookup.user.external_id}</a> {lookup.user.email && `(${lookup.user.email})`}
            </span>
          )}
        </p>
        <Field label="Event type" error={form.errors.type}>
          {(ids) => (
            <select {...ids} name="type" value={type} onChange={(e) => setType(e.currentTarget.value)}>
              <option value="signup">Signup</option>
              <option value="sale">Sale</option>
              <option value="refund">Refund</option>
              <option value="custom">Custom…</option>
            </select>
          )}
        </Field>
        {type === 'custom' && <TextField label="Custom type" value={custom} onInput={setCustom} error={form.errors.type} placeholder="trial_started" />}
        {(type === 'sale' || type === 'custom') && (
          <div class="row">
            <TextField label="Amount" name="amount" value={amount} onInput={setAmount} error={form.errors.amount} placeholder="49.99" hint="In the currency's units; sent as minor units." />
            <TextField label="Currency" name="currency" value={currency} onInput={(v) => setCurrency(v.toUpperCase())} error={form.errors.currency} />
          </div>
        )}
        {(type === 'sale' || type === 'refund') && <TextField label="Order id" name="order_id" value={orderId} onInput={setOrderId} error={form.errors.order_id} hint="The same order never counts twice." />}
        <fieldset>
          <legend>Referee {type === 'signup' ? '(required for a signup)' : '(optional)'}</legend>
          <TextField label="Referee external id" name="referee_external_id" value={referee.external_id} onInput={(v) => setReferee((r) => ({ ...r, external_id: v }))} error={form.errors['referee.external_id'] ?? form.errors.referee} />
          <TextField label="Referee email" type="email" value={referee.email} onInput={(v) => setReferee((r) => ({ ...r, email: v }))} error={form.errors['referee.email']} />
          <TextField label="Referee name" value={referee.name} onInput={(v) => setReferee((r) => ({ ...r, name: v }))} error={form.errors['referee.name']} />
        </fieldset>
        <Notice message={form.message} />
        <button type="submit" class="primary" disabled={form.busy}>
          {form.busy ? 'Logging…' : 'Log referral'}
        </button>
      </form>
      {result && <ReferralResult referral={result.referral} repeat={result.repeat} />}
    </section>
  );
}
