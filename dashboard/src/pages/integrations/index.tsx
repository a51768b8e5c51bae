import { api } from '../../lib/api/endpoints';
import { useAsync } from '../../lib/use-async';
import { Notice } from '../../components/notice';
import { ProviderPanel } from './provider-panel';

/** Stripe and Shopify: connect, see what arrived and how it was matched, send a signed sample. */
export function Integrations() {
  const integrations = useAsync(() => api.integrations.list(), []);
  return (
    <section>
      <h1>Integrations</h1>
      <p class="muted">
        Sales, renewals, refunds and disputes straight from your billing system: paste the endpoint URL into Stripe or Shopify and its signing secret here. A
        referrer's code entered as a coupon at checkout attributes the sale, no click needed. See docs/integrations.md for the mapping.
      </p>
      {integrations.error && <Notice message={{ kind: 'error', text: integrations.error.message }} />}
      {integrations.data?.data.map((i) => (
        <ProviderPanel key={i.provider} integration={i} onChange={integrations.reload} />
      ))}
    </section>
  );
}
