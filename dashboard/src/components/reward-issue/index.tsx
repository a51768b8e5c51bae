import { useState } from 'preact/hooks';
import { api } from '../../lib/api/endpoints';
import type { CreateReward } from '../../lib/api/types';
import { rewardValue } from '../../lib/reward-value';
import { toMinor } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { useForm } from '../../lib/use-form';
import { Field, TextField } from '../field';
import { Notice } from '../notice';

type Kind = CreateReward['type'];
const EMPTY = { user_id: '', recipient: 'referrer' as const, type: 'cash' as Kind, amount: '', currency: 'USD', points: '', pool_id: '', note: '', status: 'approved' as const };

/** Issue a reward by hand: cash, credit, points, or a voucher drawn from a pool. */
export function RewardIssue({ userId = '', onIssued }: { userId?: string; onIssued: () => void }) {
  const [v, setV] = useState<{ [K in keyof typeof EMPTY]: string }>({ ...EMPTY, user_id: userId });
  const pools = useAsync(() => api.pools.list(), []);
  const form = useForm();
  const set = (k: keyof typeof EMPTY) => (value: string) => setV((s) => ({ ...s, [k]: value }));
  const money = v.type === 'cash' || v.type === 'credit';

  const submit = (e: Event) => {
    e.preventDefault();
    void form.submit(async () => {
      const minor = money ? toMinor(v.amount, v.currency) : null;
      if (money && minor === null) throw new Error('Enter the amount as a number, e.g. 5.00.');
      const reward = await api.rewards.create({
        user_id: v.user_id.trim(),
        recipient: v.recipient as CreateReward['recipient'],
        type: v.type as Kind,
        status: v.status as CreateReward['status'],
        note: v.note.trim() || undefined,
        ...(money ? { amount: minor ?? undefined, currency: v.currency.trim().toUpperCase() } : {}),
        ...(v.type === 'points' ? { points: v.points.trim() === '' ? undefined : Number(v.points) } : {}),
        ...(v.type === 'voucher' ? { pool_id: v.pool_id || undefined } : {}),
      });
      onIssued();
      setV((s) => ({ ...s, amount: '', points: '', note: '' }));
      const waiting = reward.type === 'voucher' && !reward.voucher_code ? ' The pool is empty: it gets a code when you upload more.' : '';
      return `Issued ${rewardValue(reward)} (${reward.status}).${waiting}`;
    });
  };

  return (
    <form class="panel grid-form" onSubmit={submit} noValidate aria-label="Issue a reward">
      <TextField label="User" value={v.user_id} onInput={set('user_id')} error={form.errors.user_id} hint="usr_… id or your external id." required />
      <Field label="Rewarded as" error={form.errors.recipient}>
        {(ids) => (
          <select {...ids} value={v.recipient} onChange={(e) => set('recipient')(e.currentTarget.value)}>
            <option value="referrer">Referrer</option>
            <option value="referee">Referee</option>
          </select>
        )}
      </Field>
      <Field label="Reward type" error={form.errors.type}>
        {(ids) => (
          <select {...ids} value={v.type} onChange={(e) => set('type')(e.currentTarget.value)}>
            <option value="cash">Cash</option>
            <option value="credit">Store credit</option>
            <option value="points">Points</option>
            <option value="voucher">Voucher from a pool</option>
          </select>
        )}
      </Field>
      {money && <TextField label="Amount" value={v.amount} onInput={set('amount')} error={form.errors.amount} placeholder="5.00" />}
      {money && <TextField label="Currency" value={v.currency} onInput={set('currency')} error={form.errors.currency} />}
      {v.type === 'points' && <TextField label="Points" type="number" value={v.points} onInput={set('points')} error={form.errors.points} />}
      {v.type === 'voucher' && (
        <Field label="Voucher pool" error={form.errors.pool_id} hint={pools.data?.data.length === 0 ? 'No pools yet: create one on the Vouchers page.' : undefined}>
          {(ids) => (
            <select {...ids} value={v.pool_id} onChange={(e) => set('pool_id')(e.currentTarget.value)}>
              <option value="">Choose a pool…</option>
              {pools.data?.data.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.stock?.available ?? 0} available)
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field label="Status" error={form.errors.status}>
        {(ids) => (
          <select {...ids} value={v.status} onChange={(e) => set('status')(e.currentTarget.value)}>
            <option value="approved">Approved (payable now)</option>
            <option value="pending">Pending (needs approval)</option>
          </select>
        )}
      </Field>
      <TextField label="Note" value={v.note} onInput={set('note')} error={form.errors.note} placeholder="Goodwill for a late delivery" />
      <div class="form-foot">
        <Notice message={form.message} />
        <button type="submit" class="primary" disabled={form.busy}>
          {form.busy ? 'Issuing…' : 'Issue reward'}
        </button>
      </div>
    </form>
  );
}
