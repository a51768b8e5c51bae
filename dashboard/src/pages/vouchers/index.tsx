import { useState } from 'preact/hooks';
import { api } from '../../lib/api/endpoints';
import { optNum } from '../../lib/field-errors';
import { money, num, toMinor } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { useForm } from '../../lib/use-form';
import { EmptyState } from '../../components/empty-state';
import { Field, TextField } from '../../components/field';
import { Notice } from '../../components/notice';
import { VoucherUpload } from '../../components/voucher-upload';

const EMPTY = { name: '', campaign_id: '', value: '', currency: '', low_stock_threshold: '' };

export function Vouchers() {
  const pools = useAsync(() => api.pools.list(), []);
  const campaigns = useAsync(() => api.campaigns.list(), []);
  const [creating, setCreating] = useState(false);
  const [v, setV] = useState(EMPTY);
  const [uploadTo, setUploadTo] = useState<string | null>(null);
  const form = useForm();
  const set = (k: keyof typeof EMPTY) => (value: string) => setV((s) => ({ ...s, [k]: value }));
  const list = pools.data?.data ?? [];
  const target = list.find((p) => p.id === uploadTo);

  const create = (e: Event) => {
    e.preventDefault();
    void form.submit(async () => {
      const currency = v.currency.trim().toUpperCase();
      const value = v.value.trim() ? toMinor(v.value, currency || 'USD') : undefined;
      if (value === null) throw new Error('Enter the face value as a number, e.g. 10.00.');
      const pool = await api.pools.create({
        name: v.name,
        campaign_id: v.campaign_id || undefined,
        currency: currency || undefined,
        value,
        low_stock_threshold: optNum(v.low_stock_threshold),
      });
      setV(EMPTY);
      setUploadTo(pool.id);
      pools.reload();
      return `Created ${pool.name}. Upload its codes below.`;
    });
  };

  return (
    <section>
      <div class="page-head">
        <h1>Vouchers</h1>
        <button type="button" class="primary" onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
          New pool
        </button>
      </div>
      <p class="muted">A voucher reward (from a rule, or issued on the Rewards page) takes the oldest available code of its pool. When a pool runs dry its rewards wait, and get codes on the next upload.</p>
      {creating && (
        <form class="panel grid-form" onSubmit={create} noValidate aria-label="New voucher pool">
          <TextField label="Pool name" value={v.name} onInput={set('name')} error={form.errors.name} placeholder="10% off, first order" required />
          <Field label="Campaign" error={form.errors.campaign_id}>
            {(ids) => (
              <select {...ids} value={v.campaign_id} onChange={(e) => set('campaign_id')(e.currentTarget.value)}>
                <option value="">Any campaign</option>
                {campaigns.data?.data.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <TextField label="Face value" value={v.value} onInput={set('value')} error={form.errors.value} hint="Optional, for your records." />
          <TextField label="Currency" value={v.currency} onInput={set('currency')} error={form.errors.currency} placeholder="USD" />
          <TextField label="Low stock below" type="number" value={v.low_stock_threshold} onInput={set('low_stock_threshold')} error={form.errors.low_stock_threshold} hint="Available codes (default 10)." />
          <div class="form-foot">
            <Notice message={form.message} />
            <button type="submit" class="primary" disabled={form.busy}>
              {form.busy ? 'Creating…' : 'Create pool'}
            </button>
          </div>
        </form>
      )}
      {!creating && <Notice message={form.message} />}
      {pools.error && <Notice message={{ kind: 'error', text: pools.error.message }} />}
      {pools.data && list.length === 0 && (
        <EmptyState title="No voucher pools yet">
          Create a pool with <em>New pool</em>, upload its codes from a CSV, then give vouchers in a campaign rule or issue one on the <a href="/rewards">Rewards</a> page.
        </EmptyState>
      )}
      {list.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Pool</th>
                <th>Available</th>
                <th class="hide-sm">Assigned</th>
                <th class="hide-sm">Redeemed</th>
                <th>Waiting rewards</th>
                <th class="hide-sm">Low stock under</th>
                <th class="hide-sm">Value</th>
                <th>
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.id} data-pool-id={p.id}>
                  <td>
                    {p.name} <small class="muted hide-sm">{p.id}</small>
                  </td>
                  <td>
                    {num(p.stock?.available ?? 0)} {p.low_stock && <span class="status pending" title={`Fewer than ${p.low_stock_threshold} available`}>low stock</span>}
                  </td>
                  <td class="hide-sm">{num(p.stock?.assigned ?? 0)}</td>
                  <td class="hide-sm">{num(p.stock?.redeemed ?? 0)}</td>
                  <td>{p.stock?.waiting_rewards ? <a href="/rewards?status=pending">{num(p.stock.waiting_rewards)}</a> : 0}</td>
                  <td class="hide-sm">{num(p.low_stock_threshold ?? 0)}</td>
                  <td class="hide-sm">{p.value == null ? '—' : money(p.value, p.currency)}</td>
                  <td class="row-actions">
                    <button type="button" onClick={() => setUploadTo(uploadTo === p.id ? null : (p.id as string))} aria-expanded={uploadTo === p.id}>
                      Upload codes
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {target && <VoucherUpload key={target.id} pool={target} onDone={() => pools.reload()} />}
    </section>
  );
}
