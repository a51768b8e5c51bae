import { useState } from 'preact/hooks';
import { api } from '../../lib/api/endpoints';
import { optNum } from '../../lib/field-errors';
import { toMinor } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { useForm } from '../../lib/use-form';
import { DataTable } from '../../components/data-table';
import { Field, TextField } from '../../components/field';
import { Notice } from '../../components/notice';
import { VoucherUpload } from '../../components/voucher-upload';
import { poolColumns } from './pool-columns';

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
      <DataTable
        columns={poolColumns(uploadTo, setUploadTo)}
        rows={pools.data?.data}
        rowKey={(p) => p.id}
        rowAttrs={(p) => ({ 'data-pool-id': p.id })}
        loading={pools.loading}
        empty={{
          title: 'No voucher pools yet',
          body: (
            <>
              Create a pool with <em>New pool</em>, upload its codes from a CSV, then give vouchers in a campaign rule or issue one on the <a href="/rewards">Rewards</a> page.
            </>
          ),
        }}
      />
      {target && <VoucherUpload key={target.id} pool={target} onDone={() => pools.reload()} />}
    </section>
  );
}
