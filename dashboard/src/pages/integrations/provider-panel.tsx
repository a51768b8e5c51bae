import { useState } from 'preact/hooks';
import { api, listQuery } from '../../lib/api/endpoints';
import type { BillingEvent, Integration } from '../../lib/api/types';
import { date } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { useForm } from '../../lib/use-form';
import { usePage } from '../../lib/use-page';
import { CopyButton } from '../../components/copy-button';
import { type Column, DataTable } from '../../components/data-table';
import { TextField } from '../../components/field';
import { Notice } from '../../components/notice';

const PER_PAGE = 20;
const NAMES = { stripe: 'Stripe', shopify: 'Shopify' } as const;
const SECRET_HINT = {
  stripe: "The endpoint's signing secret (whsec_…), from Developers → Webhooks in Stripe.",
  shopify: "Your app's client secret: Shopify signs webhooks with it.",
} as const;

const COLUMNS: Column<BillingEvent>[] = [
  { key: 'created', label: 'Received', cell: (e) => date(e.created_at) },
  { key: 'type', label: 'Event', cell: (e) => <code>{e.type}</code> },
  { key: 'outcome', label: 'Outcome', cell: (e) => <span class={`badge outcome-${e.outcome}`}>{e.outcome}</span> },
  {
    key: 'detail',
    label: 'Detail',
    cell: (e) => (
      <>
        {e.referral_url && (
          <a href={e.referral_url} target="_blank" rel="noreferrer" data-testid="referral-link">
            {e.referral_id}
          </a>
        )}{' '}
        {e.reason}
      </>
    ),
  },
  { key: 'order', label: 'Order', cell: (e) => (e.order_id ? <code>{e.order_id}</code> : '—') },
];

export function ProviderPanel({ integration, onChange }: { integration: Integration; onChange: () => void }) {
  const provider = integration.provider;
  const name = NAMES[provider];
  const [secret, setSecret] = useState('');
  const [page, setPage] = usePage(provider);
  const form = useForm();
  const events = useAsync(() => api.integrations.events(provider, listQuery({ page, perPage: PER_PAGE, order: 'created_at', dir: 'desc' })), [page, integration]);

  const connect = (e: Event) => {
    e.preventDefault();
    void form.submit(async () => {
      await api.integrations.connect(provider, secret);
      setSecret('');
      onChange();
      return `${name} connected: paste the endpoint URL into ${name}.`;
    });
  };
  const sample = () =>
    void form.submit(async () => {
      const r = await api.integrations.sample(provider);
      onChange();
      return `Sample sent: ${r.outcome}${r.reason ? ` (${r.reason})` : ''}.`;
    });

  const c = integration.counts;
  return (
    <section aria-labelledby={`${provider}-title`} class="panel" data-testid={`integration-${provider}`}>
      <h2 id={`${provider}-title`}>{name}</h2>
      {integration.connected && integration.url ? (
        <div>
          <p>
            Endpoint URL: <code data-testid={`${provider}-url`}>{integration.url}</code> <CopyButton text={integration.url} label="Copy URL" />
          </p>
          <p class="muted" data-testid={`${provider}-status`}>
            Last event: {integration.last_event_at ? date(integration.last_event_at) : 'none yet'} · {c.matched} matched · {c.unmatched} unmatched · {c.ignored} ignored
            · {c.waiting} waiting · {c.rejected} rejected
          </p>
          <button type="button" onClick={sample} disabled={form.busy}>
            Send sample
          </button>
        </div>
      ) : (
        <p class="muted">Not connected.</p>
      )}
      <form onSubmit={connect}>
        <TextField label={`${name} signing secret`} type="password" value={secret} onInput={setSecret} error={form.errors.secret} hint={SECRET_HINT[provider]} autoComplete="off" />
        <button type="submit" disabled={form.busy || !secret}>
          {integration.connected ? 'Replace secret (new URL)' : `Connect ${name}`}
        </button>
      </form>
      <Notice message={form.message} />
      {integration.connected && (
        <DataTable
          class="billing-events"
          columns={COLUMNS}
          rows={events.data?.data}
          rowKey={(e) => e.id}
          rowAttrs={(e) => ({ 'data-outcome': e.outcome })}
          loading={events.loading}
          pages={{ meta: events.data?.meta, page, onPage: setPage }}
          empty={{ title: 'No events yet', body: `Events appear here as ${name} sends them. Try "Send sample".` }}
        />
      )}
    </section>
  );
}
