import { useState } from 'preact/hooks';
import { DataTable } from '../../components/data-table';
import { Notice } from '../../components/notice';
import { api, listQuery } from '../../lib/api/endpoints';
import type { Owed, Payout } from '../../lib/api/types';
import { download } from '../../lib/download';
import { useAsync } from '../../lib/use-async';
import { useForm } from '../../lib/use-form';
import { usePage } from '../../lib/use-page';

const PER_PAGE = 25;
const FORMATS = [
  ['paypal', 'PayPal CSV'],
  ['wise', 'Wise CSV'],
  ['csv', 'CSV'],
  ['json', 'JSON'],
] as const;

const money = (minor: number, currency: string) => new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(minor / 10 ** (new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2));

/** Payouts: who is owed, a batch of it, the rails' files, and marking it paid (docs/payouts.md). */
export function Payouts() {
  const [minimum, setMinimum] = useState('');
  const [reference, setReference] = useState('');
  const [page, setPage] = usePage('payouts');
  const [owedPage, setOwedPage] = usePage('owed');
  const action = useForm();
  const owed = useAsync(() => api.payouts.owed(owedPage, PER_PAGE), [owedPage]);
  const batches = useAsync(() => api.payouts.list(listQuery({ page, perPage: PER_PAGE, order: 'created_at', dir: 'desc' })), [page]);
  const refresh = () => {
    owed.reload();
    batches.reload();
  };

  const create = () =>
    void action.submit(async () => {
      const min = Math.round(Number(minimum || '0') * 100);
      const batch = await api.payouts.create(min > 0 ? { minimum: min } : {});
      refresh();
      return `Batch ${batch.id}: ${batch.totals.map((t) => `${t.lines} line(s), ${money(t.amount, t.currency)}`).join('; ')}.`;
    });
  const save = (p: Payout, format: (typeof FORMATS)[number][0]) =>
    void action.submit(async () => {
      const text = await api.payouts.export(p.id, format);
      download(`${p.id}-${format}.${format === 'json' ? 'json' : 'csv'}`, text);
      return `Downloaded ${p.id} (${format}).`;
    });
  const settle = (p: Payout, outcome: 'paid' | 'failed') =>
    void action.submit(async () => {
      const done = outcome === 'paid' ? await api.payouts.paid(p.id, reference.trim() || undefined) : await api.payouts.failed(p.id);
      refresh();
      return `Batch ${done.id} is ${done.status}.`;
    });

  const owedRows = owed.data?.data;
  return (
    <section>
      <div class="page-head">
        <h1>Payouts</h1>
      </div>
      <h2>Owed</h2>
      <DataTable<Owed['data'][number]>
        label="Owed by user"
        columns={[
          { key: 'user', label: 'User', cell: (o) => <a href={`/users/${o.user_id}`}>{o.external_id ?? o.user_id}</a> },
          { key: 'email', label: 'Email', cell: (o) => o.email ?? '—', hideSm: true },
          { key: 'payable', label: 'Payable now', cell: (o) => money(o.payable, o.currency) },
          { key: 'carried', label: 'Owed back / carried', cell: (o) => (o.carried ? money(o.carried, o.currency) : '—') },
          { key: 'waiting', label: 'In review or a batch', cell: (o) => (o.waiting ? money(o.waiting, o.currency) : '—'), hideSm: true },
          { key: 'pending', label: 'Held', cell: (o) => (o.pending ? money(o.pending, o.currency) : '—'), hideSm: true },
        ]}
        rows={owedRows}
        rowKey={(o) => `${o.user_id}:${o.currency}`}
        rowAttrs={(o) => ({ 'data-owed-user': o.user_id })}
        loading={owed.loading}
        pages={{ meta: owed.data?.meta, page: owedPage, onPage: setOwedPage }}
        empty={{ title: 'Nobody is owed cash', body: 'Approved cash rewards appear here until they are paid.' }}
      />
      <div class="toolbar panel">
        <label>
          Minimum per line{' '}
          <input value={minimum} onInput={(e) => setMinimum(e.currentTarget.value)} inputMode="decimal" placeholder="0.00" aria-label="Minimum payout" size={8} />
        </label>
        <button type="button" class="primary" onClick={create} disabled={action.busy}>
          Create batch
        </button>
        <input value={reference} onInput={(e) => setReference(e.currentTarget.value)} placeholder="Rail reference (for Mark paid)" aria-label="Rail reference" />
      </div>
      <Notice message={action.message} />
      {batches.error && <Notice message={{ kind: 'error', text: batches.error.message }} />}
      <h2>Batches</h2>
      <DataTable<Payout>
        label="Payout batches"
        columns={[
          { key: 'id', label: 'Batch', cell: (p) => <code>{p.id}</code> },
          { key: 'created', label: 'Created', cell: (p) => new Date(p.created_at).toLocaleString(), hideSm: true },
          { key: 'totals', label: 'Total', cell: (p) => p.totals.map((t) => `${money(t.amount, t.currency)} (${t.lines})`).join(', ') },
          { key: 'status', label: 'Status', cell: (p) => p.status },
          {
            key: 'files',
            label: 'Download',
            cell: (p) =>
              FORMATS.map(([format, name]) => (
                <button key={format} type="button" class="link" onClick={() => save(p, format)} disabled={action.busy}>
                  {name}
                </button>
              )),
          },
          {
            key: 'actions',
            label: 'Settle',
            cell: (p) =>
              p.status === 'pending' || p.status === 'partially_settled' ? (
                <>
                  <button type="button" onClick={() => settle(p, 'paid')} disabled={action.busy}>
                    Mark paid
                  </button>
                  <button type="button" class="danger" onClick={() => settle(p, 'failed')} disabled={action.busy}>
                    Mark failed
                  </button>
                </>
              ) : (
                '—'
              ),
          },
        ]}
        rows={batches.data?.data}
        rowKey={(p) => p.id}
        rowAttrs={(p) => ({ 'data-payout-id': p.id })}
        loading={batches.loading}
        pages={{ meta: batches.data?.meta, page, onPage: setPage }}
        empty={{ title: 'No batches yet', body: 'Create one from what is owed above.' }}
      />
    </section>
  );
}
